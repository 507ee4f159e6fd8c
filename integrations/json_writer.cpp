// Compact JSON output with RFC 8259 string escaping.
#include "integrations/json_writer.hpp"

#include <utility>

#include "integrations/text.hpp"

namespace zaedno::channels {

void json_writer::before_value() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (!has_items_.empty()) {
        if (has_items_.back()) {
            out_.push_back(',');
        }
        has_items_.back() = true;
    }
}

void json_writer::append_string(std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    const std::string repaired = is_valid_utf8(text) ? std::string() : sanitize_utf8(text);
    const std::string_view safe = repaired.empty() ? text : std::string_view(repaired);
    out_.reserve(out_.size() + safe.size() + 2);
    out_.push_back('"');
    std::size_t run_start = 0;
    for (std::size_t i = 0; i < safe.size(); ++i) {
        const char c = safe[i];
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && c != '"' && c != '\\') {
            continue;  // copied with its run below
        }
        out_.append(safe, run_start, i - run_start);
        run_start = i + 1;
        switch (c) {
            case '"':
                out_ += "\\\"";
                break;
            case '\\':
                out_ += "\\\\";
                break;
            case '\n':
                out_ += "\\n";
                break;
            case '\r':
                out_ += "\\r";
                break;
            case '\t':
                out_ += "\\t";
                break;
            case '\b':
                out_ += "\\b";
                break;
            case '\f':
                out_ += "\\f";
                break;
            default:
                if (byte < 0x20) {
                    out_ += "\\u00";
                    out_.push_back(hex[byte >> 4]);
                    out_.push_back(hex[byte & 0x0F]);
                }
        }
    }
    out_.append(safe, run_start, safe.size() - run_start);
    out_.push_back('"');
}

json_writer& json_writer::begin_object() {
    before_value();
    out_.push_back('{');
    has_items_.push_back(false);
    return *this;
}

json_writer& json_writer::end_object() {
    out_.push_back('}');
    has_items_.pop_back();
    return *this;
}

json_writer& json_writer::begin_array() {
    before_value();
    out_.push_back('[');
    has_items_.push_back(false);
    return *this;
}

json_writer& json_writer::end_array() {
    out_.push_back(']');
    has_items_.pop_back();
    return *this;
}

json_writer& json_writer::key(std::string_view name) {
    before_value();
    append_string(name);
    out_.push_back(':');
    after_key_ = true;
    return *this;
}

json_writer& json_writer::value(std::string_view text) {
    before_value();
    append_string(text);
    return *this;
}

json_writer& json_writer::value(std::int64_t number) {
    before_value();
    out_ += std::to_string(number);
    return *this;
}

json_writer& json_writer::value(bool flag) {
    before_value();
    out_ += flag ? "true" : "false";
    return *this;
}

std::string json_writer::take() {
    has_items_.clear();
    after_key_ = false;
    return std::exchange(out_, std::string());
}

}  // namespace zaedno::channels
