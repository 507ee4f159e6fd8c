// Walks the locale history once, keeping per language and key the source text each
// translation was written against.
#include "bot/content/translation_status.hpp"

#include <set>

#include "bot/content/locale_keys.hpp"

namespace zaedno::content {

namespace {

using texts = std::map<std::string, std::string>;

struct cell_history {
    std::optional<std::string> basis;  // the source text when this translation last changed
    std::int64_t changed_in = 0;
};

struct language_state {
    texts current;
    std::map<std::string, cell_history> cells;
};

const std::string* find_text(const texts& in, const std::string& key) {
    auto it = in.find(key);
    return it == in.end() || it->second.empty() ? nullptr : &it->second;
}

std::optional<std::string> optional_text(const texts& in, const std::string& key) {
    const auto* text = find_text(in, key);
    return text ? std::optional<std::string>(*text) : std::nullopt;
}

/// Applies one version of one language: keys whose text changed take the version's source
/// text as their basis.
void apply(
    language_state& state, texts next, const texts& source_now, bool is_source, std::int64_t version
) {
    for (auto it = state.cells.begin(); it != state.cells.end();) {
        it = next.contains(it->first) ? std::next(it) : state.cells.erase(it);
    }
    for (const auto& [key, text] : next) {
        auto old = state.current.find(key);
        if (old != state.current.end() && old->second == text) {
            continue;
        }
        auto& cell = state.cells[key];
        cell.changed_in = version;
        cell.basis = is_source ? std::optional<std::string>(text) : optional_text(source_now, key);
    }
    state.current = std::move(next);
}

bool still_correct(
    const review_map& reviews,
    const std::string& language,
    const std::string& key,
    const std::string& source_text,
    const std::string& translation
) {
    auto it = reviews.find({language, key});
    return it != reviews.end() && it->second.source_text == source_text &&
           it->second.translation == translation;
}

}  // namespace

nlohmann::json translation_table(
    const std::vector<locale_snapshot>& history,
    const std::string& source_language,
    const review_map& reviews
) {
    std::map<std::string, language_state> languages;
    for (const auto& snapshot : history) {
        std::map<std::string, texts> changed;
        for (const auto& [language, body] : snapshot.locales) {
            if (body) {
                changed[language] = flatten_locale(*body);
            }
        }
        for (auto it = languages.begin(); it != languages.end();) {
            it = snapshot.locales.contains(it->first) ? std::next(it) : languages.erase(it);
        }
        // The source first, so translations changed in this version see its new text.
        if (auto source = changed.find(source_language); source != changed.end()) {
            apply(
                languages[source_language], std::move(source->second), {}, true, snapshot.version
            );
            changed.erase(source);
        }
        const auto& source_now = languages[source_language].current;
        for (auto& [language, flat] : changed) {
            apply(languages[language], std::move(flat), source_now, false, snapshot.version);
        }
        if (!snapshot.locales.contains(source_language)) {
            languages.erase(source_language);
        }
    }

    std::vector<std::string> order;
    if (languages.contains(source_language)) {
        order.push_back(source_language);
    }
    std::set<std::string> keys;
    for (const auto& [language, state] : languages) {
        if (language != source_language) {
            order.push_back(language);
        }
        for (const auto& [key, text] : state.current) {
            keys.insert(key);
        }
    }
    static const texts no_texts;
    auto source_it = languages.find(source_language);
    const texts& source_now = source_it == languages.end() ? no_texts : source_it->second.current;

    nlohmann::json counts = nlohmann::json::object();
    for (const auto& language : order) {
        counts[language] = {{"missing", 0}, {"stale", 0}};
    }
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& key : keys) {
        nlohmann::json row{
            {"key", key},
            {"texts", nlohmann::json::object()},
            {"status", nlohmann::json::object()},
            {"source_was", nlohmann::json::object()},
            {"changed_in", nlohmann::json::object()},
            {"reviewed", nlohmann::json::object()}};
        const auto* source_text = find_text(source_now, key);
        for (const auto& language : order) {
            const auto& state = languages.at(language);
            const auto* text = find_text(state.current, key);
            row["texts"][language] = text ? nlohmann::json(*text) : nlohmann::json();
            std::string status;
            if (text == nullptr) {
                status = "missing";
            } else if (language == source_language) {
                status = "source";
            } else {
                const auto& cell = state.cells.at(key);
                status = source_text == nullptr || cell.basis == *source_text ? "ok" : "stale";
                if (status == "stale" &&
                    still_correct(reviews, language, key, *source_text, *text)) {
                    status = "ok";
                    row["reviewed"][language] = true;
                }
                if (status == "stale") {
                    row["source_was"][language] =
                        cell.basis ? nlohmann::json(*cell.basis) : nlohmann::json();
                }
            }
            if (auto cell = state.cells.find(key); cell != state.cells.end()) {
                row["changed_in"][language] = cell->second.changed_in;
            }
            if (status == "missing" || status == "stale") {
                counts[language][status] = counts[language][status].get<int>() + 1;
            }
            row["status"][language] = status;
        }
        rows.push_back(std::move(row));
    }
    return {
        {"source_language", source_language},
        {"languages", order},
        {"keys", std::move(rows)},
        {"counts", std::move(counts)}};
}

}  // namespace zaedno::content
