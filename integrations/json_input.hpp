// Reading untrusted platform JSON without exceptions escaping: parse with UTF-8 repair, typed
// field access that reports the JSON pointer of what is wrong.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "integrations/channel.hpp"

namespace zaedno::channels {

/// The value types nlohmann::json::sax_parse expects a reader to name; SAX readers derive
/// from this rather than repeat them.
struct sax_value_types {
    using number_integer_t = nlohmann::json::number_integer_t;
    using number_unsigned_t = nlohmann::json::number_unsigned_t;
    using number_float_t = nlohmann::json::number_float_t;
    using string_t = nlohmann::json::string_t;
    using binary_t = nlohmann::json::binary_t;
};

/// Parses body as a JSON object. Ill-formed UTF-8 is repaired first (U+FFFD), so a stray byte
/// in a user's text never turns a whole update into a parse error.
result<nlohmann::json> parse_json_object(std::string_view body);

/// The member when it is a string, else nullopt (absent, null or another type).
std::optional<std::string> string_at(const nlohmann::json& object, std::string_view key);

/// The member as a decimal string when it is an integer (signed or unsigned 64-bit) or a
/// string of an optional '-' and digits; floats are refused because they lose digits.
std::optional<std::string> integer_text_at(const nlohmann::json& object, std::string_view key);

/// The member when it is a signed-64-bit-representable integer.
std::optional<std::int64_t> int64_at(const nlohmann::json& object, std::string_view key);

/// The member when it is a boolean.
std::optional<bool> bool_at(const nlohmann::json& object, std::string_view key);

/// The member when it is any number.
std::optional<double> number_at(const nlohmann::json& object, std::string_view key);

/// The member when it is an object, else nullptr.
const nlohmann::json* object_at(const nlohmann::json& object, std::string_view key);

/// Serialises with invalid UTF-8 replaced, never throwing.
std::string dump_json(const nlohmann::json& value);

}  // namespace zaedno::channels
