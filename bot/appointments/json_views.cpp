// Plain field-by-field mapping; names stay objects (language → text) so the console can show
// the caseworker's own language.
#include "bot/appointments/json_views.hpp"

#include "bot/audit/audit_log.hpp"

namespace zaedno::appointments {

namespace {

using audit::iso_utc;
using nlohmann::json;

json nullable(const std::optional<std::string>& v) {
    return v ? json(*v) : json(nullptr);
}

json nullable(const std::optional<int>& v) {
    return v ? json(*v) : json(nullptr);
}

json nullable_time(const std::optional<std::int64_t>& v) {
    return v ? json(iso_utc(*v)) : json(nullptr);
}

json nullable_id(const std::optional<std::int64_t>& v) {
    return v ? json(*v) : json(nullptr);
}

json nullable_day(const std::optional<local_day>& v) {
    return v ? json(format_day(*v)) : json(nullptr);
}

std::string hh_mm(int minute) {
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "%02d:%02d", minute / 60, minute % 60);
    return buffer;
}

}  // namespace

json to_json(const service_record& s) {
    return {
        {"id", s.id},
        {"code", s.code},
        {"names", s.names},
        {"descriptions", s.descriptions},
        {"duration_minutes", s.duration_minutes},
        {"staff_languages", s.staff_languages},
        {"interpreter_possible", s.interpreter_possible},
        {"reminder_offsets_minutes", s.reminder_offsets},
        {"active", s.active},
        {"sample", s.sample},
    };
}

json to_json(const location_record& l) {
    return {
        {"id", l.id},
        {"code", l.code},
        {"names", l.names},
        {"address", l.address},
        {"map_url", nullable(l.map_url)},
        {"directions", l.directions},
        {"active", l.active},
        {"sample", l.sample},
    };
}

json to_json(const schedule_record& s) {
    return {
        {"id", s.id},
        {"service_id", s.service_id},
        {"location_id", s.window.location_id},
        {"weekday", s.window.weekday},
        {"from", hh_mm(s.window.start_minute)},
        {"to", hh_mm(s.window.end_minute)},
        {"capacity", s.window.capacity},
        {"valid_from", nullable_day(s.window.valid_from)},
        {"valid_until", nullable_day(s.window.valid_until)},
    };
}

json to_json(const exception_record& e) {
    return {
        {"id", e.id},
        {"service_id", nullable_id(e.service_id)},
        {"location_id", nullable_id(e.location_id)},
        {"day", format_day(e.day)},
        {"kind", e.kind == exception_kind::extra ? "extra" : "closed"},
        {"from", e.start_minute ? json(hh_mm(*e.start_minute)) : json(nullptr)},
        {"to", e.end_minute ? json(hh_mm(*e.end_minute)) : json(nullptr)},
        {"capacity", nullable(e.capacity)},
        {"note", e.note},
    };
}

json to_json(const booking_view& b, const std::string& language) {
    return {
        {"id", b.id},
        {"status", b.status},
        {"person_id", b.person_id},
        {"channel", b.channel},
        {"display_name", nullable(b.display_name)},
        {"language", b.language},
        {"interpreter_language", nullable(b.interpreter_language)},
        {"service",
         {{"id", b.service_id},
          {"code", b.service_code},
          {"name", text_in(b.service_names, language)},
          {"names", b.service_names}}},
        {"location",
         {{"id", b.location_id},
          {"code", b.location_code},
          {"name", text_in(b.location_names, language)},
          {"address", b.address},
          {"map_url", nullable(b.map_url)}}},
        {"starts_at", iso_utc(b.starts_at)},
        {"ends_at", iso_utc(b.ends_at)},
        {"booked_at", iso_utc(b.created_at)},
        {"cancelled_at", nullable_time(b.cancelled_at)},
        {"cancelled_by", nullable(b.cancelled_by)},
        {"marked_at", nullable_time(b.marked_at)},
        {"marked_by", nullable(b.marked_by)},
    };
}

json appointments_of_conversation(
    storage::connection& db, std::int64_t conversation_id, const std::string& language
) {
    auto& st = db.prepared("SELECT person_id FROM conversations WHERE id = ?");
    st.reset();
    st.bind(1, conversation_id);
    std::optional<std::int64_t> person;
    if (st.step()) {
        person = st.int64(0);
    }
    st.reset();
    json out = json::array();
    if (person) {
        for (const auto& b : bookings_of_person(db, *person, false, 0)) {
            out.push_back(to_json(b, language));
        }
    }
    return out;
}

}  // namespace zaedno::appointments
