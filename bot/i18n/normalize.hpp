// Folding typed text for matching: what a person types and what we compare it with are
// folded the same way, so case, accents, letter variants and digit scripts do not matter.
#pragma once

#include <string>
#include <string_view>

namespace zaedno::i18n {

/// NFKC, case folding, combining marks removed (accents, Arabic harakat, tatweel), Arabic and
/// Persian letter variants unified (ي/ی/ى → ی, ك/ک → ک, أ/إ/آ/ٱ → ا, ة → ه, ۀ → ه),
/// every Unicode decimal digit turned into ASCII, punctuation turned into spaces, runs of
/// space collapsed, ends trimmed. Note: й and ё fold to и and е (acceptable for matching).
std::string fold_for_matching(std::string_view text);

/// Only the digits: every Unicode decimal digit (Arabic-Indic ٠-٩, Persian ۰-۹, …) becomes
/// ASCII; everything else is kept. For numbers, dates and phone numbers.
std::string ascii_digits(std::string_view text);

/// True when folded_phrase occurs in folded_text at word boundaries (both already folded).
bool contains_phrase(std::string_view folded_text, std::string_view folded_phrase);

}  // namespace zaedno::i18n
