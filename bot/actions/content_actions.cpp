// Housing search scores topics by the query's words found at word starts in the title and
// keywords (person's language and the default language); contacts list one topic's entries.
#include "bot/actions/content_actions.hpp"

#include <algorithm>
#include <fstream>
#include <regex>

#include "bot/i18n/normalize.hpp"

namespace zaedno::actions {

namespace {

std::size_t code_points(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    }));
}

std::string param(const engine::call_action& call, const std::string& name) {
    auto it = call.params.find(name);
    return it == call.params.end() ? std::string{} : it->second;
}

constexpr std::size_t max_results = 5;

/// A field of a directory entry as text; "" for a missing or wrongly typed one. The file is
/// edited by people: a number where text belongs must not fail someone asking for help.
std::string text_of(const nlohmann::json& entry, const char* key) {
    auto it = entry.find(key);
    return it != entry.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

}  // namespace

content_actions::content_actions(const i18n::catalog& catalog, const std::filesystem::path& dialogs)
    : catalog_(catalog) {
    std::ifstream file(dialogs / "data" / "contacts.json");
    if (file) {
        contacts_ = nlohmann::json::parse(file, nullptr, false);
    }
    static const std::regex title(R"(housing\.topic\.([A-Za-z0-9_-]+)\.title)");
    for (const auto& key : catalog_.keys(catalog_.default_language())) {
        std::smatch m;
        if (std::regex_match(key, m, title)) {
            topics_.push_back(m[1].str());
        }
    }
}

std::optional<engine::action_result_event> content_actions::perform(
    const engine::call_action& call, const std::string& language
) const {
    if (call.name == "housing_search") {
        return housing_search(param(call, "query"), language);
    }
    if (call.name == "contacts") {
        return contacts(param(call, "topic"));
    }
    return std::nullopt;
}

std::string content_actions::searchable(const std::string& language, const std::string& id) const {
    std::string text;
    for (const auto& lang : {language, catalog_.default_language()}) {
        for (const auto* part : {"title", "keywords"}) {
            auto raw = catalog_.raw(lang, "housing.topic." + id + "." + part);
            if (raw) {
                std::replace(raw->begin(), raw->end(), '|', ' ');
                text += " " + i18n::fold_for_matching(*raw);
            }
        }
    }
    return text + " ";
}

engine::action_result_event content_actions::housing_search(
    const std::string& query, const std::string& language
) const {
    engine::action_result_event result{"housing_search", "none", {}, {}};
    std::vector<std::string> words;
    auto folded = i18n::fold_for_matching(query);
    std::size_t start = 0;
    while (start <= folded.size()) {
        auto end = folded.find(' ', start);
        auto word = folded.substr(start, end == std::string::npos ? end : end - start);
        if (code_points(word) >= 3) {
            words.push_back(word);
        }
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    std::vector<std::pair<int, std::string>> scored;
    for (const auto& id : topics_) {
        auto text = searchable(language, id);
        int score = 0;
        for (const auto& word : words) {
            // A word or the start of one: "rent" finds "renting", "contract" finds "contracts".
            if (text.find(" " + word) != std::string::npos) {
                ++score;
            }
        }
        if (score > 0) {
            scored.emplace_back(score, id);
        }
    }
    std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
        return a.first > b.first;
    });
    for (std::size_t i = 0; i < scored.size() && i < max_results; ++i) {
        const auto& id = scored[i].second;
        result.choices.push_back({id, "housing.topic." + id + ".title", {}});
    }
    if (!result.choices.empty()) {
        result.outcome = "ok";
    }
    return result;
}

engine::action_result_event content_actions::contacts(const std::string& topic) const {
    engine::action_result_event result{"contacts", "none", {}, {}};
    if (!contacts_.is_object() || !contacts_.contains("contacts") ||
        !contacts_["contacts"].is_array()) {
        result.outcome = "unavailable";
        return result;
    }
    std::string list;
    for (const auto& c : contacts_["contacts"]) {
        if (!c.is_object() || text_of(c, "topic") != topic || text_of(c, "phone").empty()) {
            continue;
        }
        auto hours = text_of(c, "hours");
        list += "• " + text_of(c, "name") + ": " + text_of(c, "phone") +
                (hours.empty() ? std::string{} : " (" + hours + ")") + "\n";
    }
    if (!list.empty()) {
        list.pop_back();
        result.outcome = "ok";
        result.variables["contact_list"] = list;
    }
    return result;
}

}  // namespace zaedno::actions
