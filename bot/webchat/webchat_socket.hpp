// The web chat's WebSocket: one connection per open page. It stores what the person sends in
// the inbox (acknowledging only after the commit) and streams the session's replies from the
// outbox by sequence number, so a page that reconnects misses nothing and sees nothing twice.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "bot/common/net.hpp"
#include "bot/inbox/inbox_processor.hpp"
#include "bot/metrics/registry.hpp"
#include "bot/server/http_types.hpp"
#include "bot/server/live_sockets.hpp"
#include "bot/storage/database.hpp"

namespace zaedno::webchat {

class webchat_hub {
public:
    webchat_hub(
        storage::database& db, inbox::inbox_processor& processor, metrics::registry& metrics
    );

    /// Takes over an upgraded connection until the page goes away.
    net::awaitable<void> run_socket(beast::tcp_stream stream, server::request req);

    /// New replies may be waiting: every open page looks for its own.
    void replies_queued();
    /// Shutdown: closes every open socket.
    void close_all();
    std::size_t open_sockets() const;

    struct connection;

private:
    net::awaitable<void> write_loop(std::shared_ptr<connection> conn);

    storage::database& db_;
    inbox::inbox_processor& processor_;
    metrics::registry& metrics_;
    server::live_sockets<connection> sockets_;
};

}  // namespace zaedno::webchat
