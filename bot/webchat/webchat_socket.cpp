// One reader (this coroutine) and one writer (write_loop) per socket, both on the connection's
// strand: Beast allows one read and one write in flight, never two writes.
#include "bot/webchat/webchat_socket.hpp"

#include <chrono>
#include <deque>

#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "bot/auth/secrets.hpp"
#include "bot/common/clock.hpp"
#include "bot/common/log_failure.hpp"
#include "bot/common/wakeup.hpp"
#include "bot/inbox/inbox_repository.hpp"
#include "bot/server/socket_upgrade.hpp"
#include "bot/webchat/webchat_adapter.hpp"
#include "integrations/webchat/protocol.hpp"

namespace zaedno::webchat {

namespace websocket = beast::websocket;

struct webchat_hub::connection {
    explicit connection(beast::tcp_stream stream)
        : ws(std::move(stream)), wake(ws.get_executor()) {}

    websocket::stream<beast::tcp_stream> ws;
    wakeup wake;
    std::string session;
    std::string language;
    std::int64_t last_sent = 0;
    std::deque<std::string> control_frames;  // acks and errors, written by the writer
    bool closed = false;
};

namespace {

constexpr auto hello_timeout = std::chrono::seconds(10);
constexpr auto writer_poll = std::chrono::seconds(1);
constexpr std::int64_t replay_batch = 50;

struct stored_reply {
    std::int64_t id;
    std::string body;
};

}  // namespace

webchat_hub::webchat_hub(
    storage::database& db, inbox::inbox_processor& processor, metrics::registry& metrics
)
    : db_(db), processor_(processor), metrics_(metrics) {
    metrics_.add_gauge("zaedno_webchat_open_sockets", "Open web-chat pages", {}, [this] {
        return static_cast<double>(open_sockets());
    });
}

std::size_t webchat_hub::open_sockets() const {
    return sockets_.size();
}

void webchat_hub::replies_queued() {
    sockets_.for_each([](connection& conn) { conn.wake.notify(); });
}

void webchat_hub::close_all() {
    sockets_.close_all();
}

net::awaitable<void> webchat_hub::run_socket(beast::tcp_stream stream, server::request req) {
    auto conn = std::make_shared<connection>(std::move(stream));
    if (!co_await server::accept_websocket(conn->ws, req, max_frame_bytes)) {
        co_return;
    }
    auto membership = sockets_.add(conn);

    beast::flat_buffer buffer;
    // The first frame must be hello, and soon: a silent socket is closed.
    net::steady_timer hello_deadline(conn->ws.get_executor());
    hello_deadline.expires_after(hello_timeout);
    auto close_if_silent = [conn](boost::system::error_code ec) {
        if (!ec && conn->session.empty()) {
            beast::get_lowest_layer(conn->ws).cancel();
        }
    };
    hello_deadline.async_wait(close_if_silent);
    auto [hec, hn] = co_await conn->ws.async_read(buffer, net::as_tuple(net::use_awaitable));
    if (hec) {
        co_return;
    }
    auto first = parse_client_frame(beast::buffers_to_string(buffer.data()));
    buffer.consume(buffer.size());
    const auto* hello = first ? std::get_if<hello_frame>(&*first) : nullptr;
    if (hello == nullptr) {
        auto why =
            first ? channels::problem{"/type", "the first frame must be hello"} : first.error();
        co_await conn->ws.async_write(
            net::buffer(render_error("bad_frame", why)), net::as_tuple(net::use_awaitable)
        );
        co_return;
    }
    bool is_new = hello->session.empty();
    // Unguessable: the session id is the only key to a conversation's replies.
    conn->session = is_new ? "s_" + auth::random_hex(16) : hello->session;
    conn->language = hello->language.substr(0, 35);
    conn->last_sent = hello->last_seen_seq;
    hello_deadline.cancel();

    auto open = [session = conn->session,
                 language = conn->language,
                 is_new,
                 received = unix_ms(),
                 time = unix_seconds()](storage::connection& db) {
        if (is_new) {
            inbox::store_update(
                db,
                channel_name,
                session + ":start",
                session,
                inbox_body_for_start(session, language, time),
                received
            );
        }
        auto& st = db.prepared(
            "SELECT coalesce(max(id), 0) FROM outbox WHERE channel = 'webchat' AND chat_key = ?"
        );
        st.bind(1, session);
        st.step();
        auto last = st.int64(0);
        st.reset();
        return last;
    };
    auto last_seq = co_await db_.run(open);
    if (is_new) {
        processor_.notify();
    }
    auto [rec, rn] = co_await conn->ws.async_write(
        net::buffer(render_ready(conn->session, last_seq)), net::as_tuple(net::use_awaitable)
    );
    if (rec) {
        co_return;
    }
    net::co_spawn(
        conn->ws.get_executor(),
        write_loop(conn),
        log_failure("webchat: writer ended", spdlog::level::debug)
    );

    while (!conn->closed) {
        auto [ec, n] = co_await conn->ws.async_read(buffer, net::as_tuple(net::use_awaitable));
        if (ec) {
            break;
        }
        auto raw = beast::buffers_to_string(buffer.data());
        buffer.consume(buffer.size());
        auto frame = parse_client_frame(raw);
        std::string client_msg_id;
        if (frame) {
            if (const auto* t = std::get_if<text_frame>(&*frame)) {
                client_msg_id = t->client_msg_id;
            } else if (const auto* c = std::get_if<choice_frame>(&*frame)) {
                client_msg_id = c->client_msg_id;
            }
        }
        if (!frame || client_msg_id.empty()) {
            auto why = frame ? channels::problem{"/type", "hello was already sent"} : frame.error();
            conn->control_frames.push_back(render_error("bad_frame", why));
            conn->wake.notify();
            continue;
        }
        auto store = [session = conn->session,
                      key = conn->session + ":" + client_msg_id,
                      body =
                          inbox_body_for_frame(conn->session, raw, conn->language, unix_seconds()),
                      received = unix_ms()](storage::connection& db) {
            return inbox::store_update(db, channel_name, key, session, body, received);
        };
        auto outcome = co_await db_.run(store);  // ack only after the commit
        if (outcome == inbox::store_outcome::stored) {
            metrics_
                .get_counter(
                    "zaedno_updates_received_total", "Updates received", {{"channel", "webchat"}}
                )
                .inc();
            processor_.notify();
        } else {
            metrics_
                .get_counter(
                    "zaedno_updates_duplicate_total",
                    "Updates delivered again",
                    {{"channel", "webchat"}}
                )
                .inc();
        }
        conn->control_frames.push_back(render_ack(client_msg_id));
        conn->wake.notify();
    }
    conn->closed = true;
    conn->wake.notify();
}

net::awaitable<void> webchat_hub::write_loop(std::shared_ptr<connection> conn) {
    while (!conn->closed) {
        while (!conn->control_frames.empty()) {
            auto frame = std::move(conn->control_frames.front());
            conn->control_frames.pop_front();
            auto [ec, n] = co_await conn->ws.async_write(
                net::buffer(frame), net::as_tuple(net::use_awaitable)
            );
            if (ec) {
                conn->closed = true;
                co_return;
            }
        }
        auto fetch = [session = conn->session, after = conn->last_sent](storage::connection& db) {
            auto& st = db.prepared(
                "SELECT id, body FROM outbox WHERE channel = 'webchat' AND chat_key = ? AND id > ? "
                "ORDER BY id LIMIT ?"
            );
            st.bind(1, session).bind(2, after).bind(3, replay_batch);
            std::vector<stored_reply> rows;
            while (st.step()) {
                rows.push_back({st.int64(0), st.text(1)});
            }
            st.reset();
            return rows;
        };
        auto rows = co_await db_.run(fetch);
        for (const auto& row : rows) {
            auto frame = message_frame(row.id, row.body);
            auto [ec, n] = co_await conn->ws.async_write(
                net::buffer(frame), net::as_tuple(net::use_awaitable)
            );
            if (ec) {
                conn->closed = true;
                co_return;
            }
            conn->last_sent = row.id;
        }
        if (!rows.empty()) {
            // Bodies stay: a page that reconnects from another device replays them.
            auto mark = [session = conn->session,
                         upto = conn->last_sent,
                         sent = unix_ms()](storage::connection& db) {
                db.prepared(
                      "UPDATE outbox SET status = 'sent', sent_ms = ? WHERE channel = 'webchat' "
                      "AND chat_key = ? AND id <= ? AND status = 'pending'"
                )
                    .bind(1, sent)
                    .bind(2, session)
                    .bind(3, upto)
                    .run();
            };
            co_await db_.run(mark);
            metrics_
                .get_counter(
                    "zaedno_messages_sent_total",
                    "Platform calls that succeeded",
                    {{"channel", "webchat"}}
                )
                .inc(rows.size());
            if (static_cast<std::int64_t>(rows.size()) == replay_batch) {
                continue;
            }
        }
        if (conn->control_frames.empty() && !conn->closed) {
            co_await conn->wake.wait_until(std::chrono::steady_clock::now() + writer_poll);
        }
    }
}

}  // namespace zaedno::webchat
