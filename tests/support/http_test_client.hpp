// A small blocking HTTP/1.1 client for tests: one keep-alive connection to 127.0.0.1.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace zaedno::test {

struct http_reply {
    unsigned status = 0;
    std::string body;
    std::map<std::string, std::string> headers;  // names lower-cased
    bool keep_alive = false;
};

using header_list = std::vector<std::pair<std::string, std::string>>;

class http_connection {
public:
    /// Connects at once; every read gives up after `timeout` so a stuck server fails the
    /// test instead of hanging it.
    explicit http_connection(
        std::uint16_t port, std::chrono::milliseconds timeout = std::chrono::seconds(10)
    );
    ~http_connection();
    http_connection(const http_connection&) = delete;
    http_connection& operator=(const http_connection&) = delete;

    http_reply request(
        const std::string& method,
        const std::string& target,
        const std::string& body = "",
        const header_list& headers = {}
    );
    /// Sends raw bytes, for malformed or partial requests.
    void send_raw(const std::string& bytes);
    /// Reads until the server closes the connection; returns what arrived.
    std::string read_until_closed();
    /// Reads one response after send_raw.
    http_reply read_reply();

private:
    struct state;
    std::unique_ptr<state> state_;
};

/// One request on a fresh connection.
http_reply http_call(
    std::uint16_t port,
    const std::string& method,
    const std::string& target,
    const std::string& body = "",
    const header_list& headers = {}
);

/// The headers of a WebSocket upgrade request, to see how an upgrade is refused over plain HTTP.
inline header_list websocket_upgrade_headers() {
    return {
        {"Connection", "Upgrade"},
        {"Upgrade", "websocket"},
        {"Sec-WebSocket-Version", "13"},
        {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}};
}

}  // namespace zaedno::test
