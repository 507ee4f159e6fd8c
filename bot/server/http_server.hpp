// Accepts TCP connections and runs one HTTP/1.1 session coroutine per connection, each on its
// own strand; knows how to stop gracefully.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "bot/common/net.hpp"
#include "bot/server/router.hpp"

namespace zaedno::server {

struct server_limits {
    std::size_t body_limit = 1024 * 1024;  // PRODUCT.md: larger bodies get 413
    std::size_t header_limit = 16 * 1024;
    std::chrono::milliseconds header_timeout{10'000};  // first byte to end of headers
    std::chrono::milliseconds body_timeout{30'000};
    std::chrono::milliseconds idle_timeout{60'000};  // keep-alive wait for the next request
    std::chrono::milliseconds write_timeout{30'000};
};

/// Takes over a connection whose request asked for a WebSocket upgrade.
using upgrade_handler = std::function<net::awaitable<void>(beast::tcp_stream, request)>;

class http_server {
public:
    http_server(net::io_context& ioc, router& routes, server_limits limits, metrics::registry& m);
    ~http_server();
    http_server(const http_server&) = delete;
    http_server& operator=(const http_server&) = delete;

    /// Binds and listens (throws boost::system::system_error), then starts accepting.
    void start(const net::ip::tcp::endpoint& where);

    net::ip::tcp::endpoint local_endpoint() const { return bound_; }

    /// Stops accepting, closes idle connections and makes busy ones close after their
    /// current response. Safe to call from any thread.
    void begin_shutdown();

    std::size_t open_sessions() const { return sessions_.load(); }

    /// Before start(): WebSocket upgrades on this path (the query, if any, is ignored) go to
    /// handler. Several paths may each have their own.
    void set_upgrade(std::string path, upgrade_handler on_upgrade);

    struct session_handle;  // a session's stream and busy flag, shared with the registry

private:
    net::awaitable<void> accept_loop();
    net::awaitable<void> run_session(net::ip::tcp::socket socket, std::uint64_t id);
    net::awaitable<void> serve_requests(std::shared_ptr<session_handle> handle);
    /// Counts a timeout and answers what can be answered (413, 431, 400) before the session
    /// ends; a client that closed gets nothing.
    net::awaitable<void> end_after_read_error(
        beast::tcp_stream& stream, const boost::system::error_code& ec
    );

    net::io_context& ioc_;
    router& routes_;
    server_limits limits_;
    net::ip::tcp::acceptor acceptor_;
    net::ip::tcp::endpoint bound_;
    std::atomic<bool> stopping_{false};
    std::atomic<std::size_t> sessions_{0};
    std::mutex registry_mutex_;
    std::unordered_map<std::uint64_t, std::weak_ptr<session_handle>> registry_;
    std::map<std::string, upgrade_handler, std::less<>> upgrades_;
    metrics::counter& connections_total_;
    metrics::counter& timeouts_total_;
};

}  // namespace zaedno::server
