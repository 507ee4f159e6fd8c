// Crisis words in any loaded language, checked on every typed message before anything else.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bot/i18n/catalog.hpp"

namespace zaedno::safety {

struct crisis_match {
    std::string language;  // whose word list matched
    std::string phrase;    // the folded phrase found
};

/// Built once from a catalog; detect() is pure and cheap. The person's language is checked
/// first, then every other loaded language, because people write in more than one.
class crisis_detector {
public:
    explicit crisis_detector(
        const i18n::catalog& catalog, std::string_view words_key = "crisis.words"
    );

    std::optional<crisis_match> detect(std::string_view text, std::string_view language) const;

    /// Same, for text already passed through i18n::fold_for_matching.
    std::optional<crisis_match> detect_folded(
        std::string_view folded_text, std::string_view language
    ) const;

private:
    std::vector<std::pair<std::string, std::vector<std::string>>> phrases_;  // per language
};

/// One-off check without keeping a detector.
std::optional<crisis_match> detect_crisis(
    const i18n::catalog& catalog, std::string_view language, std::string_view text
);

}  // namespace zaedno::safety
