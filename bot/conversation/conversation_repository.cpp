// SQL for people and conversations; the engine state is stored as JSON text (state_codec).
#include "bot/conversation/conversation_repository.hpp"

#include "bot/conversation/state_codec.hpp"
#include "bot/protection/person_data.hpp"
#include "bot/reports/recorder.hpp"

namespace zaedno::conversation {

namespace {

bool load(
    storage::connection& db,
    std::string_view channel,
    std::string_view chat_key,
    std::int64_t now,
    conversation_record& rec
) {
    auto& st = reports::dated_statement(
        db,
        "SELECT p.id, c.id, c.status, c.priority, p.reachable, p.subscribed, c.state, "
        "p.language, p.display_name, p.reached_day IS zaedno_local_day(?3) "
        "FROM people p JOIN conversations c ON c.person_id = p.id "
        "WHERE p.channel = ?1 AND p.channel_user = ?2"
    );
    st.bind(1, channel).bind(2, chat_key).bind(3, now);
    if (!st.step()) {
        st.reset();
        return false;
    }
    rec.person_id = st.int64(0);
    rec.conversation_id = st.int64(1);
    rec.status = st.text(2);
    rec.priority = st.text(3);
    rec.reachable = st.int64(4) != 0;
    rec.subscribed = st.int64(5) != 0;
    rec.state = decode_state(st.text_view(6));
    rec.person_language = st.text(7);
    rec.display_name = st.optional_text(8);
    rec.reached_today = st.int64(9) != 0;
    st.reset();
    return true;
}

}  // namespace

conversation_record load_or_create(
    storage::connection& db, std::string_view channel, std::string_view chat_key, std::int64_t now
) {
    conversation_record rec;
    rec.channel = channel;
    rec.chat_key = chat_key;
    if (load(db, channel, chat_key, now, rec)) {
        return rec;
    }
    db.prepared("INSERT INTO people (channel, channel_user, created_at) VALUES (?, ?, ?)")
        .bind(1, channel)
        .bind(2, chat_key)
        .bind(3, now)
        .run();
    rec.person_id = db.last_insert_rowid();
    db.prepared(
          "INSERT INTO conversations (person_id, state, updated_at, created_at) VALUES (?, '{}', "
          "?, ?)"
    )
        .bind(1, rec.person_id)
        .bind(2, now)
        .bind(3, now)
        .run();
    rec.conversation_id = db.last_insert_rowid();
    return rec;
}

void save_state(storage::connection& db, const conversation_record& rec, std::int64_t now) {
    db.prepared(
          "UPDATE conversations SET state = ?, updated_at = ?, "
          "status = CASE WHEN status = 'closed' THEN 'bot' ELSE status END WHERE id = ?"
    )
        .bind(1, encode_state(rec.state))
        .bind(2, now)
        .bind(3, rec.conversation_id)
        .run();
    if (rec.state.language == rec.person_language) {
        return;
    }
    db.prepared("UPDATE people SET language = ? WHERE id = ? AND language <> ?")
        .bind(1, rec.state.language)
        .bind(2, rec.person_id)
        .bind(3, rec.state.language)
        .run();
}

void add_message(
    storage::connection& db,
    std::int64_t conversation_id,
    std::string_view direction,
    std::string_view author,
    std::string_view text,
    std::int64_t at,
    std::optional<std::int64_t> account_id
) {
    db.prepared(
          "INSERT INTO messages (conversation_id, direction, author, text, at, account_id) "
          "VALUES (?, ?, ?, ?, ?, ?)"
    )
        .bind(1, conversation_id)
        .bind(2, direction)
        .bind(3, author)
        .bind(4, text)
        .bind(5, at)
        .bind(6, account_id)
        .run();
}

void request_handoff(
    storage::connection& db,
    conversation_record& rec,
    std::string_view reason,
    std::string_view priority,
    std::int64_t now
) {
    reports::handoff_requested(
        db, {rec.channel, rec.state.language}, reason, !rec.with_caseworker(), now
    );
    bool urgent = priority == "urgent";
    // The console flags a crisis even when a caseworker already has the conversation.
    int crisis = reason == "crisis" ? 1 : 0;
    if (rec.with_caseworker()) {
        if (urgent && (rec.priority != "urgent" || crisis == 1)) {
            db.prepared(
                  "UPDATE conversations SET priority = 'urgent', handoff_reason = ?, "
                  "crisis = max(crisis, ?) WHERE id = ?"
            )
                .bind(1, reason)
                .bind(2, crisis)
                .bind(3, rec.conversation_id)
                .run();
            rec.priority = "urgent";
        }
        return;
    }
    db.prepared(
          "UPDATE conversations SET status = 'waiting', priority = ?, handoff_reason = ?, "
          "waiting_since = ?, crisis = ? WHERE id = ?"
    )
        .bind(1, urgent ? "urgent" : "normal")
        .bind(2, reason)
        .bind(3, now)
        .bind(4, crisis)
        .bind(5, rec.conversation_id)
        .run();
    rec.status = "waiting";
    rec.priority = urgent ? "urgent" : "normal";
}

void set_attachment(
    storage::connection& db, std::int64_t message_id, std::string_view kind, std::string_view ref
) {
    db.prepared("UPDATE messages SET attachment_kind = ?, attachment_ref = ? WHERE id = ?")
        .bind(1, kind)
        .bind(2, ref)
        .bind(3, message_id)
        .run();
}

void set_reachable(storage::connection& db, std::int64_t person_id, bool reachable) {
    db.prepared("UPDATE people SET reachable = ? WHERE id = ?")
        .bind(1, reachable ? 1 : 0)
        .bind(2, person_id)
        .run();
}

void set_subscribed(storage::connection& db, std::int64_t person_id, bool subscribed) {
    db.prepared("UPDATE people SET subscribed = ? WHERE id = ?")
        .bind(1, subscribed ? 1 : 0)
        .bind(2, person_id)
        .run();
}

void set_consent(storage::connection& db, std::int64_t person_id, bool given, std::int64_t now) {
    // The notice of the version being published now is the one the person was shown.
    auto& st = db.prepared(
        "UPDATE people SET consent_at = ?, consent_notice = CASE WHEN ? THEN "
        "(SELECT notice_version FROM content_versions WHERE state = 'published') END "
        "WHERE id = ?"
    );
    if (given) {
        st.bind(1, now);
    } else {
        st.bind_null(1);
    }
    st.bind(2, given ? 1 : 0).bind(3, person_id).run();
}

void set_display_name(storage::connection& db, std::int64_t person_id, std::string_view name) {
    db.prepared("UPDATE people SET display_name = ? WHERE id = ? AND display_name IS NOT ?")
        .bind(1, name)
        .bind(2, person_id)
        .bind(3, name)
        .run();
}

void erase_person_data(storage::connection& db, conversation_record& rec, std::int64_t now) {
    protection::erase_person(db, rec.person_id, protection::erase_reason::request, now);
    rec.person_language.clear();
    rec.display_name.reset();
    rec.status = "bot";
    rec.priority = "normal";
}

}  // namespace zaedno::conversation
