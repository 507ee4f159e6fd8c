// Phrase lists from every language's crisis.words, matched on folded text at word boundaries.
#include "bot/safety/crisis_detector.hpp"

#include "bot/i18n/normalize.hpp"

namespace zaedno::safety {

// Each language keeps only its own phrases: every language is searched anyway, so the default
// language's words merged into each list would only be compared several times.
crisis_detector::crisis_detector(const i18n::catalog& catalog, std::string_view words_key) {
    for (const auto& lang : catalog.languages()) {
        std::vector<std::string> phrases;
        auto raw = catalog.raw(lang, words_key);
        std::string_view rest = raw ? std::string_view(*raw) : std::string_view{};
        while (!rest.empty()) {
            auto bar = rest.find('|');
            auto phrase = i18n::fold_for_matching(rest.substr(0, bar));
            if (!phrase.empty()) {
                phrases.push_back(std::move(phrase));
            }
            if (bar == std::string_view::npos) {
                break;
            }
            rest.remove_prefix(bar + 1);
        }
        phrases_.emplace_back(lang, std::move(phrases));
    }
}

std::optional<crisis_match> crisis_detector::detect(
    std::string_view text, std::string_view language
) const {
    return detect_folded(i18n::fold_for_matching(text), language);
}

std::optional<crisis_match> crisis_detector::detect_folded(
    std::string_view folded_text, std::string_view language
) const {
    if (folded_text.empty()) {
        return std::nullopt;
    }
    auto search = [&](bool own_language) -> std::optional<crisis_match> {
        for (const auto& [lang, phrases] : phrases_) {
            if ((lang == language) != own_language) {
                continue;
            }
            for (const auto& phrase : phrases) {
                if (i18n::contains_phrase(folded_text, phrase)) {
                    return crisis_match{lang, phrase};
                }
            }
        }
        return std::nullopt;
    };
    if (auto own = search(true)) {
        return own;
    }
    return search(false);
}

std::optional<crisis_match> detect_crisis(
    const i18n::catalog& catalog, std::string_view language, std::string_view text
) {
    return crisis_detector(catalog).detect(text, language);
}

}  // namespace zaedno::safety
