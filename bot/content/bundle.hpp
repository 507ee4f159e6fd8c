// One version of the editable content (every dialog file and locale file) as text by path,
// and its round trip to folders on disk.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bot/engine/problem.hpp"

namespace zaedno::content {

/// Files by their export path: dialogs/<name>.json, dialogs/data/<name>.json,
/// locales/<lang>.json. Bodies are the files' text exactly as saved.
using bundle = std::map<std::string, std::string>;

/// True for the three path shapes above with names of a-z, 0-9, _ and - only, so a path
/// from a request can never leave the folder it is written to.
bool is_content_path(std::string_view path);

/// "dialogs/<name>.json" for a flow file name without extension, "" when the name is unfit.
std::string dialog_path(std::string_view name);
/// "locales/<lang>.json", "" when the language code is unfit.
std::string locale_path(std::string_view language);

/// Reads every .json file of a dialogs folder (and its data/ folder) and of a locales folder.
/// Unreadable or misnamed files become problems naming them; the rest is read.
bundle read_folders(
    const std::filesystem::path& dialogs,
    const std::filesystem::path& locales,
    std::vector<engine::problem>& problems
);

/// Writes the bundle under root/dialogs and root/locales (creating them). Throws
/// std::runtime_error when a file cannot be written.
void write_folders(const bundle& files, const std::filesystem::path& root);

/// The bundle written to a fresh private temporary folder, removed again on destruction:
/// the loaders read folders, so checking or loading a version goes through one.
class materialized {
public:
    explicit materialized(const bundle& files);
    ~materialized();
    materialized(const materialized&) = delete;
    materialized& operator=(const materialized&) = delete;

    const std::filesystem::path& root() const { return root_; }

    std::filesystem::path dialogs() const { return root_ / "dialogs"; }

    std::filesystem::path locales() const { return root_ / "locales"; }

private:
    std::filesystem::path root_;
};

}  // namespace zaedno::content
