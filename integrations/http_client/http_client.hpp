// The outbound HTTP client used to call Telegram and Viber: an awaitable request, TLS with
// certificate and host-name verification, keep-alive connections reused per host, timeouts.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "bot/common/net.hpp"

namespace boost::asio::ssl {
class context;
}

namespace zaedno::http_client {

struct client_options {
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::milliseconds request_timeout{30'000};  // write + read of one exchange
    // At least the delivery worker's calls in flight (128): with fewer, a burst ended by
    // closing connections it opens again a moment later (seen as 15 % of sends under load).
    std::size_t max_idle_per_host = 128;
    std::size_t response_limit = 8 * 1024 * 1024;
    bool verify_peer = true;  // only tests against a self-signed local server turn this off
};

struct outbound_request {
    http::verb method = http::verb::post;
    std::string url;  // absolute http:// or https:// URL
    std::string body;
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;
};

/// A transport failure (ec set, status 0) or an HTTP answer of any status.
struct outbound_response {
    boost::system::error_code ec;
    unsigned status = 0;
    std::string body;
    std::optional<long> retry_after_seconds;  // from a Retry-After header, when present

    bool transport_failed() const { return static_cast<bool>(ec); }
};

class client {
public:
    explicit client(client_options options = {});
    ~client();
    client(const client&) = delete;
    client& operator=(const client&) = delete;

    /// Sends one request. Never throws for network trouble: it comes back in ec.
    /// A reused keep-alive connection that the server had already closed is retried once on
    /// a fresh connection, but only when not a byte of the answer had arrived.
    net::awaitable<outbound_response> send(outbound_request req);

    std::size_t idle_connections() const;

    std::size_t connections_opened() const { return opened_.load(); }

    struct connection;  // a plain or TLS stream with its host key

private:
    net::awaitable<std::unique_ptr<connection>> take_or_connect(
        const std::string& scheme,
        const std::string& host,
        const std::string& port,
        boost::system::error_code& ec
    );
    void give_back(std::unique_ptr<connection> conn);

    client_options options_;
    std::unique_ptr<net::ssl::context> tls_;
    mutable std::mutex mutex_;
    std::map<std::string, std::vector<std::unique_ptr<connection>>> idle_;
    std::atomic<std::size_t> opened_{0};
};

}  // namespace zaedno::http_client
