// UTF-8 repair, platform length units, boundary-aware splitting (ICU break iterators over UTF-8).
#include "integrations/text.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <memory>

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

namespace zaedno::channels {
namespace {

constexpr char32_t replacement_character = 0xFFFD;

struct decoded {
    char32_t code_point;
    std::size_t length;  // bytes consumed; ill-formed input consumes its maximal subpart
    bool well_formed;
};

// Strict decoding after Unicode Table 3-7: no overlongs, no surrogates, nothing above U+10FFFF.
decoded decode_one(std::string_view s, std::size_t i) {
    const auto byte = [&](std::size_t k) {
        return static_cast<unsigned char>(s[k]);
    };
    const unsigned char lead = byte(i);
    if (lead < 0x80) {
        return {lead, 1, true};
    }
    std::size_t need = 0;
    char32_t cp = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        need = 1;
        cp = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        need = 2;
        cp = lead & 0x0Fu;
        if (lead == 0xE0) {
            low = 0xA0;
        } else if (lead == 0xED) {
            high = 0x9F;
        }
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        need = 3;
        cp = lead & 0x07u;
        if (lead == 0xF0) {
            low = 0x90;
        } else if (lead == 0xF4) {
            high = 0x8F;
        }
    } else {
        return {replacement_character, 1, false};
    }
    std::size_t used = 1;
    for (std::size_t k = 0; k < need; ++k) {
        if (i + used >= s.size()) {
            return {replacement_character, used, false};
        }
        const unsigned char next = byte(i + used);
        const unsigned char lo = k == 0 ? low : 0x80;
        const unsigned char hi = k == 0 ? high : 0xBF;
        if (next < lo || next > hi) {
            return {replacement_character, used, false};
        }
        cp = (cp << 6) | (next & 0x3Fu);
        ++used;
    }
    return {cp, used, true};
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::size_t units_of(char32_t cp, length_unit unit) {
    return unit == length_unit::utf16_units && cp > 0xFFFF ? 2 : 1;
}

bool is_space(char32_t cp) {
    return u_isUWhiteSpace(static_cast<UChar32>(cp)) != 0;
}

// Code point layout of valid UTF-8: byte offset of each code point (plus the end) and the
// running length in the chosen unit.
struct layout {
    std::vector<std::size_t> byte_at;
    std::vector<std::size_t> units_before;
    std::vector<char32_t> code_points;

    std::size_t count() const { return code_points.size(); }

    std::size_t index_of_byte(std::size_t offset) const {
        auto it = std::lower_bound(byte_at.begin(), byte_at.end(), offset);
        return static_cast<std::size_t>(it - byte_at.begin());
    }
};

layout lay_out(std::string_view valid, length_unit unit) {
    layout l;
    l.byte_at.reserve(valid.size() + 1);
    l.units_before.reserve(valid.size() + 1);
    std::size_t units = 0;
    for (std::size_t i = 0; i < valid.size();) {
        const decoded d = decode_one(valid, i);
        l.byte_at.push_back(i);
        l.units_before.push_back(units);
        l.code_points.push_back(d.code_point);
        units += units_of(d.code_point, unit);
        i += d.length;
    }
    l.byte_at.push_back(valid.size());
    l.units_before.push_back(units);
    return l;
}

struct utext_closer {
    void operator()(UText* t) const { utext_close(t); }
};

// ICU break iterator over the UTF-8 bytes, so boundaries come back as byte offsets.
class utf8_breaks {
public:
    utf8_breaks(std::string_view valid, bool lines) {
        if (valid.size() > static_cast<std::size_t>(INT32_MAX)) {
            return;  // ICU positions are 32-bit; such a text is cut between code points instead
        }
        UErrorCode status = U_ZERO_ERROR;
        text_.reset(
            utext_openUTF8(nullptr, valid.data(), static_cast<std::int64_t>(valid.size()), &status)
        );
        if (U_FAILURE(status)) {
            text_.reset();
            return;
        }
        iterator_.reset(
            lines ? icu::BreakIterator::createLineInstance(icu::Locale::getRoot(), status)
                  : icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status)
        );
        if (U_FAILURE(status)) {
            iterator_.reset();
            return;
        }
        iterator_->setText(text_.get(), status);
        if (U_FAILURE(status)) {
            iterator_.reset();
        }
    }

    // The last boundary at or before offset and after floor, or nullopt.
    std::optional<std::size_t> last_at_or_before(std::size_t offset, std::size_t floor) {
        if (!iterator_) {
            return std::nullopt;
        }
        const auto at = static_cast<std::int32_t>(offset);
        std::int32_t found = iterator_->isBoundary(at) ? at : iterator_->preceding(at);
        if (found == icu::BreakIterator::DONE || static_cast<std::size_t>(found) <= floor) {
            return std::nullopt;
        }
        return static_cast<std::size_t>(found);
    }

private:
    std::unique_ptr<UText, utext_closer> text_;
    std::unique_ptr<icu::BreakIterator> iterator_;
};

// A blank line (or failing that a line end) whose position lies in [from, to); returns the
// byte offset of the newline that ends the kept text.
std::optional<std::size_t> last_newline_cut(
    std::string_view text, std::size_t from, std::size_t to, bool blank_line
) {
    for (std::size_t i = to; i > from; --i) {
        const std::size_t at = i - 1;
        if (text[at] != '\n') {
            continue;
        }
        if (!blank_line) {
            return at;
        }
        std::size_t next = at + 1;
        while (next < text.size() && (text[next] == '\r' || text[next] == ' ' || text[next] == '\t')
        ) {
            ++next;
        }
        if (next < text.size() && text[next] == '\n') {
            return at;
        }
    }
    return std::nullopt;
}

}  // namespace

bool is_valid_utf8(std::string_view bytes) {
    for (std::size_t i = 0; i < bytes.size();) {
        if (static_cast<unsigned char>(bytes[i]) < 0x80) {
            ++i;
            continue;
        }
        const decoded d = decode_one(bytes, i);
        if (!d.well_formed) {
            return false;
        }
        i += d.length;
    }
    return true;
}

std::string sanitize_utf8(std::string_view bytes) {
    if (is_valid_utf8(bytes)) {
        return std::string(bytes);
    }
    std::string out;
    out.reserve(bytes.size() + 8);
    for (std::size_t i = 0; i < bytes.size();) {
        const decoded d = decode_one(bytes, i);
        append_utf8(out, d.code_point);
        i += d.length;
    }
    return out;
}

std::size_t text_length(std::string_view text, length_unit unit) {
    std::size_t units = 0;
    for (std::size_t i = 0; i < text.size();) {
        const decoded d = decode_one(text, i);
        units += units_of(d.code_point, unit);
        i += d.length;
    }
    return units;
}

std::vector<std::string> split_text(std::string_view input, std::size_t limit, length_unit unit) {
    std::string text = sanitize_utf8(input);
    limit = std::max<std::size_t>(limit, 1);
    std::vector<std::string> parts;
    if (text.empty()) {
        return parts;
    }
    // Most replies fit: skip the layout and the (costly) break iterators for them.
    if (text_length(text, unit) <= limit) {
        parts.push_back(std::move(text));
        return parts;
    }
    const layout l = lay_out(text, unit);
    const std::size_t n = l.count();
    utf8_breaks words{text, true};
    utf8_breaks graphemes{text, false};
    std::size_t start = 0;
    bool after_cut = false;
    while (start < n) {
        if (after_cut) {
            while (start < n && is_space(l.code_points[start])) {
                ++start;
            }
            if (start == n) {
                break;
            }
        }
        if (l.units_before[n] - l.units_before[start] <= limit) {
            parts.push_back(text.substr(l.byte_at[start]));
            break;
        }
        // Furthest code point index end such that [start, end) fits.
        auto first_over = std::upper_bound(
            l.units_before.begin() + static_cast<std::ptrdiff_t>(start),
            l.units_before.end(),
            l.units_before[start] + limit
        );
        std::size_t end = static_cast<std::size_t>(first_over - l.units_before.begin()) - 1;
        end = std::max(end, start + 1);  // one astral code point against a limit of one unit

        const std::size_t start_byte = l.byte_at[start];
        const std::size_t end_byte = l.byte_at[end];
        const std::size_t half_byte = l.byte_at[start + (end - start) / 2];
        std::optional<std::size_t> cut = last_newline_cut(text, half_byte, end_byte, true);
        if (!cut) {
            cut = last_newline_cut(text, half_byte, end_byte, false);
        }
        if (!cut) {
            cut = words.last_at_or_before(end_byte, start_byte);
        }
        if (!cut) {
            cut = graphemes.last_at_or_before(end_byte, start_byte);
        }
        const std::size_t cut_index = cut ? l.index_of_byte(*cut) : end;

        std::size_t keep_end = cut_index;
        while (keep_end > start && is_space(l.code_points[keep_end - 1])) {
            --keep_end;
        }
        if (keep_end > start) {
            parts.push_back(text.substr(start_byte, l.byte_at[keep_end] - start_byte));
        }
        start = cut_index;
        after_cut = true;
    }
    return parts;
}

std::string shorten_text(std::string_view input, std::size_t limit, length_unit unit) {
    std::string text = sanitize_utf8(input);
    if (text_length(text, unit) <= limit) {
        return text;
    }
    if (limit == 0) {
        return {};
    }
    static constexpr std::string_view ellipsis = "\u2026";
    const layout l = lay_out(text, unit);
    auto first_over = std::upper_bound(l.units_before.begin(), l.units_before.end(), limit - 1);
    const std::size_t end = static_cast<std::size_t>(first_over - l.units_before.begin()) - 1;
    // A word boundary in the second half reads better than a cut inside a word.
    utf8_breaks words{text, true};
    utf8_breaks graphemes{text, false};
    std::optional<std::size_t> cut = words.last_at_or_before(l.byte_at[end], l.byte_at[end / 2]);
    if (!cut) {
        cut = graphemes.last_at_or_before(l.byte_at[end], 0);
    }
    const std::size_t cut_byte = cut.value_or(l.byte_at[end]);
    std::size_t cut_index = l.index_of_byte(cut_byte);
    while (cut_index > 0 && is_space(l.code_points[cut_index - 1])) {
        --cut_index;
    }
    return text.substr(0, l.byte_at[cut_index]) + std::string(ellipsis);
}

bool is_blank(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const decoded d = decode_one(text, i);
        if (!is_space(d.code_point)) {
            return false;
        }
        i += d.length;
    }
    return true;
}

std::optional<command_event> parse_command(std::string_view text) {
    if (text.empty() || text.front() != '/') {
        return std::nullopt;
    }
    std::size_t i = 1;
    const auto is_name_char = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_';
    };
    while (i < text.size() && is_name_char(text[i])) {
        ++i;
    }
    const std::size_t name_length = i - 1;
    if (name_length == 0 || name_length > 32) {
        return std::nullopt;
    }
    command_event command;
    command.name.reserve(name_length);
    for (char c : text.substr(1, name_length)) {
        command.name.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    if (i < text.size() && text[i] == '@') {
        ++i;
        while (i < text.size() && is_name_char(text[i])) {
            ++i;
        }
    }
    if (i < text.size() && text[i] != ' ' && text[i] != '\n' && text[i] != '\t') {
        return std::nullopt;  // "/path/to" or "/50%" is ordinary text
    }
    std::string_view rest = text.substr(i);
    const auto first = rest.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos) {
        const auto last = rest.find_last_not_of(" \t\r\n");
        command.payload = std::string(rest.substr(first, last - first + 1));
    }
    return command;
}

std::optional<char> json_escaped_char(char letter) {
    switch (letter) {
        case '"':
        case '\\':
        case '/':
            return letter;
        case 'b':
            return '\b';
        case 'f':
            return '\f';
        case 'n':
            return '\n';
        case 'r':
            return '\r';
        case 't':
            return '\t';
        default:
            return std::nullopt;
    }
}

bool is_decimal_integer(std::string_view s) {
    if (!s.empty() && s.front() == '-') {
        s.remove_prefix(1);
    }
    if (s.empty() || s.size() > 20) {
        return false;
    }
    for (char c : s) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

}  // namespace zaedno::channels
