// SQL of the outbox. Sent calls lose their body: the transcript keeps what a person needs.
#include "bot/delivery/outbox_repository.hpp"

#include <set>

namespace zaedno::delivery {

void enqueue(
    storage::connection& db,
    std::string_view channel,
    const channels::api_call& call,
    bool urgent,
    std::int64_t now_ms,
    std::optional<std::int64_t> origin_ms
) {
    db.prepared(
          "INSERT INTO outbox (channel, chat_key, method, body, urgent, created_ms, origin_ms) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)"
    )
        .bind(1, channel)
        .bind(2, call.chat_key)
        .bind(3, call.method)
        .bind(4, call.body)
        .bind(5, urgent ? 1 : 0)
        .bind(6, now_ms)
        .bind(7, origin_ms)
        .run();
}

std::vector<queued_call> due_heads(
    storage::connection& db,
    std::int64_t now_ms,
    const std::vector<std::string>& busy_chat_keys,
    std::size_t limit
) {
    std::set<std::string> busy(busy_chat_keys.begin(), busy_chat_keys.end());
    // Walks pending calls in taking order and keeps those with no older pending call in the
    // same chat; LIMIT stops the walk early, so a large backlog costs no more than a small one.
    auto& st = db.prepared(
        "SELECT o.id, o.channel, o.chat_key, o.method, o.body, o.attempts, o.urgent, o.origin_ms "
        "FROM outbox o INDEXED BY outbox_pending "
        "WHERE o.status = 'pending' AND o.channel <> 'webchat' AND o.not_before_ms <= ? "
        "AND NOT EXISTS (SELECT 1 FROM outbox p INDEXED BY outbox_pending_by_chat "
        "  WHERE p.channel = o.channel AND p.chat_key = o.chat_key AND p.id < o.id "
        "  AND p.status = 'pending') "
        "ORDER BY o.urgent DESC, o.id LIMIT ?"
    );
    st.bind(1, now_ms).bind(2, static_cast<std::int64_t>(limit + busy.size()));
    std::vector<queued_call> out;
    while (st.step() && out.size() < limit) {
        queued_call call;
        call.id = st.int64(0);
        call.channel = st.text(1);
        call.chat_key = st.text(2);
        if (busy.contains(call.channel + "/" + call.chat_key)) {
            continue;
        }
        call.method = st.text(3);
        call.body = st.text(4);
        call.attempts = static_cast<int>(st.int64(5));
        call.urgent = st.int64(6) != 0;
        call.origin_ms = st.optional_int64(7);
        out.push_back(std::move(call));
    }
    st.reset();
    return out;
}

std::optional<std::int64_t> next_due_ms(storage::connection& db, std::int64_t now_ms) {
    // Calls already due are not counted: they wait for their chat's call in flight or for
    // the pace, and those wake the worker themselves.
    auto& st = db.prepared(
        "SELECT min(not_before_ms) FROM outbox INDEXED BY outbox_retry_at "
        "WHERE status = 'pending' AND not_before_ms > 0 AND not_before_ms > ? "
        "AND channel <> 'webchat'"
    );
    st.bind(1, now_ms);
    st.step();
    auto next = st.optional_int64(0);
    st.reset();
    return next;
}

void mark_sent(storage::connection& db, std::int64_t id, std::int64_t now_ms) {
    db.prepared(
          "UPDATE outbox SET status = 'sent', body = '', sent_ms = ?, attempts = attempts + 1 "
          "WHERE id = ?"
    )
        .bind(1, now_ms)
        .bind(2, id)
        .run();
}

void reschedule(
    storage::connection& db, std::int64_t id, std::int64_t not_before_ms, const std::string& error
) {
    db.prepared(
          "UPDATE outbox SET attempts = attempts + 1, not_before_ms = ?, last_error = ? WHERE id = "
          "?"
    )
        .bind(1, not_before_ms)
        .bind(2, error)
        .bind(3, id)
        .run();
}

void mark_dead(storage::connection& db, std::int64_t id, const std::string& error) {
    db.prepared(
          "UPDATE outbox SET status = 'dead', attempts = attempts + 1, last_error = ? WHERE id = ?"
    )
        .bind(1, error)
        .bind(2, id)
        .run();
}

void drop_chat(
    storage::connection& db,
    std::string_view channel,
    std::string_view chat_key,
    const std::string& error
) {
    db.prepared(
          "UPDATE outbox SET status = 'dead', last_error = ? "
          "WHERE status = 'pending' AND channel = ? AND chat_key = ?"
    )
        .bind(1, error)
        .bind(2, channel)
        .bind(3, chat_key)
        .run();
}

queue_depths read_depths(storage::connection& db) {
    queue_depths d;
    auto& inbox = db.prepared("SELECT count(*) FROM inbox WHERE processed_ms IS NULL");
    inbox.step();
    d.inbox_pending = inbox.int64(0);
    inbox.reset();
    auto& outbox = db.prepared(
        "SELECT coalesce(sum(status = 'pending'), 0), coalesce(sum(status = 'dead'), 0) FROM outbox"
    );
    outbox.step();
    d.outbox_pending = outbox.int64(0);
    d.outbox_dead = outbox.int64(1);
    outbox.reset();
    return d;
}

}  // namespace zaedno::delivery
