// Structural comparison of two versions for the review before publishing.
#include "bot/content/diff.hpp"

#include <set>

#include "bot/content/locale_keys.hpp"

namespace zaedno::content {

namespace {

// Key order is layout, not meaning: plain json compares objects regardless of it.
using ordered = nlohmann::json;

const char* status_of(bool in_old, bool in_new) {
    return !in_old ? "added" : (!in_new ? "removed" : "changed");
}

ordered parse_object(const std::string* body) {
    if (body == nullptr) {
        return ordered::object();
    }
    auto doc = ordered::parse(*body, nullptr, false);
    return doc.is_object() ? doc : ordered();
}

std::string flow_name(const std::string& file, const ordered& a, const ordered& b) {
    for (const auto* doc : {&b, &a}) {
        if (doc->is_object() && doc->contains("flow") && (*doc)["flow"].is_string()) {
            return (*doc)["flow"].get<std::string>();
        }
    }
    return file.substr(8, file.size() - 8 - 5);
}

nlohmann::json diff_flow(
    const std::string& file, const std::string* old_body, const std::string* new_body
) {
    auto a = parse_object(old_body);
    auto b = parse_object(new_body);
    nlohmann::json entry{
        {"file", file},
        {"flow", flow_name(file, a, b)},
        {"status", status_of(old_body != nullptr, new_body != nullptr)},
        {"nodes", nlohmann::json::array()},
        {"fields", nlohmann::json::array()}};
    if (a.is_null() || b.is_null()) {
        entry["fields"].push_back("");  // one side does not parse: the whole file differs
        return entry;
    }
    const auto empty = ordered::object();
    const auto& old_nodes = a.contains("nodes") && a["nodes"].is_object() ? a["nodes"] : empty;
    const auto& new_nodes = b.contains("nodes") && b["nodes"].is_object() ? b["nodes"] : empty;
    std::vector<std::string> ids;
    for (const auto& [id, node] : old_nodes.items()) {
        ids.push_back(id);
    }
    for (const auto& [id, node] : new_nodes.items()) {
        if (!old_nodes.contains(id)) {
            ids.push_back(id);
        }
    }
    for (const auto& id : ids) {
        bool in_old = old_nodes.contains(id);
        bool in_new = new_nodes.contains(id);
        if (in_old && in_new && old_nodes[id] == new_nodes[id]) {
            continue;
        }
        entry["nodes"].push_back({{"node", id}, {"status", status_of(in_old, in_new)}});
    }
    std::set<std::string> fields;
    for (const auto* doc : {&a, &b}) {
        for (const auto& [key, value] : doc->items()) {
            if (key != "nodes") {
                fields.insert(key);
            }
        }
    }
    for (const auto& key : fields) {
        if (a.value(key, ordered()) != b.value(key, ordered())) {
            entry["fields"].push_back(key);
        }
    }
    return entry;
}

nlohmann::json diff_locale(
    const std::string& file, const std::string* old_body, const std::string* new_body
) {
    auto a = old_body ? flatten_locale(*old_body) : std::map<std::string, std::string>{};
    auto b = new_body ? flatten_locale(*new_body) : std::map<std::string, std::string>{};
    nlohmann::json entry{
        {"file", file},
        {"language", file.substr(8, file.size() - 8 - 5)},
        {"status", status_of(old_body != nullptr, new_body != nullptr)},
        {"keys", nlohmann::json::array()}};
    std::set<std::string> keys;
    for (const auto& [k, v] : a) {
        keys.insert(k);
    }
    for (const auto& [k, v] : b) {
        keys.insert(k);
    }
    for (const auto& key : keys) {
        auto old_it = a.find(key);
        auto new_it = b.find(key);
        bool in_old = old_it != a.end();
        bool in_new = new_it != b.end();
        if (in_old && in_new && old_it->second == new_it->second) {
            continue;
        }
        entry["keys"].push_back(
            {{"key", key},
             {"status", status_of(in_old, in_new)},
             {"published", in_old ? nlohmann::json(old_it->second) : nlohmann::json()},
             {"draft", in_new ? nlohmann::json(new_it->second) : nlohmann::json()}}
        );
    }
    if (entry["keys"].empty() && old_body && new_body && *old_body != *new_body) {
        entry["keys"].push_back({{"key", ""}, {"status", "changed"}});  // layout or _meta only
    }
    return entry;
}

}  // namespace

nlohmann::json diff_bundles(const bundle& published, const bundle& draft) {
    nlohmann::json out{
        {"flows", nlohmann::json::array()},
        {"locales", nlohmann::json::array()},
        {"files", nlohmann::json::array()}};
    std::set<std::string> paths;
    for (const auto& [path, body] : published) {
        paths.insert(path);
    }
    for (const auto& [path, body] : draft) {
        paths.insert(path);
    }
    for (const auto& path : paths) {
        auto old_it = published.find(path);
        auto new_it = draft.find(path);
        const std::string* old_body = old_it == published.end() ? nullptr : &old_it->second;
        const std::string* new_body = new_it == draft.end() ? nullptr : &new_it->second;
        if (old_body && new_body && *old_body == *new_body) {
            continue;
        }
        if (path.starts_with("locales/")) {
            out["locales"].push_back(diff_locale(path, old_body, new_body));
        } else if (path.starts_with("dialogs/data/") || path == "dialogs/script.json") {
            out["files"].push_back({{"file", path}, {"status", status_of(old_body, new_body)}});
        } else {
            auto entry = diff_flow(path, old_body, new_body);
            if (entry["status"] != "changed" || !entry["nodes"].empty() ||
                !entry["fields"].empty()) {
                out["flows"].push_back(std::move(entry));
            }
        }
    }
    return out;
}

}  // namespace zaedno::content
