// The counters behind reports. Days come from the SQL function zaedno_local_day, so every
// hook is one call with no zone to pass around, and each event costs one cached statement.
#include "bot/reports/recorder.hpp"

#include <algorithm>

#include <sqlite3.h>

#include "bot/reports/calendar.hpp"
#include "bot/reports/metrics.hpp"
#include "bot/storage/storage_error.hpp"

namespace zaedno::reports {

namespace {

constexpr const char* day_function = "zaedno_local_day";

void local_day_sql(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    const auto* zone = static_cast<const std::string*>(sqlite3_user_data(ctx));
    auto text = format_date(local_date(*zone, sqlite3_value_int64(argv[0])));
    sqlite3_result_text(ctx, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

void delete_zone(void* zone) {
    delete static_cast<std::string*>(zone);
}

void add_on_day(
    storage::connection& db,
    std::string_view metric,
    const audience& who,
    const std::string& day,
    std::string_view subject
) {
    db.prepared(
          "INSERT INTO anonymous_counts (day, channel, language, metric, subject, count) "
          "VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (day, channel, language, metric, subject) "
          "DO UPDATE SET count = count + 1"
    )
        .bind(1, day)
        .bind(2, who.channel)
        .bind(3, who.language)
        .bind(4, metric)
        .bind(5, std::string(subject))  // a default string_view has no data: it would bind NULL
        .run();
}

bool status_counted_on_appointment_day(std::string_view status) {
    return status == "attended" || status == "no_show";
}

std::string_view metric_of_status(std::string_view status) {
    if (status == "booked") {
        return metric::appointments_booked;
    }
    if (status == "cancelled") {
        return metric::appointments_cancelled;
    }
    if (status == "attended") {
        return metric::appointments_attended;
    }
    return metric::appointments_no_show;
}

}  // namespace

void use_time_zone(storage::connection& db, const std::string& zone) {
    auto* owned = new std::string(zone);
    // SQLite owns the zone from here on, and frees it with delete_zone even on failure.
    int rc = sqlite3_create_function_v2(
        db.handle(),
        day_function,
        1,
        SQLITE_UTF8 | SQLITE_DETERMINISTIC,
        owned,
        &local_day_sql,
        nullptr,
        nullptr,
        &delete_zone
    );
    if (rc != SQLITE_OK) {
        throw storage::storage_error(rc, sqlite3_errmsg(db.handle()));
    }
}

storage::statement& dated_statement(storage::connection& db, std::string_view sql) {
    try {
        return db.prepared(sql);
    } catch (const storage::storage_error& e) {
        if (std::string_view(e.what()).find(day_function) == std::string_view::npos) {
            throw;
        }
    }
    use_time_zone(db, default_time_zone);
    return db.prepared(sql);
}

void count(
    storage::connection& db,
    std::string_view metric,
    const audience& who,
    std::int64_t at,
    std::string_view subject,
    std::int64_t n
) {
    dated_statement(
        db,
        "INSERT INTO anonymous_counts (day, channel, language, metric, subject, count) "
        "VALUES (zaedno_local_day(?), ?, ?, ?, ?, ?) "
        "ON CONFLICT (day, channel, language, metric, subject) "
        "DO UPDATE SET count = count + excluded.count"
    )
        .bind(1, at)
        .bind(2, who.channel)
        .bind(3, who.language)
        .bind(4, metric)
        .bind(5, std::string(subject))
        .bind(6, n)
        .run();
}

void person_wrote(
    storage::connection& db,
    const conversation::conversation_record& rec,
    std::int64_t inactivity_timeout_seconds,
    std::int64_t now
) {
    const audience who{rec.channel, rec.state.language};
    bool first_message = false;
    // Loading the conversation already told whether today is counted: most messages write nothing.
    if (!rec.reached_today) {
        auto& st = dated_statement(
            db,
            "UPDATE people SET reached_before = reached_day, reached_day = zaedno_local_day(?1) "
            "WHERE id = ?2 AND reached_day IS NOT zaedno_local_day(?1) "
            "RETURNING reached_before, reached_day"
        );
        st.bind(1, now).bind(2, rec.person_id);
        if (st.step()) {
            auto before = st.optional_text(0);
            auto today = parse_date(st.text(1));
            st.reset();
            auto previous = before ? parse_date(*before) : std::nullopt;
            if (today) {
                add_on_day(db, metric::people_reached_day, who, format_date(*today), {});
                for (auto [p, name] :
                     {std::pair{period::week, metric::people_reached_week},
                      std::pair{period::month, metric::people_reached_month}}) {
                    auto start = period_start(*today, p);
                    if (!previous || period_start(*previous, p) != start) {
                        add_on_day(db, name, who, format_date(start), {});
                    }
                }
            }
            if (!before) {
                first_message = true;
                count(db, metric::new_people, who, now);
            }
        } else {
            st.reset();
        }
    }
    const auto& state = rec.state;
    bool returning = rec.status == "bot" && state.last_activity > 0 &&
                     now - state.last_activity >= inactivity_timeout_seconds;
    // A Viber person who opened the chat already has a state before their first message.
    if (first_message || state.is_new() || rec.status == "closed" || returning) {
        count(db, metric::conversations_started, who, now);
    }
}

void flow_effect(
    storage::connection& db, const audience& who, const engine::effect& e, std::int64_t now
) {
    if (const auto* started = std::get_if<engine::flow_started>(&e)) {
        count(db, metric::flows_started, who, now, started->flow);
    } else if (const auto* finished = std::get_if<engine::flow_finished>(&e)) {
        count(db, metric::flows_finished, who, now, finished->flow);
    }
}

void handoff_requested(
    storage::connection& db,
    const audience& who,
    std::string_view reason,
    bool enters_queue,
    std::int64_t now
) {
    if (reason == "crisis") {
        count(db, metric::crisis_events, who, now);
    }
    if (enters_queue) {
        count(db, metric::handoffs_requested, who, now, reason);
    }
}

void handoff_taken(
    storage::connection& db, const audience& who, std::int64_t waiting_since, std::int64_t now
) {
    dated_statement(
        db,
        "INSERT INTO anonymous_waits (day, channel, language, wait_seconds, count) "
        "VALUES (zaedno_local_day(?), ?, ?, ?, 1) "
        "ON CONFLICT (day, channel, language, wait_seconds) DO UPDATE SET count = count + 1"
    )
        .bind(1, now)
        .bind(2, who.channel)
        .bind(3, who.language)
        .bind(4, std::max<std::int64_t>(0, now - waiting_since))
        .run();
}

void booking_changed(
    storage::connection& db,
    std::int64_t booking_id,
    std::string_view from,
    std::string_view to,
    std::int64_t now
) {
    if (from == to) {
        return;
    }
    if (status_counted_on_appointment_day(from)) {
        // Only a count this booking added is taken back, so a count never goes below zero.
        dated_statement(
            db,
            "UPDATE anonymous_counts SET count = count - 1 WHERE count > 0 "
            "AND (day, channel, language, metric, subject) = ("
            "SELECT zaedno_local_day(s.starts_at), p.channel, b.language, ?2, "
            "CAST(s.service_id AS TEXT) FROM appointment_bookings b "
            "JOIN appointment_slots s ON s.id = b.slot_id JOIN people p ON p.id = b.person_id "
            "WHERE b.id = ?1)"
        )
            .bind(1, booking_id)
            .bind(2, metric_of_status(from))
            .run();
    }
    if (to == "booked" && !from.empty()) {
        return;  // a mark taken back: the booking was counted when it was made
    }
    dated_statement(
        db,
        "INSERT INTO anonymous_counts (day, channel, language, metric, subject, count) "
        "SELECT zaedno_local_day(CASE WHEN ?3 THEN s.starts_at ELSE ?4 END), p.channel, "
        "b.language, ?2, CAST(s.service_id AS TEXT), 1 FROM appointment_bookings b "
        "JOIN appointment_slots s ON s.id = b.slot_id JOIN people p ON p.id = b.person_id "
        "WHERE b.id = ?1 "
        "ON CONFLICT (day, channel, language, metric, subject) DO UPDATE SET count = count + 1"
    )
        .bind(1, booking_id)
        .bind(2, metric_of_status(to))
        .bind(3, status_counted_on_appointment_day(to) ? 1 : 0)
        .bind(4, now)
        .run();
}

}  // namespace zaedno::reports
