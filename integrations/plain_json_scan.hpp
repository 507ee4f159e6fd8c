// A quick reader for the plain JSON our own writers produce (objects, arrays, strings with
// short escapes, integers, literals), reporting to a SAX handler of nlohmann's shape. Anything
// else it hands back undecided, for nlohmann's full parser: the answers never differ, only the
// time (nlohmann's lexer spent about 10 ns per byte on a conversation state).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "integrations/text.hpp"

namespace zaedno::channels {

enum class plain_scan {
    accepted,       ///< the whole text read; the handler saw all of it
    refused,        ///< the handler returned false, as it would under nlohmann's parser
    outside_subset  ///< not plain JSON, or not JSON at all: the handler saw part of it
};

template <class Handler>
class plain_json_scanner {
public:
    plain_json_scanner(std::string_view text, Handler& handler)
        : at_(text.data()), end_(text.data() + text.size()), handler_(handler) {}

    plain_scan run() {
        skip_blanks();
        if (const auto r = value(0); r != plain_scan::accepted) {
            return r;
        }
        skip_blanks();
        return at_ == end_ ? plain_scan::accepted : plain_scan::outside_subset;
    }

private:
    // Deeper documents go to the full parser, which keeps no recursion of its own.
    static constexpr int max_depth = 32;
    // Eighteen digits always fit a 64-bit integer; longer numbers go to the full parser.
    static constexpr int max_digits = 18;
    static constexpr auto unknown_size = static_cast<std::size_t>(-1);

    static plain_scan verdict(bool handler_agreed) {
        return handler_agreed ? plain_scan::accepted : plain_scan::refused;
    }

    void skip_blanks() {
        while (at_ != end_ && (*at_ == ' ' || *at_ == '\n' || *at_ == '\r' || *at_ == '\t')) {
            ++at_;
        }
    }

    bool take(char expected) {
        if (at_ == end_ || *at_ != expected) {
            return false;
        }
        ++at_;
        return true;
    }

    plain_scan value(int depth) {
        if (at_ == end_ || depth > max_depth) {
            return plain_scan::outside_subset;
        }
        switch (*at_) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                ++at_;
                if (!string(text_)) {
                    return plain_scan::outside_subset;
                }
                return verdict(handler_.string(text_));
            case 't':
                return literal("true") ? verdict(handler_.boolean(true))
                                       : plain_scan::outside_subset;
            case 'f':
                return literal("false") ? verdict(handler_.boolean(false))
                                        : plain_scan::outside_subset;
            case 'n':
                return literal("null") ? verdict(handler_.null()) : plain_scan::outside_subset;
            default:
                return integer();
        }
    }

    plain_scan object(int depth) {
        ++at_;
        if (!handler_.start_object(unknown_size)) {
            return plain_scan::refused;
        }
        skip_blanks();
        if (take('}')) {
            return verdict(handler_.end_object());
        }
        for (;;) {
            if (!take('"') || !string(key_)) {
                return plain_scan::outside_subset;
            }
            if (!handler_.key(key_)) {
                return plain_scan::refused;
            }
            skip_blanks();
            if (!take(':')) {
                return plain_scan::outside_subset;
            }
            skip_blanks();
            if (const auto r = value(depth + 1); r != plain_scan::accepted) {
                return r;
            }
            skip_blanks();
            if (take('}')) {
                return verdict(handler_.end_object());
            }
            if (!take(',')) {
                return plain_scan::outside_subset;
            }
            skip_blanks();
        }
    }

    plain_scan array(int depth) {
        ++at_;
        if (!handler_.start_array(unknown_size)) {
            return plain_scan::refused;
        }
        skip_blanks();
        if (take(']')) {
            return verdict(handler_.end_array());
        }
        for (;;) {
            if (const auto r = value(depth + 1); r != plain_scan::accepted) {
                return r;
            }
            skip_blanks();
            if (take(']')) {
                return verdict(handler_.end_array());
            }
            if (!take(',')) {
                return plain_scan::outside_subset;
            }
            skip_blanks();
        }
    }

    /// The rest of a string after its opening quote; false for \u escapes, control
    /// characters, ill-formed UTF-8 or a missing closing quote.
    bool string(std::string& out) {
        out.clear();
        bool ascii = true;
        for (;;) {
            const char* run = at_;
            while (at_ != end_ && *at_ != '"' && *at_ != '\\' &&
                   static_cast<unsigned char>(*at_) >= 0x20) {
                ascii = ascii && static_cast<unsigned char>(*at_) < 0x80;
                ++at_;
            }
            out.append(run, at_);
            if (at_ == end_ || static_cast<unsigned char>(*at_) < 0x20) {
                return false;
            }
            if (*at_ == '"') {
                ++at_;
                return ascii || is_valid_utf8(out);
            }
            ++at_;  // the backslash
            if (at_ == end_) {
                return false;
            }
            const auto decoded = json_escaped_char(*at_++);
            if (!decoded) {
                return false;
            }
            out += *decoded;
        }
    }

    bool literal(std::string_view word) {
        if (static_cast<std::size_t>(end_ - at_) < word.size() ||
            std::string_view(at_, word.size()) != word) {
            return false;
        }
        at_ += word.size();
        return true;
    }

    plain_scan integer() {
        const bool negative = take('-');
        const char* digits = at_;
        std::uint64_t magnitude = 0;
        while (at_ != end_ && *at_ >= '0' && *at_ <= '9') {
            magnitude = magnitude * 10 + static_cast<std::uint64_t>(*at_ - '0');
            ++at_;
        }
        const auto count = at_ - digits;
        const bool leading_zero = count > 1 && *digits == '0';
        const bool fraction_follows = at_ != end_ && (*at_ == '.' || *at_ == 'e' || *at_ == 'E');
        if (count == 0 || count > max_digits || leading_zero || fraction_follows) {
            return plain_scan::outside_subset;
        }
        if (negative) {
            return verdict(handler_.number_integer(-static_cast<std::int64_t>(magnitude)));
        }
        return verdict(handler_.number_unsigned(magnitude));
    }

    const char* at_;
    const char* end_;
    Handler& handler_;
    std::string text_;
    std::string key_;
};

/// Reads text into handler when it is plain JSON; see plain_scan for the three outcomes.
template <class Handler>
plain_scan scan_plain_json(std::string_view text, Handler& handler) {
    return plain_json_scanner<Handler>(text, handler).run();
}

}  // namespace zaedno::channels
