// Flattening locale JSON into dotted keys for hashing and diffs.
#include "bot/content/locale_keys.hpp"

#include <nlohmann/json.hpp>

namespace zaedno::content {

namespace {

void flatten_into(
    const nlohmann::json& value, const std::string& prefix, std::map<std::string, std::string>& out
) {
    if (value.is_object()) {
        for (const auto& [key, child] : value.items()) {
            if (prefix.empty() && key == "_meta") {
                continue;
            }
            flatten_into(child, prefix.empty() ? key : prefix + "." + key, out);
        }
        return;
    }
    out[prefix] = value.is_string() ? value.get<std::string>() : value.dump();
}

}  // namespace

std::map<std::string, std::string> flatten_locale(std::string_view body) {
    std::map<std::string, std::string> out;
    auto doc = nlohmann::json::parse(body, nullptr, false);
    if (doc.is_object()) {
        flatten_into(doc, "", out);
    }
    return out;
}

}  // namespace zaedno::content
