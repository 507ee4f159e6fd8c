// Building JSON and text responses with the right headers.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "bot/server/http_types.hpp"

namespace zaedno::server {

response json_response(http::status status, const nlohmann::json& body);
/// {"error": message} with the given status: the shape of every error zaedno returns.
response json_error(http::status status, std::string_view message);
response text_response(http::status status, std::string body, std::string_view content_type);

}  // namespace zaedno::server
