// `zaedno validate [DIR…]`: checks dialog folders and their locales, prints file: path: message.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

namespace zaedno::app {

struct validate_options {
    /// Dialog folders; empty means "dialogs". Each folder's locales are --locales when given,
    /// else <dir>/locales when it exists, else <dir>/../locales.
    std::vector<std::filesystem::path> dirs;
    std::filesystem::path locales;
    std::string default_language = "en";
    std::string time_zone = "Europe/Sofia";
};

/// Prints every problem as "file: json-path: message" and a summary; 1 on errors, else 0.
int run_validate(const validate_options& options, std::ostream& out);

int run_validate(const std::vector<std::filesystem::path>& dirs, std::ostream& out);

}  // namespace zaedno::app
