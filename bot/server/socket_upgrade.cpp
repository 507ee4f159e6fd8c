// Upgrade checks for cookie-authenticated WebSockets (see socket_upgrade.hpp).
#include "bot/server/socket_upgrade.hpp"

#include <chrono>

#include <boost/beast/websocket/stream.hpp>
#include <boost/url/parse.hpp>
#include <nlohmann/json.hpp>

namespace zaedno::server {

bool same_origin(const request& req) {
    auto origin = req[http::field::origin];
    if (origin.empty()) {
        return true;  // not a browser (tests, tools): the token decides alone
    }
    auto parsed = boost::urls::parse_absolute_uri(origin);
    if (!parsed) {
        return false;
    }
    return parsed->encoded_authority() == req[http::field::host];
}

net::awaitable<void> refuse_upgrade(
    beast::tcp_stream& stream, http::status status, std::string_view why
) {
    response res{status, 11};
    res.set(http::field::content_type, "application/json; charset=utf-8");
    res.set(http::field::connection, "close");
    res.body() = nlohmann::json{{"error", why}}.dump();
    res.prepare_payload();
    stream.expires_after(std::chrono::seconds(5));
    co_await http::async_write(stream, res, net::as_tuple(net::use_awaitable));
    boost::system::error_code ignored;
    stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
}

net::awaitable<bool> accept_websocket(
    beast::websocket::stream<beast::tcp_stream>& ws, const request& req, std::size_t max_frame_bytes
) {
    beast::get_lowest_layer(ws).expires_never();
    ws.set_option(beast::websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws.read_message_max(max_frame_bytes);
    auto [ec] = co_await ws.async_accept(req, net::as_tuple(net::use_awaitable));
    co_return !ec;
}

}  // namespace zaedno::server
