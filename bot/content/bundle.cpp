// Content paths, folder reading and writing, and private temporary copies for the loaders.
#include "bot/content/bundle.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace zaedno::content {

namespace {

bool is_plain_name(std::string_view name) {
    if (name.empty() || name.size() > 64) {
        return false;
    }
    for (char c : name) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!ok) {
            return false;
        }
    }
    return true;
}

/// "prefix<name>.json" with a plain name; returns the name or "" when the path is not so.
std::string_view name_in(std::string_view path, std::string_view prefix) {
    constexpr std::string_view suffix = ".json";
    if (!path.starts_with(prefix) || !path.ends_with(suffix) ||
        path.size() <= prefix.size() + suffix.size()) {
        return {};
    }
    auto name = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
    return is_plain_name(name) ? name : std::string_view{};
}

std::string read_text(const std::filesystem::path& file, bool& ok) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    ok = static_cast<bool>(in) || in.eof();
    return buffer.str();
}

void read_json_files(
    const std::filesystem::path& dir,
    const std::string& prefix,
    bundle& out,
    std::vector<engine::problem>& problems
) {
    std::error_code ec;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code kind;
        if (!it->is_regular_file(kind) || it->path().extension() != ".json") {
            continue;
        }
        auto path = prefix + it->path().filename().string();
        if (!is_content_path(path)) {
            problems.push_back(
                {path, "", "file names may hold only a-z, 0-9, _ and - before .json; skipped"}
            );
            continue;
        }
        bool ok = false;
        auto text = read_text(it->path(), ok);
        if (!ok) {
            problems.push_back({path, "", "cannot be read"});
            continue;
        }
        out[path] = std::move(text);
    }
    if (ec) {
        problems.push_back({prefix, "", "cannot list " + dir.string() + ": " + ec.message()});
    }
}

}  // namespace

bool is_content_path(std::string_view path) {
    return !name_in(path, "dialogs/data/").empty() || !name_in(path, "dialogs/").empty() ||
           !name_in(path, "locales/").empty();
}

std::string dialog_path(std::string_view name) {
    return is_plain_name(name) ? "dialogs/" + std::string(name) + ".json" : std::string();
}

std::string locale_path(std::string_view language) {
    return is_plain_name(language) ? "locales/" + std::string(language) + ".json" : std::string();
}

bundle read_folders(
    const std::filesystem::path& dialogs,
    const std::filesystem::path& locales,
    std::vector<engine::problem>& problems
) {
    bundle out;
    std::error_code ec;
    if (!std::filesystem::is_directory(dialogs, ec)) {
        problems.push_back({dialogs.string(), "", "is not a folder of dialog scripts"});
    } else {
        read_json_files(dialogs, "dialogs/", out, problems);
        if (std::filesystem::is_directory(dialogs / "data", ec)) {
            read_json_files(dialogs / "data", "dialogs/data/", out, problems);
        }
    }
    if (!std::filesystem::is_directory(locales, ec)) {
        problems.push_back({locales.string(), "", "is not a folder of translations"});
    } else {
        read_json_files(locales, "locales/", out, problems);
    }
    return out;
}

void write_folders(const bundle& files, const std::filesystem::path& root) {
    for (const auto& [path, body] : files) {
        if (!is_content_path(path)) {
            throw std::runtime_error("refusing to write unexpected content path " + path);
        }
        auto target = root / path;
        std::filesystem::create_directories(target.parent_path());
        std::ofstream out(target, std::ios::binary | std::ios::trunc);
        out << body;
        out.close();
        if (!out) {
            throw std::runtime_error("cannot write " + target.string());
        }
    }
    std::filesystem::create_directories(root / "dialogs");
    std::filesystem::create_directories(root / "locales");
}

materialized::materialized(const bundle& files) {
    auto pattern = (std::filesystem::temp_directory_path() / "zaedno-content-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("cannot create a temporary folder for content");
    }
    root_ = pattern;
    try {
        write_folders(files, root_);
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove_all(root_, ignored);
        throw;
    }
}

materialized::~materialized() {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
}

}  // namespace zaedno::content
