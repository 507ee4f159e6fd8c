// SQL of the inbox.
#include "bot/inbox/inbox_repository.hpp"

namespace zaedno::inbox {

store_outcome store_update(
    storage::connection& db,
    std::string_view channel,
    std::string_view dedupe_key,
    std::string_view chat_key,
    std::string_view body,
    std::int64_t received_ms
) {
    db.prepared(
          "INSERT INTO inbox (channel, dedupe_key, chat_key, body, received_ms) "
          "VALUES (?, ?, ?, ?, ?) ON CONFLICT (channel, dedupe_key) DO NOTHING"
    )
        .bind(1, channel)
        .bind(2, dedupe_key)
        .bind(3, chat_key)
        .bind(4, body)
        .bind(5, received_ms)
        .run();
    return db.changes() == 0 ? store_outcome::duplicate : store_outcome::stored;
}

store_outcome store_processed_update(
    storage::connection& db,
    std::string_view channel,
    std::string_view dedupe_key,
    std::string_view chat_key,
    std::int64_t received_ms,
    std::int64_t processed_ms
) {
    db.prepared(
          "INSERT INTO inbox (channel, dedupe_key, chat_key, received_ms, processed_ms) "
          "VALUES (?, ?, ?, ?, ?) ON CONFLICT (channel, dedupe_key) DO NOTHING"
    )
        .bind(1, channel)
        .bind(2, dedupe_key)
        .bind(3, chat_key)
        .bind(4, received_ms)
        .bind(5, processed_ms)
        .run();
    return db.changes() == 0 ? store_outcome::duplicate : store_outcome::stored;
}

bool chat_has_pending(
    storage::connection& db, std::string_view channel, std::string_view chat_key
) {
    auto& st = db.prepared(
        "SELECT 1 FROM inbox INDEXED BY inbox_pending_by_chat "
        "WHERE channel = ? AND chat_key = ? AND processed_ms IS NULL LIMIT 1"
    );
    st.bind(1, channel).bind(2, chat_key);
    bool pending = st.step();
    st.reset();
    return pending;
}

std::vector<pending_update> pending_updates(storage::connection& db, std::size_t limit) {
    auto& st = db.prepared(
        "SELECT id, channel, chat_key, body, received_ms FROM inbox "
        "WHERE processed_ms IS NULL ORDER BY id LIMIT ?"
    );
    st.bind(1, static_cast<std::int64_t>(limit));
    std::vector<pending_update> out;
    while (st.step()) {
        out.push_back({st.int64(0), st.text(1), st.text(2), st.text(3), st.int64(4)});
    }
    st.reset();
    return out;
}

void mark_processed(storage::connection& db, std::int64_t id, std::int64_t now_ms) {
    db.prepared("UPDATE inbox SET processed_ms = ?, body = NULL WHERE id = ?")
        .bind(1, now_ms)
        .bind(2, id)
        .run();
}

void mark_failed(
    storage::connection& db, std::int64_t id, std::int64_t now_ms, const std::string& error
) {
    db.prepared("UPDATE inbox SET processed_ms = ?, failure = ? WHERE id = ?")
        .bind(1, now_ms)
        .bind(2, error)
        .bind(3, id)
        .run();
}

void mark_failed_with_body(
    storage::connection& db,
    std::int64_t id,
    std::int64_t now_ms,
    const std::string& error,
    std::string_view body
) {
    db.prepared("UPDATE inbox SET processed_ms = ?, failure = ?, body = ? WHERE id = ?")
        .bind(1, now_ms)
        .bind(2, error)
        .bind(3, body)
        .bind(4, id)
        .run();
}

std::int64_t purge_processed(storage::connection& db, std::int64_t older_than_ms) {
    db.prepared("DELETE FROM inbox WHERE processed_ms IS NOT NULL AND processed_ms < ?")
        .bind(1, older_than_ms)
        .run();
    return db.changes();
}

}  // namespace zaedno::inbox
