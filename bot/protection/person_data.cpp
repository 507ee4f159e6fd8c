// Erasure and export of one person's data. Other parts' tables are found through the schema
// (a person_id or conversation_id column), so appointments, notes and the like are covered
// without this file knowing them, whether or not their branch is merged.
#include "bot/protection/person_data.hpp"

#include <ctime>
#include <vector>

#include <sqlite3.h>

#include "bot/reports/metrics.hpp"
#include "bot/reports/recorder.hpp"
#include "bot/storage/storage_error.hpp"

namespace zaedno::protection {

namespace {

struct person_row {
    std::int64_t id = 0;
    std::int64_t conversation_id = 0;
    std::string channel;
    std::string chat_key;
    std::string language;
    std::int64_t created_at = 0;
};

std::optional<person_row> find_person(storage::connection& db, std::int64_t person_id) {
    auto& st = db.prepared(
        "SELECT p.id, COALESCE(c.id, 0), p.channel, p.channel_user, p.language, p.created_at "
        "FROM people p LEFT JOIN conversations c ON c.person_id = p.id WHERE p.id = ?"
    );
    st.bind(1, person_id);
    std::optional<person_row> out;
    if (st.step()) {
        out = person_row{st.int64(0), st.int64(1), st.text(2), st.text(3), st.text(4), st.int64(5)};
    }
    st.reset();
    return out;
}

/// A column of another part's table that points at a person or a conversation.
struct reference_column {
    std::string table;
    std::string column;
    bool nullable = false;
};

std::string quoted(const std::string& name) {
    std::string out = "\"";
    for (char c : name) {
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return out + "\"";
}

/// Tables of this schema with a person_id or conversation_id column, except the ones this
/// file handles itself.
std::vector<reference_column> reference_columns(storage::connection& db) {
    std::vector<reference_column> out;
    auto& st = db.prepared(
        "SELECT m.name, i.name, i.\"notnull\" FROM sqlite_master m, pragma_table_info(m.name) i "
        "WHERE m.type = 'table' AND i.name IN ('person_id', 'conversation_id') "
        "AND m.name NOT IN ('people', 'conversations', 'messages') ORDER BY m.name, i.name"
    );
    while (st.step()) {
        out.push_back({st.text(0), st.text(1), st.int64(2) == 0});
    }
    st.reset();
    return out;
}

bool has_columns(
    storage::connection& db, const char* table, std::initializer_list<const char*> columns
) {
    auto& st = db.prepared("SELECT count(*) FROM pragma_table_info(?) WHERE name = ?");
    for (const char* column : columns) {
        st.bind(1, table).bind(2, column);
        st.step();
        auto found = st.int64(0) > 0;
        st.reset();
        if (!found) {
            return false;
        }
    }
    return true;
}

/// Bookings (the appointments part, when merged) hold places in appointment_slots.booked:
/// a booking erased with its person gives its place back, and one still ahead counts as
/// cancelled (the appointment will not happen; what already happened was counted then).
void settle_bookings(storage::connection& db, const person_row& p, std::int64_t now) {
    if (!has_columns(db, "appointment_bookings", {"slot_id", "person_id", "status"}) ||
        !has_columns(db, "appointment_slots", {"id", "starts_at", "booked"})) {
        return;
    }
    std::vector<std::int64_t> ahead;
    auto& st = db.prepared(
        "SELECT b.id FROM appointment_bookings b JOIN appointment_slots s ON s.id = b.slot_id "
        "WHERE b.person_id = ? AND b.status = 'booked' AND s.starts_at > ?"
    );
    st.bind(1, p.id).bind(2, now);
    while (st.step()) {
        ahead.push_back(st.int64(0));
    }
    st.reset();
    for (auto booking_id : ahead) {
        reports::booking_changed(db, booking_id, "booked", "cancelled", now);
    }
    db.prepared(
          "UPDATE appointment_slots SET booked = booked - 1 WHERE booked > 0 AND id IN "
          "(SELECT slot_id FROM appointment_bookings WHERE person_id = ? AND status <> 'cancelled')"
    )
        .bind(1, p.id)
        .run();
}

nlohmann::json column_value(sqlite3_stmt* st, int column) {
    switch (sqlite3_column_type(st, column)) {
        case SQLITE_INTEGER:
            return sqlite3_column_int64(st, column);
        case SQLITE_FLOAT:
            return sqlite3_column_double(st, column);
        case SQLITE_NULL:
            return nullptr;
        default: {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, column));
            return std::string(text == nullptr ? "" : text);
        }
    }
}

/// Every row of `sql` (one bound integer) as objects keyed by column name. Table names come
/// from sqlite_master, so the statement is built here rather than cached.
nlohmann::json rows_of(storage::connection& db, const std::string& sql, std::int64_t id) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
        throw storage::storage_error(sqlite3_errcode(db.handle()), sqlite3_errmsg(db.handle()));
    }
    std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> st(raw, &sqlite3_finalize);
    sqlite3_bind_int64(st.get(), 1, id);
    auto rows = nlohmann::json::array();
    int rc = 0;
    while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
        nlohmann::json row = nlohmann::json::object();
        for (int c = 0; c < sqlite3_column_count(st.get()); ++c) {
            row[sqlite3_column_name(st.get(), c)] = column_value(st.get(), c);
        }
        rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) {
        throw storage::storage_error(sqlite3_errcode(db.handle()), sqlite3_errmsg(db.handle()));
    }
    return rows;
}

std::string iso_time(std::int64_t seconds) {
    std::time_t t = seconds;
    std::tm utc{};
    gmtime_r(&t, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

nlohmann::json optional_time(const std::optional<std::int64_t>& seconds) {
    return seconds ? nlohmann::json(iso_time(*seconds)) : nlohmann::json();
}

nlohmann::json body_json(const std::optional<std::string>& body) {
    if (!body) {
        return nullptr;
    }
    auto parsed = nlohmann::json::parse(*body, nullptr, false);
    return parsed.is_discarded() ? nlohmann::json(*body) : parsed;
}

}  // namespace

bool erase_person(
    storage::connection& db, std::int64_t person_id, erase_reason reason, std::int64_t now
) {
    auto person = find_person(db, person_id);
    if (!person) {
        return false;
    }
    settle_bookings(db, *person, now);
    reports::count(
        db,
        reason == erase_reason::request ? reports::metric::erasures
                                        : reports::metric::purged_conversations,
        {person->channel, person->language},
        now
    );
    for (const auto& ref : reference_columns(db)) {
        auto id = ref.column == "person_id" ? person->id : person->conversation_id;
        auto sql = ref.nullable ? "UPDATE " + quoted(ref.table) + " SET " + quoted(ref.column) +
                                      " = NULL WHERE " + quoted(ref.column) + " = ?"
                                : "DELETE FROM " + quoted(ref.table) + " WHERE " +
                                      quoted(ref.column) + " = ?";
        rows_of(db, sql, id);
    }
    db.prepared("DELETE FROM messages WHERE conversation_id = ?")
        .bind(1, person->conversation_id)
        .run();
    db.prepared("DELETE FROM conversations WHERE person_id = ?").bind(1, person->id).run();
    db.prepared("DELETE FROM people WHERE id = ?").bind(1, person->id).run();
    // Calls still pending (the confirmation among them) go out; what was sent is forgotten.
    db.prepared(
          "DELETE FROM outbox WHERE channel = ? AND chat_key = ? AND status IN ('sent', 'dead')"
    )
        .bind(1, person->channel)
        .bind(2, person->chat_key)
        .run();
    // The dedupe keys stay (a re-delivered update must still be recognised); the chat id goes
    // from every row, the update being processed now included (processing reads the body,
    // which is cleared once processed), and stored bodies go from processed and failed ones.
    db.prepared(
          "UPDATE inbox SET chat_key = '', "
          "body = CASE WHEN processed_ms IS NULL THEN body END "
          "WHERE channel = ? AND chat_key = ?"
    )
        .bind(1, person->channel)
        .bind(2, person->chat_key)
        .run();
    return true;
}

std::optional<nlohmann::json> export_person(
    storage::connection& db, std::string_view channel, std::string_view chat_key
) {
    auto& st = db.prepared(
        "SELECT p.id, p.language, p.display_name, p.reachable, p.subscribed, p.consent_at, "
        "p.consent_notice, p.created_at, c.id, c.status, c.priority, c.handoff_reason, "
        "c.waiting_since, c.state, c.created_at, c.updated_at, p.reached_day "
        "FROM people p LEFT JOIN conversations c ON c.person_id = p.id "
        "WHERE p.channel = ? AND p.channel_user = ?"
    );
    st.bind(1, channel).bind(2, chat_key);
    if (!st.step()) {
        st.reset();
        return std::nullopt;
    }
    nlohmann::json out;
    auto person_id = st.int64(0);
    out["channel"] = channel;
    out["id"] = chat_key;
    out["profile"] = {
        {"language", st.text(1)},
        {"display_name", st.optional_text(2) ? nlohmann::json(*st.optional_text(2)) : nullptr},
        {"reachable", st.int64(3) != 0},
        {"subscribed", st.int64(4) != 0},
        {"consent_at", optional_time(st.optional_int64(5))},
        {"consent_notice", st.optional_text(6) ? nlohmann::json(*st.optional_text(6)) : nullptr},
        {"first_contact_at", iso_time(st.int64(7))},
        {"last_day_written",
         st.optional_text(16) ? nlohmann::json(*st.optional_text(16)) : nullptr}};
    auto conversation_id = st.optional_int64(8).value_or(0);
    if (conversation_id != 0) {
        auto state = nlohmann::json::parse(st.text(13), nullptr, false);
        out["conversation"] = {
            {"id", conversation_id},
            {"status", st.text(9)},
            {"priority", st.text(10)},
            {"handoff_reason",
             st.optional_text(11) ? nlohmann::json(*st.optional_text(11)) : nullptr},
            {"waiting_since", optional_time(st.optional_int64(12))},
            {"state", state.is_discarded() ? nlohmann::json(st.text(13)) : state},
            {"created_at", iso_time(st.int64(14))},
            {"updated_at", iso_time(st.int64(15))}};
    } else {
        out["conversation"] = nullptr;
    }
    st.reset();

    auto& msgs = db.prepared(
        "SELECT direction, author, text, at FROM messages WHERE conversation_id = ? ORDER BY id"
    );
    msgs.bind(1, conversation_id);
    out["messages"] = nlohmann::json::array();
    while (msgs.step()) {
        out["messages"].push_back(
            {{"direction", msgs.text(0)},
             {"author", msgs.text(1)},
             {"text", msgs.text(2)},
             {"at", iso_time(msgs.int64(3))}}
        );
    }
    msgs.reset();

    out["related"] = nlohmann::json::object();
    for (const auto& ref : reference_columns(db)) {
        auto id = ref.column == "person_id" ? person_id : conversation_id;
        auto rows = rows_of(
            db, "SELECT * FROM " + quoted(ref.table) + " WHERE " + quoted(ref.column) + " = ?", id
        );
        auto& list = out["related"][ref.table];
        if (list.is_null()) {
            list = nlohmann::json::array();
        }
        for (auto& row : rows) {
            list.push_back(std::move(row));
        }
    }

    auto& outbox = db.prepared(
        "SELECT method, body, status, created_ms, sent_ms FROM outbox "
        "WHERE channel = ? AND chat_key = ? ORDER BY id"
    );
    outbox.bind(1, channel).bind(2, chat_key);
    out["outbox"] = nlohmann::json::array();
    while (outbox.step()) {
        auto sent = outbox.optional_int64(4);
        out["outbox"].push_back(
            {{"method", outbox.text(0)},
             {"body", body_json(outbox.text(1))},
             {"status", outbox.text(2)},
             {"created_at", iso_time(outbox.int64(3) / 1000)},
             {"sent_at", sent ? nlohmann::json(iso_time(*sent / 1000)) : nullptr}}
        );
    }
    outbox.reset();

    auto& inbox = db.prepared(
        "SELECT received_ms, processed_ms, body FROM inbox WHERE channel = ? AND chat_key = ? "
        "ORDER BY id"
    );
    inbox.bind(1, channel).bind(2, chat_key);
    out["inbox"] = nlohmann::json::array();
    while (inbox.step()) {
        auto processed = inbox.optional_int64(1);
        out["inbox"].push_back(
            {{"received_at", iso_time(inbox.int64(0) / 1000)},
             {"processed_at", processed ? nlohmann::json(iso_time(*processed / 1000)) : nullptr},
             {"body", body_json(inbox.optional_text(2))}}
        );
    }
    inbox.reset();
    return out;
}

}  // namespace zaedno::protection
