// Reading a request's route and query parameters the same way in every REST handler.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bot/server/router.hpp"

namespace zaedno::server {

/// A whole positive decimal number (an id, a page size): digits only, no sign, no spaces.
std::optional<std::int64_t> positive_number(std::string_view text);

/// The route parameter `name` (e.g. {id}) as a positive number; nullopt when absent or not one.
std::optional<std::int64_t> positive_id_param(
    const request_context& ctx, std::string_view name = "id"
);

/// The percent-decoded value of query parameter `name`; nullopt when the request has none.
std::optional<std::string> query_param(const request& req, std::string_view name);

}  // namespace zaedno::server
