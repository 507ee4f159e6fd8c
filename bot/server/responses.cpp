// Response builders: one place sets content type, length and cache headers.
#include "bot/server/responses.hpp"

namespace zaedno::server {

response text_response(http::status status, std::string body, std::string_view content_type) {
    response res{status, 11};
    res.set(http::field::content_type, content_type);
    res.set(http::field::cache_control, "no-store");
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

response json_response(http::status status, const nlohmann::json& body) {
    // Replace invalid UTF-8 instead of throwing: an error text may echo client input.
    return text_response(
        status,
        body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
        "application/json; charset=utf-8"
    );
}

response json_error(http::status status, std::string_view message) {
    return json_response(status, nlohmann::json{{"error", message}});
}

}  // namespace zaedno::server
