// The console's live socket (/console/socket): after an authenticated upgrade, each open page
// gets a JSON event for every new transcript line, note and changed queue summary of the
// conversations with caseworkers. The page stays correct without it (it reloads with GET
// calls after a reconnect); the socket only makes it live.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "bot/auth/guard.hpp"
#include "bot/common/net.hpp"
#include "bot/server/http_types.hpp"
#include "bot/server/live_sockets.hpp"
#include "bot/storage/database.hpp"

namespace zaedno::handoff {

class console_hub {
public:
    console_hub(storage::database& db, auth::guard& guard);

    /// Takes over an upgraded connection until the page goes away. Refuses with 401 without a
    /// valid session (cookie, bearer header or ?token=) and 403 for a foreign Origin.
    net::awaitable<void> run_socket(beast::tcp_stream stream, server::request req);

    /// Something changed (a REST call, a processed update): every open page looks now.
    void changed();
    /// Shutdown: closes every open socket.
    void close_all();
    std::size_t open_sockets() const;

    struct connection;

private:
    net::awaitable<void> write_loop(std::shared_ptr<connection> conn);

    storage::database& db_;
    auth::guard& guard_;
    server::live_sockets<connection> sockets_;
};

}  // namespace zaedno::handoff
