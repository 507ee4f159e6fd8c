// The admin's WebSocket to the draft preview (/admin/preview/socket): the web chat's frames
// (docs/webchat-protocol.md) plus restart, preview and notice (docs/preview.md). Admins only;
// each socket holds its own conversation in memory and writes nothing.
#pragma once

#include <cstddef>
#include <memory>

#include "bot/auth/guard.hpp"
#include "bot/common/net.hpp"
#include "bot/content/check.hpp"
#include "bot/engine/events.hpp"
#include "bot/preview/preview_actions.hpp"
#include "bot/server/http_types.hpp"
#include "bot/server/live_sockets.hpp"
#include "bot/storage/database.hpp"

namespace zaedno::preview {

class preview_hub {
public:
    preview_hub(
        storage::database& db,
        auth::guard& guard,
        content::content_settings settings,
        preview_action_settings actions
    );

    /// Takes over an upgraded connection: 403/401 before the upgrade unless an admin of the
    /// same origin asks, then the conversation until the page goes away.
    net::awaitable<void> run_socket(beast::tcp_stream stream, server::request req);

    /// Shutdown: closes every open preview.
    void close_all();
    std::size_t open_sockets() const;

    struct connection;

private:
    net::awaitable<bool> start_over(std::shared_ptr<connection> conn);
    net::awaitable<bool> answer(std::shared_ptr<connection> conn, std::string raw);
    /// One engine turn; the ack (when the page sent a frame) follows the replies.
    net::awaitable<bool> play(
        std::shared_ptr<connection> conn, engine::event ev, std::string client_msg_id
    );

    storage::database& db_;
    auth::guard& guard_;
    content::content_settings settings_;
    preview_actions actions_;
    server::live_sockets<connection> sockets_;
};

}  // namespace zaedno::preview
