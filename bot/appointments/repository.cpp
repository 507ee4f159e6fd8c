// SQL for appointments. Cached statements are reset by a guard, so an exception in the middle
// of reading rows never leaves one half-stepped for the next job.
#include "bot/appointments/repository.hpp"

#include <algorithm>
#include <map>

#include "bot/reports/recorder.hpp"

namespace zaedno::appointments {

namespace {

using nlohmann::json;

class query {
public:
    query(storage::connection& db, std::string_view sql) : st_(db.prepared(sql)) { st_.reset(); }

    ~query() { st_.reset(); }

    query(const query&) = delete;
    query& operator=(const query&) = delete;

    storage::statement* operator->() { return &st_; }

    storage::statement& operator*() { return st_; }

private:
    storage::statement& st_;
};

json parse_json(const std::string& text, json fallback) {
    auto parsed = json::parse(text, nullptr, false);
    return parsed.is_discarded() ? fallback : parsed;
}

std::vector<std::string> string_list(const std::string& text) {
    std::vector<std::string> out;
    auto parsed = parse_json(text, json::array());
    for (const auto& item : parsed) {
        if (item.is_string()) {
            out.push_back(item.get<std::string>());
        }
    }
    return out;
}

std::vector<int> int_list(const std::string& text) {
    std::vector<int> out;
    auto parsed = parse_json(text, json::array());
    for (const auto& item : parsed) {
        if (item.is_number_integer()) {
            out.push_back(item.get<int>());
        }
    }
    return out;
}

constexpr std::string_view service_columns =
    "SELECT id, code, names, descriptions, duration_minutes, staff_languages, "
    "interpreter_possible, reminder_offsets, active, sample FROM appointment_services ";

service_record read_service(storage::statement& st) {
    service_record s;
    s.id = st.int64(0);
    s.code = st.text(1);
    s.names = parse_json(st.text(2), json::object());
    s.descriptions = parse_json(st.text(3), json::object());
    s.duration_minutes = static_cast<int>(st.int64(4));
    s.staff_languages = string_list(st.text(5));
    s.interpreter_possible = st.int64(6) != 0;
    s.reminder_offsets = int_list(st.text(7));
    s.active = st.int64(8) != 0;
    s.sample = st.int64(9) != 0;
    return s;
}

constexpr std::string_view location_columns =
    "SELECT id, code, names, address, map_url, directions, active, sample "
    "FROM appointment_locations ";

location_record read_location(storage::statement& st) {
    location_record l;
    l.id = st.int64(0);
    l.code = st.text(1);
    l.names = parse_json(st.text(2), json::object());
    l.address = st.text(3);
    l.map_url = st.optional_text(4);
    l.directions = parse_json(st.text(5), json::object());
    l.active = st.int64(6) != 0;
    l.sample = st.int64(7) != 0;
    return l;
}

std::optional<local_day> optional_day(const std::optional<std::string>& text) {
    return text ? parse_day(*text) : std::nullopt;
}

std::optional<std::string> optional_day_text(const std::optional<local_day>& day) {
    return day ? std::optional<std::string>(format_day(*day)) : std::nullopt;
}

std::optional<int> optional_int(const std::optional<std::int64_t>& v) {
    return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
}

std::optional<std::int64_t> optional_int64(const std::optional<int>& v) {
    return v ? std::optional<std::int64_t>(*v) : std::nullopt;
}

std::string text_of(const std::vector<std::string>& values) {
    return json(values).dump();
}

std::string text_of(const std::vector<int>& values) {
    return json(values).dump();
}

constexpr std::string_view booking_columns =
    "SELECT b.id, b.status, b.person_id, p.channel, p.display_name, b.language, "
    "b.interpreter_language, s.id, s.code, s.names, l.id, l.code, l.names, l.address, "
    "l.map_url, l.directions, t.starts_at, t.ends_at, b.created_at, b.cancelled_at, "
    "b.cancelled_by, b.marked_at, b.marked_by "
    "FROM appointment_bookings b "
    "JOIN appointment_slots t ON t.id = b.slot_id "
    "JOIN appointment_services s ON s.id = t.service_id "
    "JOIN appointment_locations l ON l.id = t.location_id "
    "JOIN people p ON p.id = b.person_id ";
constexpr int booking_column_count = 23;

booking_view read_booking(storage::statement& st) {
    booking_view b;
    b.id = st.int64(0);
    b.status = st.text(1);
    b.person_id = st.int64(2);
    b.channel = st.text(3);
    b.display_name = st.optional_text(4);
    b.language = st.text(5);
    b.interpreter_language = st.optional_text(6);
    b.service_id = st.int64(7);
    b.service_code = st.text(8);
    b.service_names = parse_json(st.text(9), json::object());
    b.location_id = st.int64(10);
    b.location_code = st.text(11);
    b.location_names = parse_json(st.text(12), json::object());
    b.address = st.text(13);
    b.map_url = st.optional_text(14);
    b.directions = parse_json(st.text(15), json::object());
    b.starts_at = st.int64(16);
    b.ends_at = st.int64(17);
    b.created_at = st.int64(18);
    b.cancelled_at = st.optional_int64(19);
    b.cancelled_by = st.optional_text(20);
    b.marked_at = st.optional_int64(21);
    b.marked_by = st.optional_text(22);
    return b;
}

/// The weekly windows and exceptions that apply to one service.
void schedule_of(
    storage::connection& db,
    std::int64_t service_id,
    std::vector<weekly_window>& windows,
    std::vector<schedule_exception>& exceptions,
    local_day first,
    local_day last
) {
    for (const auto& s : list_schedules(db, service_id)) {
        windows.push_back(s.window);
    }
    query st(
        db,
        "SELECT e.location_id, e.day, e.kind, e.start_minute, e.end_minute, e.capacity "
        "FROM appointment_exceptions e "
        "LEFT JOIN appointment_locations l ON l.id = e.location_id "
        "WHERE (e.service_id IS NULL OR e.service_id = ?) AND e.day BETWEEN ? AND ? "
        "AND (e.location_id IS NULL OR l.active = 1)"
    );
    st->bind(1, service_id).bind(2, format_day(first)).bind(3, format_day(last));
    while (st->step()) {
        auto day = parse_day(st->text(1));
        if (!day) {
            continue;
        }
        schedule_exception e;
        e.location_id = st->optional_int64(0);
        e.day = *day;
        e.kind = st->text(2) == "extra" ? exception_kind::extra : exception_kind::closed;
        e.start_minute = optional_int(st->optional_int64(3));
        e.end_minute = optional_int(st->optional_int64(4));
        e.capacity = static_cast<int>(st->optional_int64(5).value_or(1));
        exceptions.push_back(e);
    }
}

std::vector<slot_candidate> candidates(
    storage::connection& db,
    const zone_clock& clock,
    const service_record& service,
    local_day first,
    local_day last
) {
    std::vector<weekly_window> windows;
    std::vector<schedule_exception> exceptions;
    schedule_of(db, service.id, windows, exceptions, first, last);
    return generate_slots(clock, service.duration_minutes, windows, exceptions, first, last);
}

}  // namespace

std::string text_in(const json& texts, const std::string& language) {
    if (!texts.is_object()) {
        return {};
    }
    for (const std::string& lang : {language, std::string("en"), std::string("bg")}) {
        auto it = texts.find(lang);
        if (it != texts.end() && it->is_string() && !it->get<std::string>().empty()) {
            return it->get<std::string>();
        }
    }
    for (const auto& item : texts) {
        if (item.is_string()) {
            return item.get<std::string>();
        }
    }
    return {};
}

std::vector<service_record> list_services(storage::connection& db, bool active_only) {
    std::vector<service_record> out;
    query st(
        db, std::string(service_columns) + (active_only ? "WHERE active = 1 " : "") + "ORDER BY id"
    );
    while (st->step()) {
        out.push_back(read_service(*st));
    }
    return out;
}

std::optional<service_record> find_service(storage::connection& db, std::int64_t id) {
    query st(db, std::string(service_columns) + "WHERE id = ?");
    st->bind(1, id);
    if (!st->step()) {
        return std::nullopt;
    }
    return read_service(*st);
}

std::optional<service_record> find_service(storage::connection& db, const std::string& code) {
    query st(db, std::string(service_columns) + "WHERE code = ?");
    st->bind(1, code);
    if (!st->step()) {
        return std::nullopt;
    }
    return read_service(*st);
}

namespace {

/// The columns an admin edits, as ?1 to ?8 of both the INSERT and the UPDATE.
storage::statement& bind_editable(storage::statement& st, const service_record& s) {
    return st.bind(1, s.code)
        .bind(2, s.names.dump())
        .bind(3, s.descriptions.dump())
        .bind(4, s.duration_minutes)
        .bind(5, text_of(s.staff_languages))
        .bind(6, s.interpreter_possible ? 1 : 0)
        .bind(7, text_of(s.reminder_offsets))
        .bind(8, s.active ? 1 : 0);
}

}  // namespace

std::int64_t save_service(storage::connection& db, const service_record& s, std::int64_t now) {
    if (s.id == 0) {
        query st(
            db,
            "INSERT INTO appointment_services (code, names, descriptions, duration_minutes, "
            "staff_languages, interpreter_possible, reminder_offsets, active, sample, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)"
        );
        bind_editable(*st, s).bind(9, now).bind(10, now);
        st->step();
        return db.last_insert_rowid();
    }
    query st(
        db,
        "UPDATE appointment_services SET code = ?, names = ?, descriptions = ?, "
        "duration_minutes = ?, staff_languages = ?, interpreter_possible = ?, "
        "reminder_offsets = ?, active = ?, sample = 0, updated_at = ? WHERE id = ?"
    );
    bind_editable(*st, s).bind(9, now).bind(10, s.id);
    st->step();
    return db.changes() > 0 ? s.id : 0;
}

std::vector<location_record> list_locations(storage::connection& db) {
    std::vector<location_record> out;
    query st(db, std::string(location_columns) + "ORDER BY id");
    while (st->step()) {
        out.push_back(read_location(*st));
    }
    return out;
}

std::optional<location_record> find_location(storage::connection& db, std::int64_t id) {
    query st(db, std::string(location_columns) + "WHERE id = ?");
    st->bind(1, id);
    if (!st->step()) {
        return std::nullopt;
    }
    return read_location(*st);
}

namespace {

/// The columns an admin edits, as ?1 to ?6 of both the INSERT and the UPDATE.
storage::statement& bind_editable(storage::statement& st, const location_record& l) {
    return st.bind(1, l.code)
        .bind(2, l.names.dump())
        .bind(3, l.address)
        .bind(4, l.map_url)
        .bind(5, l.directions.dump())
        .bind(6, l.active ? 1 : 0);
}

}  // namespace

std::int64_t save_location(storage::connection& db, const location_record& l, std::int64_t now) {
    if (l.id == 0) {
        query st(
            db,
            "INSERT INTO appointment_locations (code, names, address, map_url, directions, active, "
            "sample, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)"
        );
        bind_editable(*st, l).bind(7, now).bind(8, now);
        st->step();
        return db.last_insert_rowid();
    }
    query st(
        db,
        "UPDATE appointment_locations SET code = ?, names = ?, address = ?, map_url = ?, "
        "directions = ?, active = ?, sample = 0, updated_at = ? WHERE id = ?"
    );
    bind_editable(*st, l).bind(7, now).bind(8, l.id);
    st->step();
    return db.changes() > 0 ? l.id : 0;
}

std::vector<schedule_record> list_schedules(
    storage::connection& db, std::optional<std::int64_t> service_id
) {
    std::vector<schedule_record> out;
    query st(
        db,
        "SELECT sc.id, sc.service_id, sc.location_id, sc.weekday, sc.start_minute, "
        "sc.end_minute, sc.capacity, sc.valid_from, sc.valid_until "
        "FROM appointment_schedules sc JOIN appointment_locations l ON l.id = sc.location_id "
        "WHERE (?1 IS NULL OR sc.service_id = ?1) AND (?1 IS NULL OR l.active = 1) "
        "ORDER BY sc.service_id, sc.weekday, sc.start_minute, sc.id"
    );
    st->bind(1, service_id);
    while (st->step()) {
        schedule_record s;
        s.id = st->int64(0);
        s.service_id = st->int64(1);
        s.window.location_id = st->int64(2);
        s.window.weekday = static_cast<int>(st->int64(3));
        s.window.start_minute = static_cast<int>(st->int64(4));
        s.window.end_minute = static_cast<int>(st->int64(5));
        s.window.capacity = static_cast<int>(st->int64(6));
        s.window.valid_from = optional_day(st->optional_text(7));
        s.window.valid_until = optional_day(st->optional_text(8));
        out.push_back(s);
    }
    return out;
}

std::int64_t add_schedule(storage::connection& db, const schedule_record& s) {
    query st(
        db,
        "INSERT INTO appointment_schedules (service_id, location_id, weekday, start_minute, "
        "end_minute, capacity, valid_from, valid_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    );
    st->bind(1, s.service_id)
        .bind(2, s.window.location_id)
        .bind(3, s.window.weekday)
        .bind(4, s.window.start_minute)
        .bind(5, s.window.end_minute)
        .bind(6, s.window.capacity)
        .bind(7, optional_day_text(s.window.valid_from))
        .bind(8, optional_day_text(s.window.valid_until));
    st->step();
    return db.last_insert_rowid();
}

bool delete_schedule(storage::connection& db, std::int64_t id) {
    query st(db, "DELETE FROM appointment_schedules WHERE id = ?");
    st->bind(1, id);
    st->step();
    return db.changes() > 0;
}

std::vector<exception_record> list_exceptions(storage::connection& db) {
    std::vector<exception_record> out;
    query st(
        db,
        "SELECT id, service_id, location_id, day, kind, start_minute, end_minute, capacity, note "
        "FROM appointment_exceptions ORDER BY day, id"
    );
    while (st->step()) {
        auto day = parse_day(st->text(3));
        if (!day) {
            continue;
        }
        exception_record e;
        e.id = st->int64(0);
        e.service_id = st->optional_int64(1);
        e.location_id = st->optional_int64(2);
        e.day = *day;
        e.kind = st->text(4) == "extra" ? exception_kind::extra : exception_kind::closed;
        e.start_minute = optional_int(st->optional_int64(5));
        e.end_minute = optional_int(st->optional_int64(6));
        e.capacity = optional_int(st->optional_int64(7));
        e.note = st->text(8);
        out.push_back(e);
    }
    return out;
}

std::int64_t add_exception(storage::connection& db, const exception_record& e) {
    query st(
        db,
        "INSERT INTO appointment_exceptions (service_id, location_id, day, kind, start_minute, "
        "end_minute, capacity, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    );
    st->bind(1, e.service_id)
        .bind(2, e.location_id)
        .bind(3, format_day(e.day))
        .bind(4, e.kind == exception_kind::extra ? "extra" : "closed")
        .bind(5, optional_int64(e.start_minute))
        .bind(6, optional_int64(e.end_minute))
        .bind(7, optional_int64(e.capacity))
        .bind(8, e.note);
    st->step();
    return db.last_insert_rowid();
}

bool delete_exception(storage::connection& db, std::int64_t id) {
    query st(db, "DELETE FROM appointment_exceptions WHERE id = ?");
    st->bind(1, id);
    st->step();
    return db.changes() > 0;
}

std::vector<free_slot> free_slots(
    storage::connection& db,
    const zone_clock& clock,
    const service_record& service,
    local_day first,
    local_day last,
    std::int64_t not_before
) {
    auto all = candidates(db, clock, service, first, last);
    std::vector<free_slot> out;
    if (all.empty()) {
        return out;
    }
    // Places already taken, by (location, start).
    std::map<std::pair<std::int64_t, std::int64_t>, std::pair<int, int>> taken;
    {
        query st(
            db,
            "SELECT location_id, starts_at, capacity, booked FROM appointment_slots "
            "WHERE service_id = ? AND starts_at BETWEEN ? AND ?"
        );
        st->bind(1, service.id).bind(2, all.front().starts_at).bind(3, all.back().starts_at);
        while (st->step()) {
            taken[{st->int64(0), st->int64(1)}] = {
                static_cast<int>(st->int64(2)), static_cast<int>(st->int64(3))};
        }
    }
    for (const auto& c : all) {
        if (c.starts_at < not_before) {
            continue;
        }
        int left = c.capacity;
        if (auto it = taken.find({c.location_id, c.starts_at}); it != taken.end()) {
            left = it->second.first - it->second.second;
        }
        if (left > 0) {
            out.push_back({c, left});
        }
    }
    return out;
}

booking_outcome book(
    storage::connection& db,
    const zone_clock& clock,
    const booking_request& request,
    std::int64_t now,
    std::int64_t min_lead_seconds
) {
    auto service = find_service(db, request.service_id);
    if (!service || !service->active || request.starts_at < now + min_lead_seconds) {
        return {booking_status::no_such_slot, 0};
    }
    auto day = clock.to_local(request.starts_at).day;
    auto all = candidates(db, clock, *service, day, day);
    auto found = std::find_if(all.begin(), all.end(), [&](const slot_candidate& c) {
        return c.location_id == request.location_id && c.starts_at == request.starts_at;
    });
    if (found == all.end()) {
        return {booking_status::no_such_slot, 0};
    }
    {
        query st(
            db,
            "INSERT INTO appointment_slots (service_id, location_id, starts_at, ends_at, capacity) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (service_id, location_id, starts_at) DO NOTHING"
        );
        st->bind(1, service->id)
            .bind(2, found->location_id)
            .bind(3, found->starts_at)
            .bind(4, found->ends_at)
            .bind(5, found->capacity);
        st->step();
    }
    std::int64_t slot_id = 0;
    {
        query st(
            db,
            "SELECT id FROM appointment_slots WHERE service_id = ? AND location_id = ? AND "
            "starts_at = ?"
        );
        st->bind(1, service->id).bind(2, found->location_id).bind(3, found->starts_at);
        st->step();
        slot_id = st->int64(0);
    }
    {
        query st(
            db,
            "SELECT count(*) FROM appointment_bookings WHERE slot_id = ? AND person_id = ? AND "
            "status <> 'cancelled'"
        );
        st->bind(1, slot_id).bind(2, request.person_id);
        st->step();
        if (st->int64(0) > 0) {
            return {booking_status::duplicate, 0};
        }
    }
    {
        // The guard in WHERE makes a full slot a quiet "no row changed"; the table's CHECK
        // would refuse the write even without it.
        query st(
            db,
            "UPDATE appointment_slots SET booked = booked + 1 WHERE id = ? AND booked < capacity"
        );
        st->bind(1, slot_id);
        st->step();
        if (db.changes() == 0) {
            return {booking_status::full, 0};
        }
    }
    std::int64_t booking_id = 0;
    {
        query st(
            db,
            "INSERT INTO appointment_bookings (slot_id, person_id, language, interpreter_language, "
            "created_at) VALUES (?, ?, ?, ?, ?)"
        );
        st->bind(1, slot_id)
            .bind(2, request.person_id)
            .bind(3, request.language)
            .bind(4, request.interpreter_language)
            .bind(5, now);
        st->step();
        booking_id = db.last_insert_rowid();
    }
    reports::booking_changed(db, booking_id, "", "booked", now);
    const auto& offsets =
        service->reminder_offsets.empty() ? default_reminder_offsets() : service->reminder_offsets;
    for (int minutes : offsets) {
        auto due = found->starts_at - static_cast<std::int64_t>(minutes) * 60;
        if (minutes <= 0 || due <= now) {
            continue;  // booked too late for this reminder: the confirmation says it all
        }
        query st(
            db,
            "INSERT INTO appointment_reminders (booking_id, due_at) VALUES (?, ?) "
            "ON CONFLICT (booking_id, due_at) DO NOTHING"
        );
        st->bind(1, booking_id).bind(2, due);
        st->step();
    }
    if (request.replaces) {
        cancel_booking(db, *request.replaces, request.person_id, "rebooked", now);
    }
    return {booking_status::booked, booking_id};
}

bool cancel_booking(
    storage::connection& db,
    std::int64_t booking_id,
    std::optional<std::int64_t> person_id,
    const std::string& by,
    std::int64_t now
) {
    std::int64_t slot_id = 0;
    {
        query st(
            db,
            "UPDATE appointment_bookings SET status = 'cancelled', cancelled_at = ?, "
            "cancelled_by = ? WHERE id = ? AND status = 'booked' AND (?4 IS NULL OR person_id = "
            "?4) "
            "RETURNING slot_id"
        );
        st->bind(1, now).bind(2, by).bind(3, booking_id).bind(4, person_id);
        if (!st->step()) {
            return false;
        }
        slot_id = st->int64(0);
    }
    reports::booking_changed(db, booking_id, "booked", "cancelled", now);
    {
        query st(db, "UPDATE appointment_slots SET booked = booked - 1 WHERE id = ?");
        st->bind(1, slot_id);
        st->step();
    }
    {
        query st(
            db,
            "UPDATE appointment_reminders SET skipped = 'cancelled' "
            "WHERE booking_id = ? AND sent_at IS NULL AND skipped IS NULL"
        );
        st->bind(1, booking_id);
        st->step();
    }
    return true;
}

bool mark_booking(
    storage::connection& db,
    std::int64_t booking_id,
    const std::string& status,
    const std::string& by,
    std::int64_t now
) {
    if (status != "attended" && status != "no_show" && status != "booked") {
        return false;
    }
    std::string before;
    {
        query st(db, "SELECT status FROM appointment_bookings WHERE id = ?");
        st->bind(1, booking_id);
        if (!st->step()) {
            return false;
        }
        before = st->text(0);
    }
    if (before == "cancelled") {
        return false;
    }
    reports::booking_changed(db, booking_id, before, status, now);
    query st(
        db,
        "UPDATE appointment_bookings SET status = ?, marked_at = ?, marked_by = ? "
        "WHERE id = ? AND status <> 'cancelled'"
    );
    st->bind(1, status).bind(2, now).bind(3, by).bind(4, booking_id);
    st->step();
    return db.changes() > 0;
}

std::optional<booking_view> find_booking(storage::connection& db, std::int64_t id) {
    query st(db, std::string(booking_columns) + "WHERE b.id = ?");
    st->bind(1, id);
    if (!st->step()) {
        return std::nullopt;
    }
    return read_booking(*st);
}

std::vector<booking_view> bookings_of_person(
    storage::connection& db, std::int64_t person_id, bool upcoming_only, std::int64_t now
) {
    std::vector<booking_view> out;
    query st(
        db,
        std::string(booking_columns) +
            "WHERE b.person_id = ?1 AND (?2 = 0 OR (b.status = 'booked' AND t.ends_at > ?3)) "
            "ORDER BY t.starts_at, b.id"
    );
    st->bind(1, person_id).bind(2, upcoming_only ? 1 : 0).bind(3, now);
    while (st->step()) {
        out.push_back(read_booking(*st));
    }
    return out;
}

std::vector<booking_view> bookings_between(
    storage::connection& db,
    std::int64_t from,
    std::int64_t to,
    std::optional<std::int64_t> service_id,
    bool include_cancelled
) {
    std::vector<booking_view> out;
    query st(
        db,
        std::string(booking_columns) +
            "WHERE t.starts_at >= ?1 AND t.starts_at < ?2 AND (?3 IS NULL OR t.service_id = ?3) "
            "AND (?4 = 1 OR b.status <> 'cancelled') ORDER BY t.starts_at, b.id"
    );
    st->bind(1, from).bind(2, to).bind(3, service_id).bind(4, include_cancelled ? 1 : 0);
    while (st->step()) {
        out.push_back(read_booking(*st));
    }
    return out;
}

std::vector<due_reminder> due_reminders(storage::connection& db, std::int64_t now, int limit) {
    std::vector<due_reminder> out;
    query st(
        db,
        std::string(booking_columns.substr(0, booking_columns.find(" FROM "))) +
            ", r.id, r.due_at, p.channel_user, c.id, p.subscribed, p.reachable, p.language "
            "FROM appointment_reminders r "
            "JOIN appointment_bookings b ON b.id = r.booking_id "
            "JOIN appointment_slots t ON t.id = b.slot_id "
            "JOIN appointment_services s ON s.id = t.service_id "
            "JOIN appointment_locations l ON l.id = t.location_id "
            "JOIN people p ON p.id = b.person_id "
            "JOIN conversations c ON c.person_id = p.id "
            "WHERE r.sent_at IS NULL AND r.skipped IS NULL AND r.due_at <= ? "
            "ORDER BY r.due_at, r.id LIMIT ?"
    );
    st->bind(1, now).bind(2, limit);
    while (st->step()) {
        due_reminder r;
        r.booking = read_booking(*st);
        r.id = st->int64(booking_column_count);
        r.due_at = st->int64(booking_column_count + 1);
        r.chat_key = st->text(booking_column_count + 2);
        r.conversation_id = st->int64(booking_column_count + 3);
        r.subscribed = st->int64(booking_column_count + 4) != 0;
        r.reachable = st->int64(booking_column_count + 5) != 0;
        r.person_language = st->text(booking_column_count + 6);
        out.push_back(std::move(r));
    }
    return out;
}

void settle_reminder(
    storage::connection& db,
    std::int64_t id,
    std::optional<std::int64_t> sent_at,
    const std::string& skipped
) {
    query st(
        db,
        "UPDATE appointment_reminders SET sent_at = ?, skipped = ? "
        "WHERE id = ? AND sent_at IS NULL AND skipped IS NULL"
    );
    st->bind(1, sent_at);
    if (skipped.empty()) {
        st->bind_null(2);
    } else {
        st->bind(2, skipped);
    }
    st->bind(3, id);
    st->step();
}

std::optional<std::int64_t> next_reminder_due(storage::connection& db) {
    query st(
        db,
        "SELECT min(due_at) FROM appointment_reminders WHERE sent_at IS NULL AND skipped IS NULL"
    );
    st->step();
    return st->optional_int64(0);
}

}  // namespace zaedno::appointments
