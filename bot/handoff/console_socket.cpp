// One reader and one writer coroutine per socket on its strand (Beast allows one write in
// flight). The writer compares what the database holds with what it last told the page:
// new transcript lines and notes by id, queue summaries by their JSON. Wake-ups make it look
// at once; a short poll catches transcript lines no wake-up announced (a person writing to a
// caseworker queues no reply, so nothing else wakes anyone).
#include "bot/handoff/console_socket.hpp"

#include <chrono>
#include <map>
#include <set>

#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "bot/auth/accounts.hpp"
#include "bot/common/clock.hpp"
#include "bot/common/log_failure.hpp"
#include "bot/common/wakeup.hpp"
#include "bot/handoff/handoff_repository.hpp"
#include "bot/server/socket_upgrade.hpp"

namespace zaedno::handoff {

namespace websocket = beast::websocket;

namespace {

constexpr auto poll_interval = std::chrono::milliseconds(300);
// A full comparison now and then catches queue changes nobody announced.
constexpr std::uint64_t full_sweep_every = 10;
constexpr std::int64_t batch = 200;
constexpr std::int64_t watched_limit = 500;
constexpr std::size_t max_client_frame = 4096;

/// What the page was last told.
struct view_state {
    std::int64_t last_message = 0;
    std::int64_t last_note = 0;
    std::map<std::int64_t, std::string> summaries;  // id → JSON as sent
};

struct poll_result {
    std::vector<std::string> frames;
    view_state next;
    bool more = false;  // a batch was full: look again at once
};

bool with_caseworker(const std::string& status) {
    return status == "waiting" || status == "assigned";
}

/// Runs on the storage thread: the events between `seen` and now for one viewer. Without
/// `full`, only new lines and notes are looked for, and the queue only when there are some:
/// an idle page costs two index lookups per poll.
poll_result poll(storage::connection& db, const view_state& seen, std::int64_t viewer, bool full) {
    poll_result out;
    out.next = seen;
    auto lines = lines_after(db, seen.last_message, batch);
    auto notes = notes_after(db, seen.last_note, batch);
    if (!full && lines.empty() && notes.empty()) {
        return out;
    }
    std::set<std::int64_t> touched;
    auto current = list_summaries(db, {"waiting", "assigned"}, viewer, watched_limit);
    std::set<std::int64_t> watched;
    for (const auto& s : current) {
        watched.insert(s.id);
    }
    for (const auto& [id, json] : seen.summaries) {
        watched.insert(id);  // it may just have left the queue
    }
    out.more = static_cast<std::int64_t>(lines.size()) == batch;
    for (const auto& line : lines) {
        out.next.last_message = line.id;
        if (!watched.contains(line.conversation_id)) {
            continue;  // the assistant's own conversations are not the console's business
        }
        touched.insert(line.conversation_id);
        nlohmann::json event{
            {"type", "message"},
            {"conversation_id", line.conversation_id},
            {"message", to_json(line)}};
        out.frames.push_back(event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
    out.more = out.more || static_cast<std::int64_t>(notes.size()) == batch;
    for (const auto& n : notes) {
        out.next.last_note = n.id;
        touched.insert(n.conversation_id);
        nlohmann::json event{
            {"type", "note"}, {"conversation_id", n.conversation_id}, {"note", to_json(n)}};
        out.frames.push_back(event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
    std::map<std::int64_t, summary> latest;
    for (auto& s : current) {
        latest.emplace(s.id, std::move(s));
    }
    for (auto id : watched) {
        if (!latest.contains(id)) {
            if (auto found = find_summary(db, id, viewer)) {
                latest.emplace(id, std::move(*found));
            }
        }
    }
    for (auto id : touched) {
        if (!latest.contains(id)) {
            if (auto found = find_summary(db, id, viewer)) {
                latest.emplace(id, std::move(*found));
            }
        }
    }
    out.next.summaries.clear();
    for (const auto& [id, s] : latest) {
        auto json = to_json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        auto before = seen.summaries.find(id);
        if (before == seen.summaries.end() || before->second != json) {
            out.frames.push_back(R"({"type":"conversation","conversation":)" + json + "}");
        }
        if (with_caseworker(s.status)) {
            out.next.summaries.emplace(id, std::move(json));
        }
    }
    return out;
}

/// The starting point: everything up to now counts as seen (the page has loaded it by GET).
view_state baseline(storage::connection& db, std::int64_t viewer) {
    view_state v;
    v.last_message = newest_message_id(db);
    v.last_note = newest_note_id(db);
    for (const auto& s : list_summaries(db, {"waiting", "assigned"}, viewer, watched_limit)) {
        v.summaries.emplace(
            s.id, to_json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
        );
    }
    return v;
}

}  // namespace

struct console_hub::connection {
    connection(beast::tcp_stream stream, auth::principal who)
        : ws(std::move(stream)), wake(ws.get_executor()), viewer(std::move(who)) {}

    websocket::stream<beast::tcp_stream> ws;
    wakeup wake;
    std::atomic<bool> dirty{false};  // a change was announced: compare the queue too
    auth::principal viewer;
    view_state seen;
    std::uint64_t polls = 0;
    bool closed = false;
};

console_hub::console_hub(storage::database& db, auth::guard& guard) : db_(db), guard_(guard) {}

std::size_t console_hub::open_sockets() const {
    return sockets_.size();
}

void console_hub::changed() {
    sockets_.for_each([](connection& conn) {
        conn.dirty = true;
        conn.wake.notify();
    });
}

void console_hub::close_all() {
    sockets_.close_all();
}

net::awaitable<void> console_hub::run_socket(beast::tcp_stream stream, server::request req) {
    auto who = co_await guard_.admit_socket(stream, req, auth::role::caseworker, "console");
    if (!who) {
        co_return;
    }
    auto conn = std::make_shared<connection>(std::move(stream), std::move(*who));
    auto start = [viewer = conn->viewer.account_id](storage::connection& db) {
        return baseline(db, viewer);
    };
    conn->seen = co_await db_.run(start);
    if (!co_await server::accept_websocket(conn->ws, req, max_client_frame)) {
        co_return;
    }
    auto membership = sockets_.add(conn);

    net::co_spawn(
        conn->ws.get_executor(),
        write_loop(conn),
        log_failure("console: writer ended", spdlog::level::debug)
    );
    // The page sends nothing the server needs; reading keeps pings, pongs and close working.
    beast::flat_buffer buffer;
    while (!conn->closed) {
        auto [ec, n] = co_await conn->ws.async_read(buffer, net::as_tuple(net::use_awaitable));
        if (ec) {
            break;
        }
        buffer.consume(buffer.size());
    }
    conn->closed = true;
    conn->wake.notify();
}

net::awaitable<void> console_hub::write_loop(std::shared_ptr<connection> conn) {
    while (!conn->closed) {
        bool full = conn->dirty.exchange(false) || ++conn->polls % full_sweep_every == 0;
        // A deactivated account, or one whose sessions an admin ended, sees nothing more.
        auto look = [seen = conn->seen,
                     viewer = conn->viewer.account_id,
                     full,
                     now = unix_seconds()](storage::connection& db) {
            std::optional<poll_result> out;
            if (auth::has_live_session(db, viewer, now)) {
                out = poll(db, seen, viewer, full);
            }
            return out;
        };
        auto polled = co_await db_.run(look);
        if (!polled) {
            conn->closed = true;
            websocket::close_reason why(websocket::close_code::policy_error, "session ended");
            co_await conn->ws.async_close(why, net::as_tuple(net::use_awaitable));
            co_return;
        }
        auto& result = *polled;
        for (const auto& frame : result.frames) {
            auto [ec, n] = co_await conn->ws.async_write(
                net::buffer(frame), net::as_tuple(net::use_awaitable)
            );
            if (ec) {
                conn->closed = true;
                co_return;
            }
        }
        conn->seen = std::move(result.next);
        if (!result.more && !conn->closed) {
            co_await conn->wake.wait_until(std::chrono::steady_clock::now() + poll_interval);
        }
    }
}

}  // namespace zaedno::handoff
