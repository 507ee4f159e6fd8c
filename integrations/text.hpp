// Text helpers every adapter needs: UTF-8 repair, length in the platforms' units, splitting long
// texts at paragraph/line/word/grapheme boundaries, and reading "/command payload".
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "integrations/channel.hpp"

namespace zaedno::channels {

/// How a platform counts "characters": Telegram counts code points; Viber does not say, so we
/// use UTF-16 units there, which is never less than the code-point count.
enum class length_unit { code_points, utf16_units };

bool is_valid_utf8(std::string_view bytes);

/// The input unchanged when valid; otherwise every ill-formed byte sequence becomes U+FFFD
/// (surrogates and overlong forms are ill-formed too).
std::string sanitize_utf8(std::string_view bytes);

/// Length of text in unit; ill-formed sequences count as one U+FFFD each.
std::size_t text_length(std::string_view text, length_unit unit);

/// Splits text into parts of at most limit units each, in order. A cut goes, by preference,
/// at a blank line in the second half of the window, at a line end in the second half, at the
/// last line-break opportunity (UAX #14, i.e. between words), at the last grapheme boundary,
/// and only for a single grapheme longer than the limit between code points. Whitespace at the
/// cut is dropped; nothing else is. Ill-formed UTF-8 is repaired first. Empty text → no parts.
std::vector<std::string> split_text(std::string_view text, std::size_t limit, length_unit unit);

/// text itself when it fits in limit units; else cut at a grapheme boundary with "…" appended
/// so that the result fits. For button labels.
std::string shorten_text(std::string_view text, std::size_t limit, length_unit unit);

/// True when text has nothing but Unicode white space (platforms refuse such messages).
bool is_blank(std::string_view text);

/// An optional '-' and 1 to 20 ASCII digits: how platforms write ids that may pass 2^53.
bool is_decimal_integer(std::string_view text);

/// The character a JSON escape stands for, given the letter after the backslash (one of
/// " \ / b f n r t); nullopt for 'u', which needs four hex digits, and for any other letter.
std::optional<char> json_escaped_char(char letter);

/// "/Name@bot_name rest" → {name: "name", payload: "rest"}; nullopt when text is not a
/// command (names are 1–32 of A-Z a-z 0-9 _ as Telegram allows).
std::optional<command_event> parse_command(std::string_view text);

}  // namespace zaedno::channels
