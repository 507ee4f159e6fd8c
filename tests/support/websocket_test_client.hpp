// A blocking WebSocket client for web-chat tests, bounded by socket timeouts.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace zaedno::test {

class websocket_client {
public:
    websocket_client(std::uint16_t port, const std::string& target);
    ~websocket_client();
    websocket_client(const websocket_client&) = delete;
    websocket_client& operator=(const websocket_client&) = delete;

    void send(const std::string& frame);
    /// The next frame; throws when none arrives within the timeout.
    std::string receive();
    void close();

private:
    struct state;
    std::unique_ptr<state> state_;
};

}  // namespace zaedno::test
