// Right-to-left marks added and removed on UTF-8 text.
#include "bot/i18n/bidi.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace zaedno::i18n {

std::string isolate(std::string_view text) {
    std::string out;
    out.reserve(text.size() + first_strong_isolate.size() + pop_directional_isolate.size());
    out.append(first_strong_isolate).append(text).append(pop_directional_isolate);
    return out;
}

std::string with_direction_mark(text_direction direction, std::string_view text) {
    if (direction == text_direction::ltr || text.starts_with(right_to_left_mark)) {
        return std::string(text);
    }
    std::string out(right_to_left_mark);
    out.append(text);
    return out;
}

std::string strip_bidi_controls(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
    const auto length = static_cast<std::int64_t>(text.size());
    std::int64_t at = 0;
    while (at < length) {
        const std::int64_t begin = at;
        UChar32 c = 0;
        // Bytes that are not valid UTF-8 are copied unchanged: this only removes marks.
        U8_NEXT(bytes, at, length, c);
        if (c < 0 || u_hasBinaryProperty(c, UCHAR_BIDI_CONTROL) == 0) {
            out.append(
                text.substr(static_cast<std::size_t>(begin), static_cast<std::size_t>(at - begin))
            );
        }
    }
    return out;
}

}  // namespace zaedno::i18n
