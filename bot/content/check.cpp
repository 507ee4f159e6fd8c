// Checks a bundle through the same loaders and validator as `zaedno validate`, in a private
// temporary folder, and names each problem's flow, node and field for the editors.
#include "bot/content/check.hpp"

#include "bot/content/contacts_file.hpp"
#include "bot/content/json_lines.hpp"
#include "bot/content/locale_keys.hpp"
#include "bot/engine/loader.hpp"
#include "bot/engine/validator.hpp"
#include "bot/i18n/catalog.hpp"
#include "integrations/crypto.hpp"

namespace zaedno::content {

namespace {

/// "/a~1b/c" → {"a/b", "c"}.
std::vector<std::string> pointer_parts(const std::string& pointer) {
    std::vector<std::string> parts;
    std::size_t pos = 0;
    while (pos < pointer.size() && pointer[pos] == '/') {
        auto next = pointer.find('/', pos + 1);
        auto raw = pointer.substr(pos + 1, next == std::string::npos ? next : next - pos - 1);
        std::string part;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] == '~' && i + 1 < raw.size()) {
                part += raw[i + 1] == '1' ? '/' : '~';
                ++i;
            } else {
                part += raw[i];
            }
        }
        parts.push_back(std::move(part));
        if (next == std::string::npos) {
            break;
        }
        pos = next;
    }
    return parts;
}

std::string join(const std::vector<std::string>& parts, std::size_t from, char separator) {
    std::string out;
    for (std::size_t i = from; i < parts.size(); ++i) {
        if (!out.empty()) {
            out += separator;
        }
        out += parts[i];
    }
    return out;
}

/// The loaders name files by their full temporary path or by their bare name; editors see
/// the export path.
std::string export_path(const std::string& file, const materialized& folder) {
    auto root = folder.root().string() + "/";
    if (file.starts_with(root)) {
        return file.substr(root.size());
    }
    if (file.find('/') == std::string::npos && !file.empty()) {
        return "dialogs/" + file;
    }
    return file;
}

located_problem locate(engine::problem p, const materialized& folder, const bundle& files) {
    located_problem out;
    out.file = export_path(p.file, folder);
    out.path = std::move(p.path);
    out.message = std::move(p.message);
    out.level = p.level;
    auto parts = pointer_parts(out.path);
    if (out.file.starts_with("locales/")) {
        out.key = join(parts, 0, '.');
        return out;
    }
    if (!out.file.starts_with("dialogs/") || out.file.starts_with("dialogs/data/") ||
        out.file == "dialogs/script.json") {
        out.field = join(parts, 0, '/');
        return out;
    }
    auto stem = out.file.substr(8, out.file.size() - 8 - 5);
    out.flow = stem;
    if (auto it = files.find(out.file); it != files.end()) {
        auto doc = nlohmann::json::parse(it->second, nullptr, false);
        if (doc.is_object() && doc.contains("flow") && doc["flow"].is_string()) {
            out.flow = doc["flow"].get<std::string>();
        }
    }
    if (parts.size() >= 2 && parts[0] == "nodes") {
        out.node = parts[1];
        out.field = join(parts, 2, '/');
    } else {
        out.field = join(parts, 0, '/');
    }
    return out;
}

void check_data_files(const bundle& files, std::vector<located_problem>& out) {
    for (const auto& [path, body] : files) {
        if (!path.starts_with("dialogs/data/")) {
            continue;
        }
        auto doc = nlohmann::ordered_json::parse(body, nullptr, false);
        if (doc.is_discarded() || !doc.is_object()) {
            located_problem p;
            p.file = path;
            p.message = "must be a JSON object";
            out.push_back(std::move(p));
        } else if (path == contacts_path) {
            // Whatever way the directory was saved (its page, the raw editor, a whole draft),
            // a crisis number that cannot be dialled must not be published.
            auto problems = check_contacts(doc);
            out.insert(out.end(), problems.begin(), problems.end());
        }
    }
}

void add_lines(const bundle& files, std::vector<located_problem>& problems) {
    for (auto& p : problems) {
        if (auto it = files.find(p.file); it != files.end()) {
            p.line = problem_line(it->second, p.path);
        }
    }
}

}  // namespace

bool check_result::valid() const {
    for (const auto& p : problems) {
        if (p.level == engine::severity::error) {
            return false;
        }
    }
    return true;
}

check_result check_bundle(const bundle& files, const content_settings& settings) {
    check_result result;
    result.notice_version = notice_version_of(files);
    materialized folder(files);
    std::vector<i18n::load_problem> locale_problems;
    auto catalog = i18n::catalog::load(
        folder.locales(), settings.default_language, settings.time_zone, locale_problems
    );
    for (auto& p : locale_problems) {
        result.problems.push_back(locate(
            {std::move(p.file), std::move(p.path), std::move(p.message), engine::severity::error},
            folder,
            files
        ));
    }
    check_data_files(files, result.problems);
    auto loaded = engine::load_script(folder.dialogs());
    for (auto& p : loaded.problems) {
        result.problems.push_back(locate(std::move(p), folder, files));
    }
    if (!engine::has_errors(loaded.problems)) {
        // (references into a half-read script would only repeat the same errors)
        for (auto& p : engine::validate_script(loaded.loaded, catalog, folder.locales())) {
            result.problems.push_back(locate(std::move(p), folder, files));
        }
    }
    add_lines(files, result.problems);
    return result;
}

std::string to_line(const located_problem& p) {
    return engine::to_string({p.file, p.path, p.message, p.level});
}

nlohmann::json to_json(const located_problem& p) {
    nlohmann::json j{
        {"file", p.file},
        {"path", p.path},
        {"message", p.message},
        {"severity", p.level == engine::severity::error ? "error" : "warning"}};
    if (p.line) {
        j["line"] = *p.line;
    }
    if (!p.flow.empty()) {
        j["flow"] = p.flow;
        j["node"] = p.node.empty() ? nlohmann::json() : nlohmann::json(p.node);
        j["field"] = p.field;
    } else if (!p.key.empty()) {
        j["key"] = p.key;
    } else {
        j["field"] = p.field;
    }
    return j;
}

std::string notice_version_of(const bundle& files) {
    std::string material;
    for (const auto& [path, body] : files) {
        if (!path.starts_with("locales/")) {
            continue;
        }
        for (const auto& [key, text] : flatten_locale(body)) {
            if (key.starts_with("privacy.")) {
                material += path + '\n' + key + '\n' + text + '\n';
            }
        }
    }
    if (material.empty()) {
        return {};
    }
    return channels::to_hex(channels::sha256(material)).substr(0, 16);
}

std::shared_ptr<const conversation::dialog_runtime> build_runtime(
    const bundle& files, const content_settings& settings, std::vector<std::string>& problems
) {
    materialized folder(files);
    auto runtime = conversation::dialog_runtime::load(
        folder.dialogs(), folder.locales(), settings.default_language, settings.time_zone, problems
    );
    auto root = folder.root().string() + "/";
    for (auto& line : problems) {
        if (line.starts_with(root)) {
            line.erase(0, root.size());
        }
    }
    return runtime;
}

}  // namespace zaedno::content
