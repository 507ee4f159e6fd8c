// Rows the appointment tests need: people with a conversation, and a service open every day.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "bot/appointments/repository.hpp"
#include "bot/storage/connection.hpp"

namespace zaedno::appointments::test {

inline std::int64_t add_person(
    storage::connection& db,
    const std::string& channel,
    const std::string& chat_key,
    const std::string& language
) {
    db.prepared(
          "INSERT INTO people (channel, channel_user, language, created_at) VALUES (?, ?, ?, 0)"
    )
        .bind(1, channel)
        .bind(2, chat_key)
        .bind(3, language)
        .run();
    auto person = db.last_insert_rowid();
    db.prepared("INSERT INTO conversations (person_id, updated_at, created_at) VALUES (?, 0, 0)")
        .bind(1, person)
        .run();
    return person;
}

inline std::int64_t location_id(storage::connection& db, const std::string& code) {
    auto& st = db.prepared("SELECT id FROM appointment_locations WHERE code = ?");
    st.bind(1, code);
    st.step();
    auto id = st.int64(0);
    st.reset();
    return id;
}

/// The shipped holidays close every service on fixed dates; tests that book "tomorrow" or
/// "in three days" remove them so they pass whatever day they run.
inline void clear_sample_holidays(storage::connection& db) {
    db.exec("DELETE FROM appointment_exceptions WHERE sample = 1");
}

/// A new service open every day of the week from `from` to `to` (local minutes) at the
/// sample community centre, with the given capacity per slot; sample holidays removed.
inline service_record add_daily_service(
    storage::connection& db,
    const std::string& code,
    int capacity,
    int duration_minutes = 60,
    int from = 8 * 60,
    int to = 20 * 60
) {
    service_record s;
    s.code = code;
    s.names = {{"en", "Group session"}, {"bg", "Групова среща"}, {"ar", "جلسة جماعية"}};
    s.duration_minutes = duration_minutes;
    s.staff_languages = {"bg", "en"};
    s.interpreter_possible = true;
    s.id = save_service(db, s, 0);
    clear_sample_holidays(db);
    for (int weekday = 1; weekday <= 7; ++weekday) {
        schedule_record r;
        r.service_id = s.id;
        r.window = {location_id(db, "centre"), weekday, from, to, capacity, {}, {}};
        add_schedule(db, r);
    }
    return s;
}

}  // namespace zaedno::appointments::test
