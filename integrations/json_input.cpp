// Exception-free access to untrusted platform JSON.
#include "integrations/json_input.hpp"

#include <limits>

#include "integrations/text.hpp"

namespace zaedno::channels {
namespace {

const nlohmann::json* member(const nlohmann::json& object, std::string_view key) {
    if (!object.is_object()) {
        return nullptr;
    }
    auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

}  // namespace

result<nlohmann::json> parse_json_object(std::string_view body) {
    // The parser refuses ill-formed UTF-8; only then is the body checked and repaired.
    nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
    if (parsed.is_discarded() && !is_valid_utf8(body)) {
        parsed = nlohmann::json::parse(sanitize_utf8(body), nullptr, false);
    }
    if (parsed.is_discarded()) {
        return problem{"", "malformed JSON"};
    }
    if (!parsed.is_object()) {
        return problem{"", "expected a JSON object"};
    }
    return parsed;
}

std::optional<std::string> string_at(const nlohmann::json& object, std::string_view key) {
    const nlohmann::json* value = member(object, key);
    if (value == nullptr || !value->is_string()) {
        return std::nullopt;
    }
    return value->get<std::string>();
}

std::optional<std::string> integer_text_at(const nlohmann::json& object, std::string_view key) {
    const nlohmann::json* value = member(object, key);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (value->is_number_unsigned()) {
        return std::to_string(value->get<std::uint64_t>());
    }
    if (value->is_number_integer()) {
        return std::to_string(value->get<std::int64_t>());
    }
    if (value->is_string()) {
        const auto& text = value->get_ref<const std::string&>();
        if (is_decimal_integer(text)) {
            return text;
        }
    }
    return std::nullopt;
}

std::optional<std::int64_t> int64_at(const nlohmann::json& object, std::string_view key) {
    const nlohmann::json* value = member(object, key);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (value->is_number_unsigned()) {
        const auto unsigned_value = value->get<std::uint64_t>();
        if (unsigned_value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            return std::nullopt;
        }
        return static_cast<std::int64_t>(unsigned_value);
    }
    if (value->is_number_integer()) {
        return value->get<std::int64_t>();
    }
    return std::nullopt;
}

std::optional<bool> bool_at(const nlohmann::json& object, std::string_view key) {
    const nlohmann::json* value = member(object, key);
    if (value == nullptr || !value->is_boolean()) {
        return std::nullopt;
    }
    return value->get<bool>();
}

std::optional<double> number_at(const nlohmann::json& object, std::string_view key) {
    const nlohmann::json* value = member(object, key);
    if (value == nullptr || !value->is_number()) {
        return std::nullopt;
    }
    return value->get<double>();
}

const nlohmann::json* object_at(const nlohmann::json& object, std::string_view key) {
    const nlohmann::json* value = member(object, key);
    return value != nullptr && value->is_object() ? value : nullptr;
}

std::string dump_json(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace zaedno::channels
