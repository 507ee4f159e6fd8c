// UTF-8 std::string at every boundary, icu::UnicodeString inside: the two conversions.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include <unicode/stringpiece.h>
#include <unicode/unistr.h>

namespace zaedno::i18n {

/// Invalid UTF-8 becomes U+FFFD. ICU lengths are int32_t: text beyond 2 GiB is cut, never wrapped.
inline icu::UnicodeString to_unicode(std::string_view utf8) {
    const auto length = static_cast<std::int32_t>(std::min<std::size_t>(
        utf8.size(), static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())
    ));
    return icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), length));
}

inline std::string to_utf8(const icu::UnicodeString& text) {
    std::string out;
    text.toUTF8String(out);
    return out;
}

}  // namespace zaedno::i18n
