// The staff's appointments API over loopback: roles (admin changes, caseworker reads and
// marks), validation, audit entries, bookings by day, the CSV export and the iCalendar feed.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "bot/appointments/repository.hpp"
#include "bot/common/clock.hpp"
#include "tests/appointments/appointments_fixture.hpp"
#include "tests/appointments/icalendar_checker.hpp"
#include "tests/support/api_session.hpp"
#include "tests/support/test_app.hpp"

namespace zaedno::appointments {
namespace {

using nlohmann::json;
using zaedno::test::api_call;
using zaedno::test::login_as;

const std::string base = "/api/v1/appointments";

struct rest_fixture {
    zaedno::test::test_app app;
    std::string admin = login_as(app, "ada", auth::role::admin);
    std::string caseworker = login_as(app, "cas", auth::role::caseworker);
    zone_clock clock{"Europe/Sofia"};

    rest_fixture() {
        auto clear = [](storage::connection& c) {
            test::clear_sample_holidays(c);
        };
        app.app().database().run_sync(clear);
    }

    zaedno::test::http_reply call(
        const std::string& token,
        const std::string& method,
        const std::string& path,
        const json& body = nullptr
    ) {
        return api_call(app, token, method, base + path, body.is_null() ? "" : body.dump());
    }

    template <class Job>
    auto run(Job job) {
        return app.app().database().run_sync(job);
    }

    /// A booking tomorrow morning on a new daily service, by a person with this name.
    std::pair<std::int64_t, booking_view> booked(const std::string& name) {
        auto job = [&](storage::connection& c) {
            auto service = find_service(c, std::string("daily"));
            if (!service) {
                service = test::add_daily_service(c, "daily", 5);
            }
            auto person = test::add_person(c, "telegram", "chat-" + name, "uk");
            c.prepared("UPDATE people SET display_name = ? WHERE id = ?")
                .bind(1, name)
                .bind(2, person)
                .run();
            auto now = unix_seconds();
            auto tomorrow =
                local_day{std::chrono::sys_days{clock.to_local(now).day} + std::chrono::days{1}};
            auto slot = free_slots(c, clock, *service, tomorrow, tomorrow, now).front();
            booking_request r{
                person,
                service->id,
                slot.slot.location_id,
                slot.slot.starts_at,
                "uk",
                std::string("uk"),
                std::nullopt};
            auto id = book(c, clock, r, now, 0).booking_id;
            return std::make_pair(service->id, *find_booking(c, id));
        };
        return run(job);
    }

    std::int64_t audit_count(const std::string& action) {
        auto job = [&](storage::connection& c) {
            auto& st = c.prepared("SELECT count(*) FROM audit_log WHERE action = ?");
            st.bind(1, action);
            st.step();
            auto n = st.int64(0);
            st.reset();
            return n;
        };
        return run(job);
    }
};

TEST(appointments_rest, reading_needs_a_session_and_changing_needs_an_admin) {
    rest_fixture f;
    EXPECT_EQ(zaedno::test::http_call(f.app.port(), "GET", base + "/services").status, 401);
    auto services = f.call(f.caseworker, "GET", "/services");
    ASSERT_EQ(services.status, 200) << services.body;
    EXPECT_EQ(json::parse(services.body)["items"].size(), 5U);
    json service{{"code", "x"}, {"names", {{"en", "X"}}}, {"duration_minutes", 30}};
    EXPECT_EQ(f.call(f.caseworker, "POST", "/services", service).status, 403);
    EXPECT_EQ(f.call(f.caseworker, "PATCH", "/services/1", {{"active", false}}).status, 403);
    EXPECT_EQ(f.call(f.caseworker, "POST", "/locations", json::object()).status, 403);
    EXPECT_EQ(f.call(f.caseworker, "POST", "/schedules", json::object()).status, 403);
    EXPECT_EQ(f.call(f.caseworker, "DELETE", "/schedules/1").status, 403);
    EXPECT_EQ(f.call(f.caseworker, "POST", "/exceptions", json::object()).status, 403);
    EXPECT_EQ(f.call(f.caseworker, "DELETE", "/exceptions/1").status, 403);
    for (const char* path : {"/locations", "/schedules", "/exceptions", "/bookings"}) {
        EXPECT_EQ(f.call(f.caseworker, "GET", path).status, 200) << path;
    }
    EXPECT_EQ(f.audit_count("appointment_service_created"), 0);
}

TEST(appointments_rest, an_admin_sets_up_a_service_with_a_schedule_and_an_exception) {
    rest_fixture f;
    json service{
        {"code", "dentist"},
        {"names", {{"en", "Dentist"}, {"bg", "Зъболекар"}}},
        {"duration_minutes", 60},
        {"staff_languages", {"bg"}},
        {"interpreter_possible", true},
        {"reminder_offsets_minutes", {2880}}};
    auto created = f.call(f.admin, "POST", "/services", service);
    ASSERT_EQ(created.status, 201) << created.body;
    auto id = json::parse(created.body)["id"].get<std::int64_t>();
    EXPECT_EQ(json::parse(created.body)["reminder_offsets_minutes"], json({2880}));
    EXPECT_EQ(f.call(f.admin, "POST", "/services", service).status, 409);  // same code

    auto bad = f.call(
        f.admin,
        "POST",
        "/services",
        {{"code", "x"}, {"names", {{"en", "X"}}}, {"duration_minutes", 1}}
    );
    EXPECT_EQ(bad.status, 400);
    EXPECT_NE(bad.body.find("/duration_minutes"), std::string::npos) << bad.body;
    EXPECT_EQ(f.call(f.admin, "POST", "/services", "not an object").status, 400);

    auto renamed = f.call(
        f.admin, "PATCH", "/services/" + std::to_string(id), {{"names", {{"en", "Dental care"}}}}
    );
    ASSERT_EQ(renamed.status, 200) << renamed.body;
    EXPECT_EQ(json::parse(renamed.body)["names"]["en"], "Dental care");
    EXPECT_EQ(json::parse(renamed.body)["duration_minutes"], 60);  // untouched fields stay
    EXPECT_EQ(f.call(f.admin, "PATCH", "/services/9999", {{"active", false}}).status, 404);
    auto bad_patch =
        f.call(f.admin, "PATCH", "/services/" + std::to_string(id), {{"duration_minutes", 0}});
    EXPECT_EQ(bad_patch.status, 400) << bad_patch.body;

    auto location = f.call(
        f.admin,
        "POST",
        "/locations",
        {{"code", "clinic"},
         {"names", {{"en", "Clinic"}}},
         {"address", "ул. „Шипка“ 6, София"},
         {"map_url", "https://www.openstreetmap.org/"},
         {"directions", {{"en", "Ring twice."}}}}
    );
    ASSERT_EQ(location.status, 201) << location.body;
    auto location_id = json::parse(location.body)["id"].get<std::int64_t>();
    EXPECT_EQ(
        f.call(
             f.admin,
             "POST",
             "/locations",
             {{"code", "y"},
              {"names", {{"en", "Y"}}},
              {"address", "a"},
              {"map_url", "javascript:alert(1)"}}
        ).status,
        400
    );

    for (int weekday = 1; weekday <= 7; ++weekday) {
        auto schedule = f.call(
            f.admin,
            "POST",
            "/schedules",
            {{"service_id", id},
             {"location_id", location_id},
             {"weekday", weekday},
             {"from", "09:00"},
             {"to", "12:00"},
             {"capacity", 2}}
        );
        ASSERT_EQ(schedule.status, 201) << schedule.body;
    }
    EXPECT_EQ(
        f.call(
             f.admin,
             "POST",
             "/schedules",
             {{"service_id", id},
              {"location_id", location_id},
              {"weekday", 1},
              {"from", "12:00"},
              {"to", "09:00"}}
        ).status,
        400
    );
    auto day = format_day(local_day{
        std::chrono::sys_days{f.clock.to_local(unix_seconds()).day} + std::chrono::days{2}});
    auto slots =
        f.call(f.caseworker, "GET", "/services/" + std::to_string(id) + "/slots?day=" + day);
    ASSERT_EQ(slots.status, 200) << slots.body;
    EXPECT_EQ(json::parse(slots.body)["items"].size(), 3U);  // 09, 10, 11
    EXPECT_EQ(json::parse(slots.body)["items"][0]["free"], 2);

    auto closed = f.call(
        f.admin, "POST", "/exceptions", {{"day", day}, {"kind", "closed"}, {"note", "Training"}}
    );
    ASSERT_EQ(closed.status, 201) << closed.body;
    slots = f.call(f.caseworker, "GET", "/services/" + std::to_string(id) + "/slots?day=" + day);
    EXPECT_TRUE(json::parse(slots.body)["items"].empty());
    auto exception_id = json::parse(closed.body)["id"].get<std::int64_t>();
    EXPECT_EQ(f.call(f.admin, "DELETE", "/exceptions/" + std::to_string(exception_id)).status, 204);
    EXPECT_EQ(f.call(f.admin, "DELETE", "/exceptions/" + std::to_string(exception_id)).status, 404);
    EXPECT_EQ(
        f.call(
             f.admin,
             "POST",
             "/exceptions",
             {{"day", day}, {"kind", "extra"}, {"from", "13:00"}, {"to", "14:00"}}
        ).status,
        400  // an extra day needs its service and location
    );

    EXPECT_EQ(f.audit_count("appointment_service_created"), 1);
    EXPECT_EQ(f.audit_count("appointment_service_changed"), 1);
    EXPECT_EQ(f.audit_count("appointment_location_created"), 1);
    EXPECT_EQ(f.audit_count("appointment_schedule_added"), 7);
    EXPECT_EQ(f.audit_count("appointment_exception_added"), 1);
    EXPECT_EQ(f.audit_count("appointment_exception_deleted"), 1);
}

TEST(appointments_rest, caseworkers_list_bookings_by_day_and_mark_attendance) {
    rest_fixture f;
    auto [service_id, b] = f.booked("Olena");
    auto day = format_day(f.clock.to_local(b.starts_at).day);
    auto listed = f.call(
        f.caseworker, "GET", "/bookings?day=" + day + "&service_id=" + std::to_string(service_id)
    );
    ASSERT_EQ(listed.status, 200) << listed.body;
    auto items = json::parse(listed.body)["items"];
    ASSERT_EQ(items.size(), 1U);
    EXPECT_EQ(items[0]["display_name"], "Olena");
    EXPECT_EQ(items[0]["interpreter_language"], "uk");
    EXPECT_TRUE(items[0]["starts_at"].get<std::string>().ends_with("Z"));
    EXPECT_EQ(f.call(f.caseworker, "GET", "/bookings?day=tomorrow").status, 400);

    auto path = "/bookings/" + std::to_string(b.id) + "/mark";
    auto marked = f.call(f.caseworker, "POST", path, {{"status", "attended"}});
    ASSERT_EQ(marked.status, 200) << marked.body;
    EXPECT_EQ(json::parse(marked.body)["status"], "attended");
    EXPECT_EQ(json::parse(marked.body)["marked_by"], "cas");
    EXPECT_EQ(f.call(f.caseworker, "POST", path, {{"status", "gone"}}).status, 400);
    EXPECT_EQ(
        f.call(f.caseworker, "POST", "/bookings/999/mark", {{"status", "no_show"}}).status, 404
    );
    EXPECT_EQ(f.audit_count("appointment_marked"), 1);
}

TEST(appointments_rest, the_csv_export_quotes_fields_and_defuses_formulas) {
    rest_fixture f;
    auto [service_id, b] = f.booked("=HYPERLINK(\"http://x\",\"y\")");
    auto day = format_day(f.clock.to_local(b.starts_at).day);
    auto csv = f.call(f.caseworker, "GET", "/bookings.csv?from=" + day + "&to=" + day);
    ASSERT_EQ(csv.status, 200) << csv.body;
    EXPECT_TRUE(csv.headers["content-type"].starts_with("text/csv"));
    EXPECT_TRUE(csv.body.starts_with("booking_id,date,time,"));
    EXPECT_NE(csv.body.find("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""), std::string::npos)
        << csv.body;
    EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 2);  // header and one row
    (void)service_id;
}

TEST(appointments_rest, the_icalendar_feed_per_service_is_strict_rfc5545) {
    rest_fixture f;
    auto [service_id, kept] = f.booked("Ahmad");
    auto [same_service, dropped] = f.booked("Maryam");
    auto cancel = [&](storage::connection& c) {
        return cancel_booking(c, dropped.id, std::nullopt, "staff", unix_seconds());
    };
    ASSERT_TRUE(f.run(cancel));
    auto feed =
        f.call(f.caseworker, "GET", "/services/" + std::to_string(service_id) + "/calendar.ics");
    ASSERT_EQ(feed.status, 200) << feed.body;
    EXPECT_TRUE(feed.headers["content-type"].starts_with("text/calendar"));
    auto check = test::check_icalendar(feed.body);
    EXPECT_TRUE(check.ok()) << check.describe() << feed.body;
    EXPECT_NE(
        feed.body.find("UID:booking-" + std::to_string(kept.id) + "@zaedno\r\n"), std::string::npos
    );
    EXPECT_NE(feed.body.find("STATUS:CANCELLED\r\n"), std::string::npos);
    EXPECT_EQ(feed.body.find("Ahmad"), std::string::npos);  // no names in calendar feeds
    EXPECT_EQ(f.call(f.caseworker, "GET", "/services/9999/calendar.ics").status, 404);
    EXPECT_EQ(
        zaedno::test::http_call(f.app.port(), "GET", base + "/services/1/calendar.ics").status, 401
    );
    (void)same_service;
}

}  // namespace
}  // namespace zaedno::appointments
