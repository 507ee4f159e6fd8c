// Right-to-left helpers: the marks that keep Latin names, phone numbers and digits in order
// inside Arabic or Farsi text, for texts assembled outside the catalog (buttons, lists).
#pragma once

#include <string>
#include <string_view>

#include "bot/i18n/catalog.hpp"

namespace zaedno::i18n {

/// U+200F RIGHT-TO-LEFT MARK: sets the paragraph direction of a right-to-left message.
inline constexpr std::string_view right_to_left_mark = "\u200F";
/// U+2068 FIRST STRONG ISOLATE … U+2069 POP DIRECTIONAL ISOLATE around embedded text.
inline constexpr std::string_view first_strong_isolate = "\u2068";
inline constexpr std::string_view pop_directional_isolate = "\u2069";

/// text wrapped in FSI … PDI, so its own direction cannot reorder what surrounds it.
std::string isolate(std::string_view text);

/// For rtl: text starting with one RLM (added unless already there); for ltr: text unchanged.
std::string with_direction_mark(text_direction direction, std::string_view text);

/// text without Unicode's Bidi_Control characters (U+061C, U+200E, U+200F, U+202A–U+202E,
/// U+2066–U+2069), e.g. before showing a formatted text in a log or console.
std::string strip_bidi_controls(std::string_view text);

}  // namespace zaedno::i18n
