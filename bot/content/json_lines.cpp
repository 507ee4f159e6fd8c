// A small scanner over raw JSON text that follows a pointer without building a document, so
// it can report positions (nlohmann's documents keep none). Runs only on text that parsed.
#include "bot/content/json_lines.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "integrations/text.hpp"

namespace zaedno::content {

namespace {

/// "/a~1b/c" → {"a/b", "c"}; "" → {}.
std::vector<std::string> pointer_tokens(std::string_view pointer) {
    std::vector<std::string> tokens;
    if (pointer.empty() || pointer.front() != '/') {
        return tokens;
    }
    std::string token;
    for (std::size_t i = 1; i <= pointer.size(); ++i) {
        if (i == pointer.size() || pointer[i] == '/') {
            tokens.push_back(std::move(token));
            token.clear();
        } else if (pointer[i] == '~' && i + 1 < pointer.size()) {
            token += pointer[i + 1] == '1' ? '/' : '~';
            ++i;
        } else {
            token += pointer[i];
        }
    }
    return tokens;
}

void append_utf8(std::string& out, unsigned code) {
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

class scanner {
public:
    explicit scanner(std::string_view text) : text_(text) {}

    std::size_t pos = 0;

    void skip_space() {
        while (pos < text_.size() && (text_[pos] == ' ' || text_[pos] == '\n' ||
                                      text_[pos] == '\r' || text_[pos] == '\t')) {
            ++pos;
        }
    }

    char peek() const { return pos < text_.size() ? text_[pos] : '\0'; }

    /// Reads a string starting at its opening quote and returns its decoded value.
    std::string read_string() {
        std::string out;
        ++pos;
        while (pos < text_.size() && text_[pos] != '"') {
            char c = text_[pos++];
            if (c != '\\' || pos >= text_.size()) {
                out += c;
                continue;
            }
            char e = text_[pos++];
            if (e == 'u') {
                out_unicode(out);
            } else {
                out += channels::json_escaped_char(e).value_or(e);  // JSON's own, or as is
            }
        }
        ++pos;
        return out;
    }

    /// Moves past one value of any kind, nested ones included, without recursion.
    void skip_value() {
        int depth = 0;
        do {
            skip_space();
            char c = peek();
            if (c == '"') {
                read_string();
            } else if (c == '{' || c == '[') {
                ++depth;
                ++pos;
            } else if (c == '}' || c == ']') {
                --depth;
                ++pos;
            } else if (c == ',' || c == ':') {
                ++pos;
            } else if (c == '\0') {
                return;
            } else {
                while (pos < text_.size() &&
                       std::string_view(",]} \n\r\t").find(text_[pos]) == std::string_view::npos) {
                    ++pos;
                }
            }
        } while (depth > 0);
    }

    /// With pos on '{': moves to the value of member `name` and returns its key's offset.
    std::optional<std::size_t> find_member(const std::string& name) {
        ++pos;
        for (;;) {
            skip_space();
            if (peek() != '"') {
                return std::nullopt;
            }
            auto key_at = pos;
            auto key = read_string();
            skip_space();
            if (peek() != ':') {
                return std::nullopt;
            }
            ++pos;
            skip_space();
            if (key == name) {
                return key_at;
            }
            skip_value();
            skip_space();
            if (peek() != ',') {
                return std::nullopt;
            }
            ++pos;
        }
    }

    /// With pos on '[': moves to element `index` and returns its offset.
    std::optional<std::size_t> find_element(std::size_t index) {
        ++pos;
        for (std::size_t i = 0;; ++i) {
            skip_space();
            if (peek() == ']' || peek() == '\0') {
                return std::nullopt;
            }
            if (i == index) {
                return pos;
            }
            skip_value();
            skip_space();
            if (peek() != ',') {
                return std::nullopt;
            }
            ++pos;
        }
    }

private:
    void out_unicode(std::string& out) {
        auto hex = [this](unsigned& value) {
            if (pos + 4 > text_.size()) {
                return false;
            }
            auto digits = text_.substr(pos, 4);
            auto [end, ec] = std::from_chars(digits.data(), digits.data() + 4, value, 16);
            pos += 4;
            return ec == std::errc{} && end == digits.data() + 4;
        };
        unsigned code = 0;
        if (!hex(code)) {
            return;
        }
        if (code >= 0xD800 && code < 0xDC00 && pos + 1 < text_.size() && text_[pos] == '\\' &&
            text_[pos + 1] == 'u') {
            pos += 2;
            unsigned low = 0;
            if (hex(low) && low >= 0xDC00 && low < 0xE000) {
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
            }
        }
        append_utf8(out, code);
    }

    std::string_view text_;
};

std::size_t line_at(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
}

std::optional<std::size_t> array_index(const std::string& token) {
    std::size_t index = 0;
    auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
    if (token.empty() || ec != std::errc{} || end != token.data() + token.size()) {
        return std::nullopt;
    }
    return index;
}

}  // namespace

std::optional<std::size_t> syntax_error_line(std::string_view text) {
    if (nlohmann::json::accept(text)) {
        return std::nullopt;
    }
    try {
        auto unexpected = nlohmann::json::parse(text);
        return std::nullopt;
    } catch (const nlohmann::json::parse_error& e) {
        // byte is 1-based and names the character that could not be read.
        return line_at(text, e.byte == 0 ? 0 : e.byte - 1);
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;  // out of range numbers: no position to give
    }
}

std::optional<std::size_t> line_of_pointer(std::string_view text, std::string_view pointer) {
    if (!nlohmann::json::accept(text)) {
        return std::nullopt;
    }
    scanner scan(text);
    scan.skip_space();
    auto tokens = pointer_tokens(pointer);
    if (tokens.empty()) {
        return 1;
    }
    std::optional<std::size_t> found;
    for (const auto& token : tokens) {
        std::optional<std::size_t> here;
        if (scan.peek() == '{') {
            here = scan.find_member(token);
        } else if (scan.peek() == '[') {
            if (auto index = array_index(token)) {
                here = scan.find_element(*index);
            }
        }
        if (!here) {
            break;
        }
        found = here;
    }
    if (!found) {
        return std::nullopt;
    }
    return line_at(text, *found);
}

std::optional<std::size_t> problem_line(std::string_view text, std::string_view pointer) {
    if (auto error = syntax_error_line(text)) {
        return error;
    }
    return line_of_pointer(text, pointer);
}

}  // namespace zaedno::content
