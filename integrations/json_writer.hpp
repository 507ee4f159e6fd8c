// A small append-only JSON writer for the hot rendering paths (no document, one buffer).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zaedno::channels {

/// Writes compact JSON in call order. Strings are escaped and repaired to valid UTF-8; commas
/// and colons are placed by the writer. Misuse (a value where a key is due) is the caller's
/// bug and is not detected.
class json_writer {
public:
    json_writer& begin_object();
    json_writer& end_object();
    json_writer& begin_array();
    json_writer& end_array();
    json_writer& key(std::string_view name);
    json_writer& value(std::string_view text);

    json_writer& value(const char* text) { return value(std::string_view(text)); }

    json_writer& value(std::int64_t number);

    json_writer& value(int number) { return value(static_cast<std::int64_t>(number)); }

    json_writer& value(bool flag);

    /// The text written so far; the writer is empty afterwards.
    std::string take();

private:
    void before_value();
    void append_string(std::string_view text);

    std::string out_;
    std::vector<bool> has_items_;  // per open container
    bool after_key_ = false;
};

}  // namespace zaedno::channels
