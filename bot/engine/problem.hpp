// A problem found in a script or locale: where (file + JSON pointer) and what, printed by validate.
#pragma once

#include <string>
#include <vector>

namespace zaedno::engine {

enum class severity { error, warning };

struct problem {
    std::string file;
    std::string path;  // JSON pointer inside the file, "" for the whole file
    std::string message;
    severity level = severity::error;
};

/// "file: path: message" (path omitted when empty), with "warning: " before warnings' messages.
std::string to_string(const problem& p);

bool has_errors(const std::vector<problem>& problems);

/// Escapes one JSON pointer segment (~ → ~0, / → ~1).
std::string pointer_segment(const std::string& segment);

}  // namespace zaedno::engine
