// Checks shared by the cookie-authenticated WebSockets (console, draft preview) before the
// upgrade: where the request comes from, and a plain HTTP refusal when it may not go on.
#pragma once

#include <string_view>

#include "bot/common/net.hpp"
#include "bot/server/http_types.hpp"

namespace zaedno::server {

/// Cookie-authenticated sockets must come from our own pages (cross-site WebSocket
/// hijacking): a browser always sends Origin, tools and tests may leave it out.
bool same_origin(const request& req);

/// Answers the upgrade request with `status` and {"error": why}, then closes the connection.
net::awaitable<void> refuse_upgrade(
    beast::tcp_stream& stream, http::status status, std::string_view why
);

}  // namespace zaedno::server
