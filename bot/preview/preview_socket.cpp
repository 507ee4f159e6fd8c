// One coroutine per socket reads a frame, answers it completely and reads the next: the
// preview has nothing to push on its own, so a single reader-writer keeps Beast's one-write
// rule without a queue.
#include "bot/preview/preview_socket.hpp"

#include <chrono>
#include <ctime>

#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "bot/auth/secrets.hpp"
#include "bot/common/wakeup.hpp"
#include "bot/preview/preview_session.hpp"
#include "bot/server/socket_upgrade.hpp"
#include "integrations/webchat/protocol.hpp"

namespace zaedno::preview {

namespace websocket = beast::websocket;

struct preview_hub::connection {
    explicit connection(beast::tcp_stream stream)
        : ws(std::move(stream)), wake(ws.get_executor()) {}

    websocket::stream<beast::tcp_stream> ws;
    wakeup wake;  // live_sockets wakes what it closes; the reader notices the cancel instead
    bool closed = false;
    bool greeted = false;  // read by the hello deadline, which may fire after the reader left
    std::string session;   // only for pages written for /chat, which keep one
    std::string language_hint;
    preview_content content;
    engine::conversation_state state;
    std::int64_t seq = 0;
};

namespace {

constexpr auto hello_timeout = std::chrono::seconds(10);
constexpr std::size_t max_language_hint = 35;

std::int64_t unix_now() {
    return std::int64_t{std::time(nullptr)};
}

/// {"type":"restart","language":"ar"}: the one frame the preview adds to the web chat's.
/// Nothing when the frame is not a restart; the language is optional.
std::optional<std::string> restart_language(std::string_view raw) {
    auto doc = nlohmann::json::parse(raw, nullptr, false);
    if (!doc.is_object() || doc.value("type", nlohmann::json()) != "restart") {
        return std::nullopt;
    }
    auto language = doc.find("language");
    if (language == doc.end() || !language->is_string()) {
        return std::string();
    }
    return language->get<std::string>().substr(0, max_language_hint);
}

net::awaitable<bool> write(preview_hub::connection& conn, const std::string& frame) {
    auto [ec, n] =
        co_await conn.ws.async_write(net::buffer(frame), net::as_tuple(net::use_awaitable));
    co_return !ec;
}

std::string unavailable(const preview_hub::connection& conn) {
    return webchat::render_error("preview_unavailable", {"", conn.content.unusable});
}

}  // namespace

preview_hub::preview_hub(
    storage::database& db,
    auth::guard& guard,
    content::content_settings settings,
    preview_action_settings actions
)
    : db_(db), guard_(guard), settings_(std::move(settings)), actions_(std::move(actions)) {}

std::size_t preview_hub::open_sockets() const {
    return sockets_.size();
}

void preview_hub::close_all() {
    sockets_.close_all();
}

net::awaitable<void> preview_hub::run_socket(beast::tcp_stream stream, server::request req) {
    if (!co_await guard_.admit_socket(stream, req, auth::role::admin, "preview")) {
        co_return;
    }
    auto conn = std::make_shared<connection>(std::move(stream));
    if (!co_await server::accept_websocket(conn->ws, req, webchat::max_frame_bytes)) {
        co_return;
    }
    auto membership = sockets_.add(conn);

    beast::flat_buffer buffer;
    net::steady_timer hello_deadline(conn->ws.get_executor());
    hello_deadline.expires_after(hello_timeout);
    auto close_if_silent = [conn](boost::system::error_code ec) {
        if (!ec && !conn->greeted) {
            beast::get_lowest_layer(conn->ws).cancel();
        }
    };
    hello_deadline.async_wait(close_if_silent);
    auto [hec, hn] = co_await conn->ws.async_read(buffer, net::as_tuple(net::use_awaitable));
    conn->greeted = true;
    hello_deadline.cancel();
    if (hec) {
        co_return;
    }
    auto first = webchat::parse_client_frame(beast::buffers_to_string(buffer.data()));
    buffer.consume(buffer.size());
    const auto* hello = first ? std::get_if<webchat::hello_frame>(&*first) : nullptr;
    if (hello == nullptr) {
        auto why =
            first ? channels::problem{"/type", "the first frame must be hello"} : first.error();
        auto refusal = webchat::render_error("bad_frame", why);
        co_await write(*conn, refusal);
        co_return;
    }
    conn->language_hint = hello->language.substr(0, max_language_hint);
    conn->session = "preview_" + auth::random_hex(12);
    if (!co_await start_over(conn)) {
        co_return;
    }
    while (!conn->closed) {
        auto [ec, n] = co_await conn->ws.async_read(buffer, net::as_tuple(net::use_awaitable));
        if (ec) {
            break;
        }
        auto raw = beast::buffers_to_string(buffer.data());
        buffer.consume(buffer.size());
        if (!co_await answer(conn, std::move(raw))) {
            break;
        }
    }
    conn->closed = true;
}

net::awaitable<bool> preview_hub::start_over(std::shared_ptr<connection> conn) {
    auto read = [](storage::connection& db) {
        return read_preview_source(db);
    };
    auto source = co_await db_.run(read);
    conn->content = prepare_preview(std::move(source), settings_);
    conn->state = {};
    const auto& runtime = conn->content.runtime;
    if (runtime) {
        conn->state = fresh_state(*runtime, conn->language_hint);
        auto shown_language = conn->state.language.empty() ? runtime->catalog().default_language()
                                                           : conn->state.language;
        auto about = render_preview_frame(conn->content, shown_language);
        if (!co_await write(*conn, about)) {
            co_return false;
        }
        // Named, not temporaries in the co_await expression: g++ 12 destroys those twice.
        engine::event opening = engine::start_event{"", conn->language_hint};
        std::string no_ack;
        if (!co_await play(conn, std::move(opening), std::move(no_ack))) {
            co_return false;
        }
    } else {
        auto about = render_preview_frame(conn->content, "");
        if (!co_await write(*conn, about)) {
            co_return false;
        }
        auto why = unavailable(*conn);
        if (!co_await write(*conn, why)) {
            co_return false;
        }
    }
    // Ready comes last: the page knows the (re)start's replies are all there.
    auto ready = webchat::render_ready(conn->session, conn->seq);
    co_return co_await write(*conn, ready);
}

net::awaitable<bool> preview_hub::answer(std::shared_ptr<connection> conn, std::string raw) {
    if (auto language = restart_language(raw)) {
        if (!language->empty()) {
            conn->language_hint = *language;
        }
        co_return co_await start_over(conn);
    }
    auto frame = webchat::parse_client_frame(raw);
    std::optional<engine::event> ev;
    std::string client_msg_id;
    if (frame) {
        ev = event_of(*frame, conn->language_hint);
        if (const auto* t = std::get_if<webchat::text_frame>(&*frame)) {
            client_msg_id = t->client_msg_id;
        } else if (const auto* c = std::get_if<webchat::choice_frame>(&*frame)) {
            client_msg_id = c->client_msg_id;
        }
    }
    if (!frame || !ev) {
        auto why = frame ? channels::problem{"/type", "hello was already sent"} : frame.error();
        auto refusal = webchat::render_error("bad_frame", why);
        co_return co_await write(*conn, refusal);
    }
    if (!conn->content.runtime) {
        auto why = unavailable(*conn);
        if (!co_await write(*conn, why)) {
            co_return false;
        }
        auto ack = webchat::render_ack(client_msg_id);
        co_return co_await write(*conn, ack);
    }
    co_return co_await play(conn, std::move(*ev), client_msg_id);
}

net::awaitable<bool> preview_hub::play(
    std::shared_ptr<connection> conn, engine::event ev, std::string client_msg_id
) {
    auto turn = [runtime = conn->content.runtime,
                 &actions = actions_,
                 state = conn->state,
                 event = std::move(ev),
                 now = unix_now()](storage::connection& db) {
        return run_turn(db, *runtime, actions, state, event, now);
    };
    turn_result result;
    std::string failure;
    try {
        result = co_await db_.run(turn);
    } catch (const storage::database_closed&) {
        throw;
    } catch (const std::exception& e) {
        // A handler that tried to write under query_only, or a storage failure: the admin
        // hears why, and the conversation stays where it was.
        failure = e.what();
    }
    if (!failure.empty()) {
        spdlog::warn("preview: a turn failed: {}", failure);
        auto refusal = webchat::render_error(
            "preview_failed", {"", "The preview could not answer this: " + failure}
        );
        if (!co_await write(*conn, refusal)) {
            co_return false;
        }
        result.state = conn->state;
    }
    conn->state = std::move(result.state);
    for (const auto& item : result.items) {
        auto frame =
            item.reply ? render_reply(++conn->seq, *item.reply) : render_notice(item.notice);
        if (!co_await write(*conn, frame)) {
            co_return false;
        }
    }
    if (client_msg_id.empty()) {
        co_return true;
    }
    // After the replies (the public chat acks before): the page knows the turn is complete.
    auto ack = webchat::render_ack(client_msg_id);
    co_return co_await write(*conn, ack);
}

}  // namespace zaedno::preview
