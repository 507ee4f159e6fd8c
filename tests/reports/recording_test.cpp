// Reports recorded from real traffic: people writing over the fake Telegram API, a handoff
// claimed over the API, a crisis, a booking marked attended; each counted once, and the
// report unchanged after /forget and after the retention purge. Also the REST surface: JSON,
// CSV, 400s for bad ranges, 401 and 403.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "bot/appointments/repository.hpp"
#include "bot/common/clock.hpp"
#include "bot/protection/retention.hpp"
#include "bot/reports/calendar.hpp"
#include "tests/appointments/appointments_fixture.hpp"
#include "tests/protection/telegram_person.hpp"
#include "tests/support/api_session.hpp"

namespace zaedno::test {
namespace {

using nlohmann::json;

constexpr std::int64_t olena = 8800101;
constexpr std::int64_t farid = 8800202;

/// Today ± a day in the server's zone, so a test running across midnight still sees all.
std::string report_query(const std::string& grouping) {
    auto today = reports::local_date("Europe/Sofia", unix_seconds());
    return "?from=" + reports::format_date({today.days - 1}) +
           "&to=" + reports::format_date({today.days + 2}) + "&period=" + grouping;
}

json get_report(test_app& app, const std::string& token, const std::string& grouping = "day") {
    auto reply = api_call(app, token, "GET", "/api/v1/reports" + report_query(grouping));
    EXPECT_EQ(reply.status, 200u) << reply.body;
    return json::parse(reply.body, nullptr, false);
}

const json& series(const json& report, const std::string& id) {
    for (const auto& s : report.at("series")) {
        if (s.at("id") == id) {
            return s;
        }
    }
    ADD_FAILURE() << "no series " << id;
    static const json none;
    return none;
}

std::int64_t sum(const json& report, const std::string& id) {
    std::int64_t n = 0;
    for (const auto& v : series(report, id).at("values")) {
        n += v.get<std::int64_t>();
    }
    return n;
}

/// The total of one breakdown item, e.g. flows_started by flow "human"; 0 when absent.
std::int64_t item(
    const json& report, const std::string& id, const std::string& by, const std::string& key
) {
    for (const auto& b : series(report, id).at("breakdowns")) {
        if (b.at("by") != by) {
            continue;
        }
        for (const auto& i : b.at("items")) {
            if (i.at("key") == key) {
                std::int64_t n = 0;
                for (const auto& v : i.at("values")) {
                    n += v.get<std::int64_t>();
                }
                return n;
            }
        }
    }
    return 0;
}

/// Everything but the flows and the data-protection counts, which /forget itself moves.
json lasting_part(const json& report) {
    json out = report;
    out["series"] = json::array();
    for (const auto& s : report.at("series")) {
        auto id = s.at("id").get<std::string>();
        if (!id.starts_with("flows_") && id != "erasures" && id != "purged_conversations") {
            out["series"].push_back(s);
        }
    }
    return out;
}

std::int64_t conversation_of(test_app& app, std::int64_t chat) {
    return app.scalar(
        "SELECT c.id FROM conversations c JOIN people p ON p.id = c.person_id "
        "WHERE p.channel_user = '" +
        std::to_string(chat) + "'"
    );
}

/// Books tomorrow's first free place of a new daily service for the person; the booking id.
std::int64_t book_tomorrow(test_app& app, std::int64_t chat) {
    auto person =
        app.scalar("SELECT id FROM people WHERE channel_user = '" + std::to_string(chat) + "'");
    auto job = [person](storage::connection& c) {
        appointments::zone_clock clock("Europe/Sofia");
        auto service = appointments::test::add_daily_service(c, "group", 5);
        auto now = unix_seconds();
        appointments::local_day tomorrow{
            std::chrono::sys_days{clock.to_local(now).day} + std::chrono::days{1}};
        auto slot = appointments::free_slots(c, clock, service, tomorrow, tomorrow, now).front();
        appointments::booking_request r{
            person,
            service.id,
            slot.slot.location_id,
            slot.slot.starts_at,
            "en",
            std::nullopt,
            std::nullopt};
        return appointments::book(c, clock, r, now, 0).booking_id;
    };
    return app.app().database().run_sync(job);
}

TEST(report_recording, each_event_counts_once_and_survives_forget_and_retention) {
    telegram_world world;
    auto& app = world.app();
    auto admin = login_as(app, "ada", auth::role::admin);
    auto caseworker = login_as(app, "cas", auth::role::caseworker);

    world.greet(olena);
    world.greet(farid);
    world.say(olena, "hello again");  // same day: reached once
    auto queued = world.say(olena, "/human");
    ASSERT_FALSE(queued.empty());
    auto olena_conversation = std::to_string(conversation_of(app, olena));
    auto claimed =
        api_call(app, caseworker, "POST", "/api/v1/conversations/" + olena_conversation + "/claim");
    ASSERT_EQ(claimed.status, 200u) << claimed.body;
    auto crisis = world.say(olena, "I want to die");
    ASSERT_FALSE(crisis.empty());
    // Farid is handed to a caseworker by the admin instead: that ends his wait too.
    world.say(farid, "/human");
    auto farid_conversation = std::to_string(conversation_of(app, farid));
    auto assigned = api_call(
        app,
        admin,
        "POST",
        "/api/v1/conversations/" + farid_conversation + "/assign",
        R"({"username":"cas"})"
    );
    ASSERT_EQ(assigned.status, 200u) << assigned.body;
    auto closed =
        api_call(app, caseworker, "POST", "/api/v1/conversations/" + farid_conversation + "/close");
    ASSERT_EQ(closed.status, 200u) << closed.body;
    auto booking = book_tomorrow(app, farid);
    auto marked = api_call(
        app,
        caseworker,
        "POST",
        "/api/v1/appointments/bookings/" + std::to_string(booking) + "/mark",
        R"({"status":"attended"})"
    );
    ASSERT_EQ(marked.status, 200u) << marked.body;

    auto report = get_report(app, admin);
    EXPECT_EQ(sum(report, "people_reached"), 2);
    EXPECT_EQ(series(report, "new_people").at("total"), 2);
    EXPECT_EQ(item(report, "new_people", "channel", "telegram"), 2);
    EXPECT_EQ(item(report, "new_people", "language", "en"), 2);
    EXPECT_EQ(series(report, "conversations_started").at("total"), 2);
    EXPECT_EQ(item(report, "flows_started", "flow", "welcome"), 2);
    EXPECT_EQ(item(report, "flows_finished", "flow", "welcome"), 2);
    EXPECT_EQ(item(report, "flows_started", "flow", "main_menu"), 2);
    EXPECT_EQ(item(report, "flows_finished", "flow", "main_menu"), 0);  // left by /human
    EXPECT_EQ(item(report, "flows_started", "flow", "human"), 2);
    EXPECT_EQ(item(report, "flows_finished", "flow", "human"), 2);
    EXPECT_EQ(item(report, "flows_started", "flow", "crisis"), 1);
    EXPECT_EQ(series(report, "handoffs_requested").at("total"), 2);
    EXPECT_EQ(item(report, "handoffs_requested", "reason", "requested"), 2);
    EXPECT_EQ(series(report, "handoffs_taken").at("total"), 2);
    EXPECT_EQ(report.at("waits").at("overall").at("count"), 2);
    EXPECT_TRUE(report.at("waits").at("overall").at("median_seconds").is_number());
    EXPECT_EQ(series(report, "crisis_events").at("total"), 1);
    EXPECT_EQ(series(report, "appointments_booked").at("total"), 1);
    EXPECT_EQ(series(report, "appointments_attended").at("total"), 1);
    const auto& by_service = series(report, "appointments_booked").at("breakdowns")[0];
    EXPECT_EQ(by_service.at("items")[0].at("label"), "Group session");
    // No report names anybody.
    EXPECT_EQ(report.dump().find(std::to_string(olena)), std::string::npos);
    EXPECT_EQ(report.dump().find("die"), std::string::npos);
    auto before = lasting_part(report);

    auto released = api_call(
        app, caseworker, "POST", "/api/v1/conversations/" + olena_conversation + "/release"
    );
    ASSERT_EQ(released.status, 200u) << released.body;
    world.say(olena, "/forget");
    auto gone = world.say(olena, "yes");
    ASSERT_FALSE(gone.empty());
    EXPECT_EQ(gone.back(), "Your data has been deleted. Goodbye, and take care.");
    ASSERT_EQ(app.scalar("SELECT count(*) FROM people"), 1);
    auto after_forget = get_report(app, admin);
    EXPECT_EQ(lasting_part(after_forget), before);
    EXPECT_EQ(series(after_forget, "erasures").at("total"), 1);
    EXPECT_EQ(item(after_forget, "flows_started", "flow", "forget"), 1);

    // A year later everything of Farid's is due: the purge removes him, not his counts.
    auto purge = [](storage::connection& c) {
        return protection::purge_expired(c, 180, unix_seconds() + 365 * 86'400);
    };
    EXPECT_EQ(app.app().database().run_sync(purge).conversations, 1);
    ASSERT_EQ(app.scalar("SELECT count(*) FROM people"), 0);
    auto after_purge = get_report(app, admin);
    EXPECT_EQ(lasting_part(after_purge), before);
    EXPECT_EQ(series(after_purge, "purged_conversations").at("total"), 0);  // dated a year on

    for (const char* grouping : {"week", "month"}) {
        auto wide = get_report(app, admin, grouping);
        EXPECT_EQ(series(wide, "new_people").at("total"), 2) << grouping;
        EXPECT_EQ(sum(wide, "people_reached"), 2) << grouping;
    }
}

TEST(report_api, admins_only_with_clear_errors_and_a_csv_download) {
    test_app app;
    auto admin = login_as(app, "ada", auth::role::admin);
    auto caseworker = login_as(app, "cas", auth::role::caseworker);
    auto query = report_query("week");
    EXPECT_EQ(http_call(app.port(), "GET", "/api/v1/reports" + query).status, 401u);
    EXPECT_EQ(api_call(app, caseworker, "GET", "/api/v1/reports" + query).status, 403u);
    EXPECT_EQ(api_call(app, caseworker, "GET", "/api/v1/reports.csv" + query).status, 403u);

    auto error_of = [&](const std::string& target) {
        auto reply = api_call(app, admin, "GET", target);
        EXPECT_EQ(reply.status, 400u) << target;
        return json::parse(reply.body, nullptr, false).value("error", "");
    };
    EXPECT_EQ(error_of("/api/v1/reports"), "from and to are required (YYYY-MM-DD)");
    EXPECT_EQ(
        error_of("/api/v1/reports?from=2026-11-31&to=2026-12-01"),
        "from must be a date written YYYY-MM-DD"
    );
    EXPECT_EQ(
        error_of("/api/v1/reports.csv?from=2026-12-02&to=2026-12-01"), "from must not be after to"
    );
    EXPECT_EQ(
        error_of("/api/v1/reports?from=2026-01-01&to=2026-12-01&period=quarter"),
        "period must be day, week or month"
    );
    EXPECT_EQ(
        error_of("/api/v1/reports?from=1900-01-01&to=2026-12-01&period=month"),
        "the range covers more than 400 months; choose a shorter range or a longer period"
    );

    auto ok =
        api_call(app, admin, "GET", "/api/v1/reports?from=2026-11-01&to=2026-11-30&period=week");
    ASSERT_EQ(ok.status, 200u) << ok.body;
    auto report = json::parse(ok.body);
    EXPECT_EQ(report.at("from"), "2026-10-26");
    EXPECT_EQ(report.at("to"), "2026-12-06");
    EXPECT_EQ(report.at("periods").size(), 6U);
    EXPECT_EQ(report.at("series").size(), 14U);

    auto csv = api_call(
        app, admin, "GET", "/api/v1/reports.csv?from=2026-11-01&to=2026-11-30&period=month"
    );
    ASSERT_EQ(csv.status, 200u) << csv.body;
    EXPECT_EQ(csv.headers["content-type"], "text/csv; charset=utf-8");
    EXPECT_EQ(
        csv.headers["content-disposition"],
        "attachment; filename=\"zaedno-report-2026-11-01-to-2026-11-30-by-month.csv\""
    );
    EXPECT_TRUE(csv.body.starts_with("period_start,period_end,metric,breakdown,key,label,value\r\n")
    );
    EXPECT_NE(
        csv.body.find("2026-11-01,2026-11-30,new_people,all,,New people,0\r\n"), std::string::npos
    );
}

}  // namespace
}  // namespace zaedno::test
