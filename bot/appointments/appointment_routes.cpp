// Each handler parses its untrusted input first (errors name the JSON pointer or parameter),
// then does its reads or its change plus the audit entry in one storage job.
#include "bot/appointments/appointment_routes.hpp"

#include <charconv>
#include <limits>
#include <regex>

#include <boost/url/parse.hpp>

#include "bot/appointments/icalendar.hpp"
#include "bot/appointments/json_views.hpp"
#include "bot/appointments/repository.hpp"
#include "bot/audit/audit_log.hpp"
#include "bot/common/clock.hpp"
#include "bot/server/request_params.hpp"
#include "bot/server/responses.hpp"

namespace zaedno::appointments {

namespace {

using nlohmann::json;
using server::json_error;
using server::json_response;

struct deps {
    storage::database& db;
    std::shared_ptr<const zone_clock> clock;
    route_settings settings;
};

/// A client mistake: answered 400 with the message.
struct bad_request {
    std::string message;
};

/// "HH:MM" → minutes since midnight; "24:00" only where an end is meant.
std::optional<int> parse_hh_mm(const std::string& text, bool end) {
    static const std::regex shape("([01][0-9]|2[0-4]):([0-5][0-9])");
    std::smatch m;
    if (!std::regex_match(text, m, shape)) {
        return std::nullopt;
    }
    int minutes = std::stoi(m[1]) * 60 + std::stoi(m[2]);
    if (minutes > 24 * 60 || (minutes == 24 * 60 && !end)) {
        return std::nullopt;
    }
    return minutes;
}

class body_reader {
public:
    explicit body_reader(const server::request_context& ctx)
        : body_(json::parse(ctx.req.body(), nullptr, false)) {
        if (body_.is_discarded() || !body_.is_object()) {
            throw bad_request{"the body must be a JSON object"};
        }
    }

    bool has(const char* name) const { return body_.contains(name) && !body_[name].is_null(); }

    std::string text(const char* name, std::size_t max_length) const {
        const auto& v = at(name);
        if (!v.is_string() || v.get<std::string>().empty() ||
            v.get<std::string>().size() > max_length) {
            fail(
                name,
                "must be a non-empty string of at most " + std::to_string(max_length) + " bytes"
            );
        }
        return v.get<std::string>();
    }

    std::string code(const char* name) const {
        static const std::regex shape("[a-z0-9_]{1,32}");
        auto value = text(name, 32);
        if (!std::regex_match(value, shape)) {
            fail(name, "must be 1 to 32 of a-z, 0-9 and _");
        }
        return value;
    }

    std::int64_t whole(const char* name, std::int64_t min, std::int64_t max) const {
        const auto& v = at(name);
        if (!v.is_number_integer() || v.get<std::int64_t>() < min || v.get<std::int64_t>() > max) {
            fail(
                name,
                "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max)
            );
        }
        return v.get<std::int64_t>();
    }

    bool flag(const char* name) const {
        const auto& v = at(name);
        if (!v.is_boolean()) {
            fail(name, "must be true or false");
        }
        return v.get<bool>();
    }

    /// {"bg": "…", "en": "…"}: language codes to non-empty strings.
    json texts(const char* name, bool required_nonempty) const {
        const auto& v = at(name);
        if (!v.is_object() || (required_nonempty && v.empty())) {
            fail(name, "must be an object of language code → text");
        }
        for (const auto& [lang, text] : v.items()) {
            if (lang.empty() || lang.size() > 8 || !text.is_string() ||
                text.get<std::string>().size() > 2000) {
                fail(name, "must map language codes to texts of at most 2000 bytes");
            }
        }
        return v;
    }

    std::vector<std::string> languages(const char* name) const {
        const auto& v = at(name);
        std::vector<std::string> out;
        if (!v.is_array()) {
            fail(name, "must be an array of language codes");
        }
        for (const auto& item : v) {
            if (!item.is_string() || item.get<std::string>().empty() ||
                item.get<std::string>().size() > 8) {
                fail(name, "must be an array of language codes");
            }
            out.push_back(item.get<std::string>());
        }
        return out;
    }

    std::vector<int> offsets(const char* name) const {
        const auto& v = at(name);
        std::vector<int> out;
        if (!v.is_array() || v.size() > 5) {
            fail(name, "must be an array of at most 5 minute counts");
        }
        for (const auto& item : v) {
            if (!item.is_number_integer() || item.get<int>() < 1 || item.get<int>() > 20160) {
                fail(name, "must hold minutes from 1 to 20160 (two weeks)");
            }
            out.push_back(item.get<int>());
        }
        return out;
    }

    int minutes(const char* name, bool end) const {
        auto parsed = parse_hh_mm(text(name, 5), end);
        if (!parsed) {
            fail(name, "must be a time HH:MM");
        }
        return *parsed;
    }

    local_day day(const char* name) const {
        auto parsed = parse_day(text(name, 10));
        if (!parsed) {
            fail(name, "must be a date YYYY-MM-DD");
        }
        return *parsed;
    }

    [[noreturn]] void fail(const char* name, const std::string& message) const {
        throw bad_request{"/" + std::string(name) + ": " + message};
    }

private:
    const json& at(const char* name) const {
        if (!body_.contains(name)) {
            fail(name, "is required");
        }
        return body_[name];
    }

    json body_;
};

std::int64_t day_start(const zone_clock& clock, local_day day) {
    // Midnight may be skipped in zones that change clocks at 00:00: take the first minute
    // that exists.
    for (int minute = 0; minute < 24 * 60; minute += 30) {
        if (auto at = clock.to_utc(day, minute)) {
            return *at;
        }
    }
    return std::chrono::sys_days{day}.time_since_epoch().count() * 86400;
}

local_day plus_days(local_day day, int n) {
    return local_day{std::chrono::sys_days{day} + std::chrono::days{n}};
}

/// ?from=&to= (local days, inclusive), or ?day=; by default today.
std::pair<local_day, local_day> day_range(const deps& d, const server::request_context& ctx) {
    auto today = d.clock->to_local(unix_seconds()).day;
    auto read = [&](const char* name, local_day fallback) {
        auto text = server::query_param(ctx.req, name);
        if (!text) {
            return fallback;
        }
        auto parsed = parse_day(*text);
        if (!parsed) {
            throw bad_request{std::string(name) + " must be a date YYYY-MM-DD"};
        }
        return *parsed;
    };
    auto day = read("day", today);
    auto from = read("from", day);
    auto to = read("to", server::query_param(ctx.req, "from") ? from : day);
    if (to < from ||
        std::chrono::sys_days{to} - std::chrono::sys_days{from} > std::chrono::days{366}) {
        throw bad_request{"to must be on or after from, at most a year later"};
    }
    return {from, to};
}

std::optional<std::int64_t> optional_id_query(
    const server::request_context& ctx, const char* name
) {
    auto text = server::query_param(ctx.req, name);
    if (!text) {
        return std::nullopt;
    }
    auto id = server::positive_number(*text);
    if (!id) {
        throw bad_request{std::string(name) + " must be a positive id"};
    }
    return id;
}

std::string language_query(const deps& d, const server::request_context& ctx) {
    auto lang = server::query_param(ctx.req, "language");
    return lang && !lang->empty() && lang->size() <= 8 ? *lang : d.settings.default_language;
}

server::response created(const json& body) {
    return json_response(http::status::created, body);
}

server::response no_content() {
    server::response res{http::status::no_content, 11};
    res.prepare_payload();
    return res;
}

// --- services ---

service_record read_service_body(const body_reader& body, service_record s, bool creating) {
    if (creating || body.has("code")) {
        s.code = body.code("code");
    }
    if (creating || body.has("names")) {
        s.names = body.texts("names", true);
    }
    if (body.has("descriptions")) {
        s.descriptions = body.texts("descriptions", false);
    }
    if (creating || body.has("duration_minutes")) {
        s.duration_minutes = static_cast<int>(body.whole("duration_minutes", 5, 480));
    }
    if (body.has("staff_languages")) {
        s.staff_languages = body.languages("staff_languages");
    }
    if (body.has("interpreter_possible")) {
        s.interpreter_possible = body.flag("interpreter_possible");
    }
    if (body.has("reminder_offsets_minutes")) {
        s.reminder_offsets = body.offsets("reminder_offsets_minutes");
    }
    if (body.has("active")) {
        s.active = body.flag("active");
    }
    return s;
}

net::awaitable<server::response> list_services_route(deps& d) {
    auto job = [](storage::connection& c) {
        json items = json::array();
        for (const auto& s : list_services(c, false)) {
            items.push_back(to_json(s));
        }
        return items;
    };
    auto items = co_await d.db.run(job);
    co_return json_response(http::status::ok, {{"items", std::move(items)}});
}

/// Creates (id empty) or changes a service; nullopt when the id does not exist, an error
/// text when the code is taken.
net::awaitable<server::response> save_service_route(
    deps& d, server::request_context& ctx, const auth::principal& who
) {
    auto id = server::positive_id_param(ctx);
    bool creating = !ctx.params.contains("id");
    if (!creating && !id) {
        co_return json_error(http::status::not_found, "no such service");
    }
    body_reader body(ctx);
    auto now = unix_seconds();
    auto job = [&body, id, creating, who, now](storage::connection& c) -> std::pair<int, json> {
        service_record base;
        if (!creating) {
            auto found = find_service(c, *id);
            if (!found) {
                return {404, "no such service"};
            }
            base = *found;
        }
        auto s = read_service_body(body, base, creating);
        if (auto same = find_service(c, s.code); same && same->id != s.id) {
            return {409, "a service with this code exists"};
        }
        s.id = save_service(c, s, now);
        audit::record(
            c,
            who,
            creating ? "appointment_service_created" : "appointment_service_changed",
            std::nullopt,
            {{"service_id", s.id}, {"code", s.code}},
            now
        );
        return {creating ? 201 : 200, to_json(*find_service(c, s.id))};
    };
    auto [status, result] = co_await d.db.run(job);
    if (status >= 400) {
        co_return json_error(static_cast<http::status>(status), result.get<std::string>());
    }
    co_return json_response(static_cast<http::status>(status), result);
}

net::awaitable<server::response> free_slots_route(deps& d, server::request_context& ctx) {
    auto id = server::positive_id_param(ctx);
    auto range = day_range(d, ctx);
    auto from = range.first;
    auto to = range.second;
    auto clock = d.clock;
    auto now = unix_seconds();
    auto job = [id, from, to, clock, now](storage::connection& c) -> std::optional<json> {
        auto service = id ? find_service(c, *id) : std::nullopt;
        if (!service) {
            return std::nullopt;
        }
        json items = json::array();
        for (const auto& f : free_slots(c, *clock, *service, from, to, now)) {
            items.push_back(
                {{"location_id", f.slot.location_id},
                 {"starts_at", audit::iso_utc(f.slot.starts_at)},
                 {"ends_at", audit::iso_utc(f.slot.ends_at)},
                 {"capacity", f.slot.capacity},
                 {"free", f.free}}
            );
        }
        return items;
    };
    auto items = co_await d.db.run(job);
    if (!items) {
        co_return json_error(http::status::not_found, "no such service");
    }
    co_return json_response(http::status::ok, {{"items", *items}});
}

// --- locations ---

location_record read_location_body(const body_reader& body, location_record l, bool creating) {
    if (creating || body.has("code")) {
        l.code = body.code("code");
    }
    if (creating || body.has("names")) {
        l.names = body.texts("names", true);
    }
    if (creating || body.has("address")) {
        l.address = body.text("address", 500);
    }
    if (body.has("map_url")) {
        auto url = body.text("map_url", 2000);
        if (!url.starts_with("https://") && !url.starts_with("http://")) {
            body.fail("map_url", "must be an http(s) address");
        }
        l.map_url = url;
    }
    if (body.has("directions")) {
        l.directions = body.texts("directions", false);
    }
    if (body.has("active")) {
        l.active = body.flag("active");
    }
    return l;
}

net::awaitable<server::response> list_locations_route(deps& d) {
    auto job = [](storage::connection& c) {
        json items = json::array();
        for (const auto& l : list_locations(c)) {
            items.push_back(to_json(l));
        }
        return items;
    };
    auto items = co_await d.db.run(job);
    co_return json_response(http::status::ok, {{"items", std::move(items)}});
}

net::awaitable<server::response> save_location_route(
    deps& d, server::request_context& ctx, const auth::principal& who
) {
    auto id = server::positive_id_param(ctx);
    bool creating = !ctx.params.contains("id");
    if (!creating && !id) {
        co_return json_error(http::status::not_found, "no such location");
    }
    body_reader body(ctx);
    auto now = unix_seconds();
    auto job = [&body, id, creating, who, now](storage::connection& c) -> std::pair<int, json> {
        location_record base;
        if (!creating) {
            auto found = find_location(c, *id);
            if (!found) {
                return {404, "no such location"};
            }
            base = *found;
        }
        auto l = read_location_body(body, base, creating);
        for (const auto& other : list_locations(c)) {
            if (other.code == l.code && other.id != l.id) {
                return {409, "a location with this code exists"};
            }
        }
        l.id = save_location(c, l, now);
        audit::record(
            c,
            who,
            creating ? "appointment_location_created" : "appointment_location_changed",
            std::nullopt,
            {{"location_id", l.id}, {"code", l.code}},
            now
        );
        return {creating ? 201 : 200, to_json(*find_location(c, l.id))};
    };
    auto [status, result] = co_await d.db.run(job);
    if (status >= 400) {
        co_return json_error(static_cast<http::status>(status), result.get<std::string>());
    }
    co_return json_response(static_cast<http::status>(status), result);
}

// --- schedules and exceptions ---

net::awaitable<server::response> list_schedules_route(deps& d, server::request_context& ctx) {
    auto service = optional_id_query(ctx, "service_id");
    auto job = [service](storage::connection& c) {
        json items = json::array();
        for (const auto& s : list_schedules(c, std::nullopt)) {
            if (!service || s.service_id == *service) {
                items.push_back(to_json(s));
            }
        }
        return items;
    };
    auto items = co_await d.db.run(job);
    co_return json_response(http::status::ok, {{"items", std::move(items)}});
}

net::awaitable<server::response> add_schedule_route(
    deps& d, server::request_context& ctx, const auth::principal& who
) {
    body_reader body(ctx);
    schedule_record s;
    s.service_id = body.whole("service_id", 1, std::numeric_limits<std::int64_t>::max());
    s.window.location_id = body.whole("location_id", 1, std::numeric_limits<std::int64_t>::max());
    s.window.weekday = static_cast<int>(body.whole("weekday", 1, 7));
    s.window.start_minute = body.minutes("from", false);
    s.window.end_minute = body.minutes("to", true);
    if (s.window.end_minute <= s.window.start_minute) {
        body.fail("to", "must be after from");
    }
    s.window.capacity =
        body.has("capacity") ? static_cast<int>(body.whole("capacity", 1, 1000)) : 1;
    if (body.has("valid_from")) {
        s.window.valid_from = body.day("valid_from");
    }
    if (body.has("valid_until")) {
        s.window.valid_until = body.day("valid_until");
    }
    auto now = unix_seconds();
    auto job = [s, who, now](storage::connection& c) mutable -> std::pair<int, json> {
        if (!find_service(c, s.service_id)) {
            return {400, "/service_id: no such service"};
        }
        if (!find_location(c, s.window.location_id)) {
            return {400, "/location_id: no such location"};
        }
        s.id = add_schedule(c, s);
        audit::record(
            c,
            who,
            "appointment_schedule_added",
            std::nullopt,
            {{"schedule_id", s.id}, {"service_id", s.service_id}},
            now
        );
        return {201, to_json(s)};
    };
    auto [status, result] = co_await d.db.run(job);
    if (status >= 400) {
        co_return json_error(static_cast<http::status>(status), result.get<std::string>());
    }
    co_return created(result);
}

net::awaitable<server::response> delete_route(
    deps& d, server::request_context& ctx, const auth::principal& who, bool schedule
) {
    auto id = server::positive_id_param(ctx);
    auto now = unix_seconds();
    auto job = [id, who, now, schedule](storage::connection& c) {
        if (!id) {
            return false;
        }
        bool gone = schedule ? delete_schedule(c, *id) : delete_exception(c, *id);
        if (gone) {
            audit::record(
                c,
                who,
                schedule ? "appointment_schedule_deleted" : "appointment_exception_deleted",
                std::nullopt,
                {{schedule ? "schedule_id" : "exception_id", *id}},
                now
            );
        }
        return gone;
    };
    if (!co_await d.db.run(job)) {
        co_return json_error(
            http::status::not_found, schedule ? "no such schedule" : "no such exception"
        );
    }
    co_return no_content();
}

net::awaitable<server::response> list_exceptions_route(deps& d) {
    auto job = [](storage::connection& c) {
        json items = json::array();
        for (const auto& e : list_exceptions(c)) {
            items.push_back(to_json(e));
        }
        return items;
    };
    auto items = co_await d.db.run(job);
    co_return json_response(http::status::ok, {{"items", std::move(items)}});
}

net::awaitable<server::response> add_exception_route(
    deps& d, server::request_context& ctx, const auth::principal& who
) {
    body_reader body(ctx);
    exception_record e;
    e.day = body.day("day");
    auto kind = body.text("kind", 8);
    if (kind != "closed" && kind != "extra") {
        body.fail("kind", "must be closed or extra");
    }
    e.kind = kind == "extra" ? exception_kind::extra : exception_kind::closed;
    auto max_id = std::numeric_limits<std::int64_t>::max();
    if (body.has("service_id")) {
        e.service_id = body.whole("service_id", 1, max_id);
    }
    if (body.has("location_id")) {
        e.location_id = body.whole("location_id", 1, max_id);
    }
    if (body.has("from") || body.has("to") || e.kind == exception_kind::extra) {
        e.start_minute = body.minutes("from", false);
        e.end_minute = body.minutes("to", true);
        if (*e.end_minute <= *e.start_minute) {
            body.fail("to", "must be after from");
        }
    }
    if (e.kind == exception_kind::extra) {
        if (!e.service_id) {
            body.fail("service_id", "is required for an extra day");
        }
        if (!e.location_id) {
            body.fail("location_id", "is required for an extra day");
        }
        e.capacity = body.has("capacity") ? static_cast<int>(body.whole("capacity", 1, 1000)) : 1;
    }
    if (body.has("note")) {
        e.note = body.text("note", 500);
    }
    auto now = unix_seconds();
    auto job = [e, who, now](storage::connection& c) mutable -> std::pair<int, json> {
        if (e.service_id && !find_service(c, *e.service_id)) {
            return {400, "/service_id: no such service"};
        }
        if (e.location_id && !find_location(c, *e.location_id)) {
            return {400, "/location_id: no such location"};
        }
        e.id = add_exception(c, e);
        audit::record(
            c,
            who,
            "appointment_exception_added",
            std::nullopt,
            {{"exception_id", e.id}, {"day", format_day(e.day)}},
            now
        );
        return {201, to_json(e)};
    };
    auto [status, result] = co_await d.db.run(job);
    if (status >= 400) {
        co_return json_error(static_cast<http::status>(status), result.get<std::string>());
    }
    co_return created(result);
}

// --- bookings ---

struct booking_filter {
    std::int64_t from = 0;
    std::int64_t to = 0;
    std::optional<std::int64_t> service_id;
    bool include_cancelled = false;
};

booking_filter read_filter(const deps& d, const server::request_context& ctx) {
    auto range = day_range(d, ctx);
    booking_filter f;
    f.from = day_start(*d.clock, range.first);
    f.to = day_start(*d.clock, plus_days(range.second, 1));
    f.service_id = optional_id_query(ctx, "service_id");
    f.include_cancelled = server::query_param(ctx.req, "include_cancelled") == "true";
    return f;
}

net::awaitable<server::response> list_bookings_route(deps& d, server::request_context& ctx) {
    auto filter = read_filter(d, ctx);
    auto lang = language_query(d, ctx);
    auto job = [filter, lang](storage::connection& c) {
        json items = json::array();
        for (const auto& b : bookings_between(
                 c, filter.from, filter.to, filter.service_id, filter.include_cancelled
             )) {
            items.push_back(to_json(b, lang));
        }
        return items;
    };
    auto items = co_await d.db.run(job);
    co_return json_response(http::status::ok, {{"items", std::move(items)}});
}

net::awaitable<server::response> bookings_csv_route(deps& d, server::request_context& ctx) {
    auto filter = read_filter(d, ctx);
    auto lang = language_query(d, ctx);
    auto job = [filter](storage::connection& c) {
        return bookings_between(
            c, filter.from, filter.to, filter.service_id, filter.include_cancelled
        );
    };
    auto bookings = co_await d.db.run(job);
    std::string csv =
        "booking_id,date,time,starts_at_utc,ends_at_utc,service,location,status,language,"
        "interpreter_language,channel,display_name,booked_at_utc\r\n";
    for (const auto& b : bookings) {
        auto local = d.clock->to_local(b.starts_at);
        char time[16];
        std::snprintf(time, sizeof time, "%02d:%02d", local.minute / 60, local.minute % 60);
        for (const auto& field : std::vector<std::string>{
                 std::to_string(b.id),
                 format_day(local.day),
                 time,
                 audit::iso_utc(b.starts_at),
                 audit::iso_utc(b.ends_at),
                 text_in(b.service_names, lang),
                 text_in(b.location_names, lang),
                 b.status,
                 b.language,
                 b.interpreter_language.value_or(""),
                 b.channel,
                 b.display_name.value_or(""),
                 audit::iso_utc(b.created_at)}) {
            csv += csv_field(field) + ",";
        }
        csv.back() = '\r';
        csv += "\n";
    }
    auto res = server::text_response(http::status::ok, std::move(csv), "text/csv; charset=utf-8");
    res.set(http::field::content_disposition, "attachment; filename=\"bookings.csv\"");
    co_return res;
}

net::awaitable<server::response> calendar_route(deps& d, server::request_context& ctx) {
    auto id = server::positive_id_param(ctx);
    auto lang = language_query(d, ctx);
    auto today = d.clock->to_local(unix_seconds()).day;
    auto from = day_start(*d.clock, plus_days(today, -30));
    auto to = day_start(*d.clock, plus_days(today, 366));
    auto job = [id, from, to](storage::connection& c) {
        auto service = id ? find_service(c, *id) : std::nullopt;
        std::vector<booking_view> bookings;
        if (service) {
            bookings = bookings_between(c, from, to, service->id, true);
        }
        return std::make_pair(service, bookings);
    };
    auto found = co_await d.db.run(job);
    const auto& service = found.first;
    const auto& bookings = found.second;
    if (!service) {
        co_return json_error(http::status::not_found, "no such service");
    }
    auto now = unix_seconds();
    std::vector<calendar_event> events;
    for (const auto& b : bookings) {
        calendar_event e;
        e.uid = "booking-" + std::to_string(b.id) + "@zaedno";
        e.starts_at = b.starts_at;
        e.ends_at = b.ends_at;
        e.stamp = now;
        e.cancelled = b.status == "cancelled";
        e.sequence = e.cancelled ? 1 : 0;
        e.summary =
            text_in(b.service_names, lang) +
            (b.interpreter_language ? " (interpreter: " + *b.interpreter_language + ")" : "");
        e.location = text_in(b.location_names, lang) + ", " + b.address;
        // No names in a feed that lands in third-party calendars: the booking id and the
        // language are enough to look the person up in the console.
        e.description = "Booking " + std::to_string(b.id) + "\nLanguage: " + b.language +
                        "\nStatus: " + b.status;
        events.push_back(std::move(e));
    }
    auto body = write_calendar(text_in(service->names, lang), events);
    auto res =
        server::text_response(http::status::ok, std::move(body), "text/calendar; charset=utf-8");
    res.set(http::field::content_disposition, "attachment; filename=\"" + service->code + ".ics\"");
    co_return res;
}

net::awaitable<server::response> mark_booking_route(
    deps& d, server::request_context& ctx, const auth::principal& who
) {
    auto id = server::positive_id_param(ctx);
    body_reader body(ctx);
    auto status = body.text("status", 16);
    if (status != "attended" && status != "no_show" && status != "booked") {
        body.fail("status", "must be attended, no_show or booked");
    }
    auto now = unix_seconds();
    auto lang = language_query(d, ctx);
    auto job = [id, status, who, now, lang](storage::connection& c) -> std::optional<json> {
        if (!id || !mark_booking(c, *id, status, who.username, now)) {
            return std::nullopt;
        }
        auto b = find_booking(c, *id);
        audit::record(
            c,
            who,
            "appointment_marked",
            std::nullopt,
            {{"booking_id", *id}, {"status", status}},
            now
        );
        return to_json(*b, lang);
    };
    auto result = co_await d.db.run(job);
    if (!result) {
        co_return json_error(http::status::not_found, "no such active booking");
    }
    co_return json_response(http::status::ok, *result);
}

/// Runs a handler, turning a bad_request thrown while reading input into a 400.
template <class Handler>
auth::guarded_handler guarded(std::shared_ptr<deps> d, Handler handler) {
    return [d, handler](server::request_context& ctx, const auth::principal& who) {
        return run_guarded(d, handler, ctx, who);
    };
}

template <class Handler>
net::awaitable<server::response> run_guarded(
    std::shared_ptr<deps> d, Handler handler, server::request_context& ctx, auth::principal who
) {
    std::optional<std::string> problem;
    try {
        co_return co_await handler(*d, ctx, who);
    } catch (const bad_request& e) {
        problem = e.message;
    }
    co_return json_error(http::status::bad_request, *problem);
}

}  // namespace

std::string csv_field(const std::string& value) {
    std::string text = value;
    if (!text.empty() && (text.front() == '=' || text.front() == '+' || text.front() == '-' ||
                          text.front() == '@' || text.front() == '\t' || text.front() == '\r')) {
        text.insert(0, "'");
    }
    if (text.find_first_of(",\"\r\n") == std::string::npos) {
        return text;
    }
    std::string quoted = "\"";
    for (char c : text) {
        quoted += c;
        if (c == '"') {
            quoted += '"';
        }
    }
    return quoted + "\"";
}

void add_appointment_routes(
    server::router& routes,
    auth::guard& guard,
    storage::database& db,
    std::shared_ptr<const zone_clock> clock,
    route_settings settings
) {
    auto d = std::make_shared<deps>(deps{db, std::move(clock), std::move(settings)});
    const std::string base = "/api/v1/appointments";
    auto reader = [&](http::verb verb, const std::string& path, auto handler) {
        routes.add(verb, base + path, guard.require(auth::role::caseworker, guarded(d, handler)));
    };
    auto changer = [&](http::verb verb, const std::string& path, auto handler) {
        routes.add(verb, base + path, guard.require(auth::role::admin, guarded(d, handler)));
    };
    using ctx_t = server::request_context;
    using who_t = auth::principal;
    reader(http::verb::get, "/services", [](deps& x, ctx_t&, const who_t&) {
        return list_services_route(x);
    });
    changer(http::verb::post, "/services", save_service_route);
    changer(http::verb::patch, "/services/{id}", save_service_route);
    reader(http::verb::get, "/services/{id}/slots", [](deps& x, ctx_t& c, const who_t&) {
        return free_slots_route(x, c);
    });
    reader(http::verb::get, "/services/{id}/calendar.ics", [](deps& x, ctx_t& c, const who_t&) {
        return calendar_route(x, c);
    });
    reader(http::verb::get, "/locations", [](deps& x, ctx_t&, const who_t&) {
        return list_locations_route(x);
    });
    changer(http::verb::post, "/locations", save_location_route);
    changer(http::verb::patch, "/locations/{id}", save_location_route);
    reader(http::verb::get, "/schedules", [](deps& x, ctx_t& c, const who_t&) {
        return list_schedules_route(x, c);
    });
    changer(http::verb::post, "/schedules", add_schedule_route);
    changer(http::verb::delete_, "/schedules/{id}", [](deps& x, ctx_t& c, const who_t& w) {
        return delete_route(x, c, w, true);
    });
    reader(http::verb::get, "/exceptions", [](deps& x, ctx_t&, const who_t&) {
        return list_exceptions_route(x);
    });
    changer(http::verb::post, "/exceptions", add_exception_route);
    changer(http::verb::delete_, "/exceptions/{id}", [](deps& x, ctx_t& c, const who_t& w) {
        return delete_route(x, c, w, false);
    });
    reader(http::verb::get, "/bookings", [](deps& x, ctx_t& c, const who_t&) {
        return list_bookings_route(x, c);
    });
    reader(http::verb::get, "/bookings.csv", [](deps& x, ctx_t& c, const who_t&) {
        return bookings_csv_route(x, c);
    });
    reader(http::verb::post, "/bookings/{id}/mark", mark_booking_route);
}

}  // namespace zaedno::appointments
