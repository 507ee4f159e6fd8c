// SQL for the caseworker queue. Times are unix seconds here and ISO-8601 only in JSON.
#include "bot/handoff/handoff_repository.hpp"

#include <algorithm>

#include "bot/audit/audit_log.hpp"
#include "bot/reports/recorder.hpp"

namespace zaedno::handoff {

namespace {

nlohmann::json iso_or_null(const std::optional<std::int64_t>& t) {
    return t ? nlohmann::json(audit::iso_utc(*t)) : nlohmann::json(nullptr);
}

template <class T>
nlohmann::json or_null(const std::optional<T>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

// ?1 = the viewer's account id (for unread); the WHERE clause is appended per use.
constexpr std::string_view summary_select =
    "SELECT c.id, p.channel, c.status, c.priority, p.language, c.waiting_since, "
    "c.handoff_reason, c.assigned_to, a.username, c.crisis, p.display_name, "
    "(SELECT max(m.at) FROM messages m WHERE m.conversation_id = c.id), "
    "(SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.author = 'user' "
    " AND m.id > coalesce((SELECT r.last_message_id FROM conversation_reads r "
    "  WHERE r.conversation_id = c.id AND r.account_id = ?1), 0)) "
    "FROM conversations c JOIN people p ON p.id = c.person_id "
    "LEFT JOIN accounts a ON a.id = c.assigned_to ";

summary read_summary(storage::statement& st) {
    summary s;
    s.id = st.int64(0);
    s.channel = st.text(1);
    s.status = st.text(2);
    s.priority = st.text(3);
    s.language = st.text(4);
    s.waiting_since = st.optional_int64(5);
    s.handoff_reason = st.optional_text(6);
    s.assigned_to_id = st.optional_int64(7);
    s.assigned_to = st.optional_text(8);
    s.crisis = st.int64(9) != 0;
    s.display_name = st.optional_text(10);
    s.last_message_at = st.optional_int64(11);
    s.unread = st.int64(12);
    return s;
}

constexpr std::string_view line_select =
    "SELECT m.id, m.conversation_id, m.direction, m.author, m.text, m.at, m.attachment_kind, "
    "m.attachment_ref, p.channel, a.username FROM messages m JOIN conversations c ON c.id = "
    "m.conversation_id JOIN people p ON p.id = c.person_id "
    "LEFT JOIN accounts a ON a.id = m.account_id ";

transcript_line read_line(storage::statement& st) {
    transcript_line l;
    l.id = st.int64(0);
    l.conversation_id = st.int64(1);
    l.direction = st.text(2);
    l.author = st.text(3);
    l.text = st.text(4);
    l.at = st.int64(5);
    l.attachment_kind = st.optional_text(6);
    l.attachment_ref = st.optional_text(7);
    l.channel = st.text(8);
    l.caseworker = st.optional_text(9);
    return l;
}

note read_note(storage::statement& st) {
    return {st.int64(0), st.int64(1), st.text(2), st.text(3), st.int64(4)};
}

std::int64_t single_number(storage::connection& db, std::string_view sql) {
    auto& st = db.prepared(sql);
    st.step();
    auto n = st.is_null(0) ? 0 : st.int64(0);
    st.reset();
    return n;
}

}  // namespace

nlohmann::json to_json(const summary& s) {
    return {
        {"id", s.id},
        {"channel", s.channel},
        {"status", s.status},
        {"priority", s.priority},
        {"language", s.language.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.language)},
        {"waiting_since", iso_or_null(s.waiting_since)},
        {"handoff_reason", or_null(s.handoff_reason)},
        {"assigned_to", or_null(s.assigned_to)},
        {"unread", s.unread},
        {"crisis", s.crisis},
        {"display_name", or_null(s.display_name)},
        {"last_message_at", iso_or_null(s.last_message_at)},
    };
}

bool queue_order(const summary& a, const summary& b) {
    bool a_urgent = a.priority == "urgent";
    bool b_urgent = b.priority == "urgent";
    if (a_urgent != b_urgent) {
        return a_urgent;
    }
    if (a.waiting_since.has_value() != b.waiting_since.has_value()) {
        return a.waiting_since.has_value();
    }
    if (a.waiting_since && *a.waiting_since != *b.waiting_since) {
        return *a.waiting_since < *b.waiting_since;
    }
    if (!a.waiting_since) {
        return a.last_message_at.value_or(0) > b.last_message_at.value_or(0) ||
               (a.last_message_at.value_or(0) == b.last_message_at.value_or(0) && a.id > b.id);
    }
    return a.id < b.id;
}

std::vector<summary> list_summaries(
    storage::connection& db,
    const std::vector<std::string>& wanted,
    std::int64_t viewer,
    std::int64_t limit
) {
    std::vector<summary> out;
    auto& st = db.prepared(
        std::string(summary_select) +
        "WHERE c.status = ?2 ORDER BY c.priority = 'urgent' DESC, c.waiting_since IS NULL, "
        "c.waiting_since, c.updated_at DESC LIMIT ?3"
    );
    for (const auto& status : wanted) {
        st.bind(1, viewer).bind(2, status).bind(3, limit);
        while (st.step()) {
            out.push_back(read_summary(st));
        }
        st.reset();
    }
    std::stable_sort(out.begin(), out.end(), queue_order);
    return out;
}

std::optional<summary> find_summary(storage::connection& db, std::int64_t id, std::int64_t viewer) {
    auto& st = db.prepared(std::string(summary_select) + "WHERE c.id = ?2");
    st.bind(1, viewer).bind(2, id);
    std::optional<summary> out;
    if (st.step()) {
        out = read_summary(st);
    }
    st.reset();
    return out;
}

nlohmann::json to_json(const transcript_line& line) {
    nlohmann::json attachment = nullptr;
    if (line.attachment_kind) {
        const auto& ref = line.attachment_ref.value_or("");
        nlohmann::json url = nullptr;
        if (ref.starts_with("https://") || ref.starts_with("http://")) {
            url = ref;
        } else if (line.channel == "telegram" && !ref.empty()) {
            url = "/api/v1/conversations/" + std::to_string(line.conversation_id) +
                  "/attachments/" + std::to_string(line.id);
        }
        attachment = {{"kind", *line.attachment_kind}, {"url", url}};
    }
    return {
        {"id", line.id},
        {"direction", line.direction},
        {"author", line.author},
        {"caseworker", line.caseworker ? nlohmann::json(*line.caseworker) : nlohmann::json()},
        {"text", line.text},
        {"at", audit::iso_utc(line.at)},
        {"attachment", attachment},
    };
}

std::vector<transcript_line> transcript(
    storage::connection& db, std::int64_t conversation_id, std::int64_t limit
) {
    auto& st = db.prepared(
        std::string(line_select) + "WHERE m.conversation_id = ? ORDER BY m.id DESC LIMIT ?"
    );
    st.bind(1, conversation_id).bind(2, limit);
    std::vector<transcript_line> out;
    while (st.step()) {
        out.push_back(read_line(st));
    }
    st.reset();
    std::reverse(out.begin(), out.end());
    return out;
}

std::vector<transcript_line> lines_after(
    storage::connection& db, std::int64_t after, std::int64_t limit
) {
    auto& st = db.prepared(std::string(line_select) + "WHERE m.id > ? ORDER BY m.id LIMIT ?");
    st.bind(1, after).bind(2, limit);
    std::vector<transcript_line> out;
    while (st.step()) {
        out.push_back(read_line(st));
    }
    st.reset();
    return out;
}

std::optional<transcript_line> find_line(storage::connection& db, std::int64_t message_id) {
    auto& st = db.prepared(std::string(line_select) + "WHERE m.id = ?");
    st.bind(1, message_id);
    std::optional<transcript_line> out;
    if (st.step()) {
        out = read_line(st);
    }
    st.reset();
    return out;
}

nlohmann::json to_json(const note& n) {
    return {{"id", n.id}, {"author", n.author}, {"text", n.text}, {"at", audit::iso_utc(n.at)}};
}

std::vector<note> notes_of(storage::connection& db, std::int64_t conversation_id) {
    auto& st = db.prepared(
        "SELECT id, conversation_id, author, text, at FROM conversation_notes "
        "WHERE conversation_id = ? ORDER BY id"
    );
    st.bind(1, conversation_id);
    std::vector<note> out;
    while (st.step()) {
        out.push_back(read_note(st));
    }
    st.reset();
    return out;
}

std::vector<note> notes_after(storage::connection& db, std::int64_t after, std::int64_t limit) {
    auto& st = db.prepared(
        "SELECT id, conversation_id, author, text, at FROM conversation_notes "
        "WHERE id > ? ORDER BY id LIMIT ?"
    );
    st.bind(1, after).bind(2, limit);
    std::vector<note> out;
    while (st.step()) {
        out.push_back(read_note(st));
    }
    st.reset();
    return out;
}

note add_note(
    storage::connection& db,
    std::int64_t conversation_id,
    const auth::principal& who,
    std::string_view text,
    std::int64_t now
) {
    db.prepared(
          "INSERT INTO conversation_notes (conversation_id, account_id, author, text, at) "
          "VALUES (?, ?, ?, ?, ?)"
    )
        .bind(1, conversation_id)
        .bind(2, who.account_id)
        .bind(3, who.username)
        .bind(4, text)
        .bind(5, now)
        .run();
    return {db.last_insert_rowid(), conversation_id, who.username, std::string(text), now};
}

std::int64_t newest_message_id(storage::connection& db) {
    return single_number(db, "SELECT max(id) FROM messages");
}

std::int64_t newest_note_id(storage::connection& db) {
    return single_number(db, "SELECT max(id) FROM conversation_notes");
}

void mark_read(storage::connection& db, std::int64_t conversation_id, std::int64_t account_id) {
    db.prepared(
          "INSERT INTO conversation_reads (conversation_id, account_id, last_message_id) "
          "SELECT ?1, ?2, coalesce(max(id), 0) FROM messages WHERE conversation_id = ?1 "
          "ON CONFLICT (conversation_id, account_id) DO UPDATE SET "
          "last_message_id = excluded.last_message_id"
    )
        .bind(1, conversation_id)
        .bind(2, account_id)
        .run();
}

claim_result claim(
    storage::connection& db, std::int64_t conversation_id, std::int64_t account_id, std::int64_t now
) {
    claim_result out;
    auto& before = db.prepared(
        "SELECT c.status, c.assigned_to, a.username, c.waiting_since, p.channel, p.language "
        "FROM conversations c JOIN people p ON p.id = c.person_id "
        "LEFT JOIN accounts a ON a.id = c.assigned_to WHERE c.id = ?"
    );
    before.bind(1, conversation_id);
    if (!before.step()) {
        before.reset();
        return out;
    }
    auto status = before.text(0);
    auto holder_id = before.optional_int64(1);
    auto holder = before.optional_text(2);
    auto waiting_since = before.optional_int64(3).value_or(now);
    auto channel = before.text(4);
    auto language = before.text(5);
    before.reset();
    if (status == "assigned" && holder_id == account_id) {
        out.outcome = claim_outcome::already_yours;
        return out;
    }
    // The condition, not the read above, decides: a claim committed by someone else between
    // the two leaves this UPDATE without a row to change.
    db.prepared(
          "UPDATE conversations SET status = 'assigned', assigned_to = ?, assigned_at = ?, "
          "waiting_since = coalesce(waiting_since, ?) WHERE id = ? AND status IN ('waiting', 'bot')"
    )
        .bind(1, account_id)
        .bind(2, now)
        .bind(3, now)
        .bind(4, conversation_id)
        .run();
    if (db.changes() == 1) {
        out.outcome = claim_outcome::claimed;
        out.from_queue = status == "waiting";
        if (out.from_queue) {
            reports::handoff_taken(db, {channel, language}, waiting_since, now);
        }
        return out;
    }
    out.outcome = status == "closed" ? claim_outcome::closed : claim_outcome::taken;
    out.holder = holder;
    return out;
}

void assign_to(
    storage::connection& db, std::int64_t conversation_id, std::int64_t account_id, std::int64_t now
) {
    db.prepared(
          "UPDATE conversations SET status = 'assigned', assigned_to = ?, assigned_at = ?, "
          "waiting_since = coalesce(waiting_since, ?) WHERE id = ?"
    )
        .bind(1, account_id)
        .bind(2, now)
        .bind(3, now)
        .bind(4, conversation_id)
        .run();
}

void end_handoff(storage::connection& db, std::int64_t conversation_id, std::string_view status) {
    db.prepared(
          "UPDATE conversations SET status = ?, assigned_to = NULL, assigned_at = NULL, "
          "priority = 'normal', crisis = 0, handoff_reason = NULL, waiting_since = NULL "
          "WHERE id = ?"
    )
        .bind(1, status)
        .bind(2, conversation_id)
        .run();
}

nlohmann::json to_json(const canned_reply& c) {
    return {{"id", c.id}, {"language", c.language}, {"title", c.title}, {"text", c.text}};
}

std::vector<canned_reply> canned_replies(
    storage::connection& db, const std::optional<std::string>& language
) {
    auto& st = db.prepared(
        "SELECT id, language, title, text FROM canned_replies "
        "WHERE ?1 IS NULL OR language = ?1 ORDER BY language, title, id"
    );
    st.bind(1, language);
    std::vector<canned_reply> out;
    while (st.step()) {
        out.push_back({st.int64(0), st.text(1), st.text(2), st.text(3)});
    }
    st.reset();
    return out;
}

canned_reply add_canned_reply(
    storage::connection& db,
    std::string_view language,
    std::string_view title,
    std::string_view text,
    std::string_view created_by,
    std::int64_t now
) {
    db.prepared(
          "INSERT INTO canned_replies (language, title, text, created_by, created_at) "
          "VALUES (?, ?, ?, ?, ?)"
    )
        .bind(1, language)
        .bind(2, title)
        .bind(3, text)
        .bind(4, created_by)
        .bind(5, now)
        .run();
    return {db.last_insert_rowid(), std::string(language), std::string(title), std::string(text)};
}

bool delete_canned_reply(storage::connection& db, std::int64_t id) {
    db.prepared("DELETE FROM canned_replies WHERE id = ?").bind(1, id).run();
    return db.changes() == 1;
}

std::optional<auth::principal> find_principal(storage::connection& db, std::string_view username) {
    auto account = auth::find_account(db, username);
    if (!account || !account->active) {
        return std::nullopt;
    }
    return auth::principal{account->id, account->username, account->role};
}

}  // namespace zaedno::handoff
