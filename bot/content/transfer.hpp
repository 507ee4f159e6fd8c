// Moving content between folders and the database: the first-start seed, and the
// `zaedno dialogs export DIR` / `zaedno dialogs import DIR` commands.
#pragma once

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "bot/content/check.hpp"
#include "bot/content/content_repository.hpp"
#include "bot/storage/database.hpp"

namespace zaedno::content {

struct published_content {
    version_info version;
    std::shared_ptr<const conversation::dialog_runtime> runtime;
};

/// The published version and its runtime. On first start (no version yet) the folders seed
/// version 1 as they are, problems and all, the way the server always started from them;
/// their problems, and the runtime's, go to `problems`.
published_content load_published(
    storage::database& db,
    const std::filesystem::path& dialogs,
    const std::filesystem::path& locales,
    const content_settings& settings,
    std::vector<std::string>& problems
);

/// For import: DIR holding dialogs/ and locales/ (an export), or DIR being a dialogs folder
/// with its locales in DIR/locales or beside it.
std::pair<std::filesystem::path, std::filesystem::path> folders_of(const std::filesystem::path& dir
);

/// Writes the published version (seeding it first if the database has none) to
/// DIR/dialogs and DIR/locales; returns the exit code, reporting on out.
int export_content(
    storage::database& db,
    const std::filesystem::path& dir,
    const std::filesystem::path& seed_dialogs,
    const std::filesystem::path& seed_locales,
    std::ostream& out
);

/// Validates the folder's content; with no errors publishes it as a new version, otherwise
/// prints `file: json-path: message` lines and returns 1 without storing anything.
int import_content(
    storage::database& db,
    const std::filesystem::path& dir,
    const content_settings& settings,
    std::ostream& out,
    std::int64_t now
);

}  // namespace zaedno::content
