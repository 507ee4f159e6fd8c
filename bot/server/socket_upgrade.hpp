// What every WebSocket of ours does around its upgrade: for the cookie-authenticated ones
// (console, draft preview) where the request comes from and a plain HTTP refusal when it may
// not go on; for all of them the same accept with pings and a frame limit.
#pragma once

#include <cstddef>
#include <string_view>

#include <boost/beast/websocket/stream_fwd.hpp>

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

/// Completes the upgrade: no idle deadline of the HTTP stream, the server's suggested ping
/// and close timeouts, frames up to max_frame_bytes. False when the handshake failed.
net::awaitable<bool> accept_websocket(
    beast::websocket::stream<beast::tcp_stream>& ws, const request& req, std::size_t max_frame_bytes
);

}  // namespace zaedno::server
