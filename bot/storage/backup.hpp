// Consistent copy of a live database through SQLite's online backup API.
#pragma once

#include <filesystem>

namespace zaedno::storage {

/// Copies source into destination as one consistent snapshot while other connections keep
/// writing. The copy is written beside destination and renamed into place, so a crash never
/// leaves a half-written backup under the final name. Throws storage_error.
void backup_database(const std::filesystem::path& source, const std::filesystem::path& destination);

}  // namespace zaedno::storage
