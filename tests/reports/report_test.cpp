// Reports over a database whose counts were recorded at known instants: local days, ISO weeks
// and months across boundaries, people reached once per period, exact median and 90th
// percentile waits, booking marks corrected without double counting, the request checks and
// the CSV's shape and formula safety.
#include "bot/reports/report.hpp"

#include <gtest/gtest.h>

#include "bot/reports/metrics.hpp"
#include "bot/reports/recorder.hpp"
#include "bot/storage/database.hpp"
#include "tests/support/temp_dir.hpp"

namespace zaedno::reports {
namespace {

using nlohmann::json;

// Instants around the end of October 2026; Sofia is UTC+2 then.
constexpr std::int64_t oct31_2330 = 1'793'482'200;  // 21:30 UTC, Saturday 31 Oct locally
constexpr std::int64_t nov01_0030 = 1'793'485'800;  // 22:30 UTC, Sunday 1 Nov locally
constexpr std::int64_t nov02_1100 = 1'793'610'000;  // Monday 2 Nov, ISO week 45
constexpr std::int64_t nov30_1100 = 1'796'029'200;  // Monday 30 Nov, ISO week 49
constexpr std::int64_t dec01_1100 = 1'796'115'600;  // Tuesday 1 Dec, ISO week 49

struct report_db {
    test::temp_dir dir;
    storage::database db{dir.path() / "z.db"};

    ~report_db() { db.close(); }

    template <class Job>
    auto run(Job job) {
        return db.run_sync(job);
    }

    json report(const char* from, const char* to, const char* grouping) {
        auto parsed = read_request(from, to, grouping);
        EXPECT_TRUE(std::holds_alternative<report_request>(parsed));
        auto request = std::get<report_request>(parsed);
        auto job = [request](storage::connection& c) {
            return build_report(c, request, "en");
        };
        return run(job);
    }
};

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

std::vector<std::int64_t> values(const json& report, const std::string& id) {
    return series(report, id).at("values").get<std::vector<std::int64_t>>();
}

std::vector<std::string> labels(const json& report) {
    std::vector<std::string> out;
    for (const auto& p : report.at("periods")) {
        out.push_back(p.at("label").get<std::string>());
    }
    return out;
}

void new_people_at(report_db& f, std::initializer_list<std::int64_t> instants) {
    std::vector<std::int64_t> times(instants);
    auto job = [times](storage::connection& c) {
        for (auto t : times) {
            count(c, metric::new_people, {"telegram", "uk"}, t);
        }
    };
    f.run(job);
}

TEST(report_periods, days_weeks_and_months_group_local_dates) {
    report_db f;
    new_people_at(f, {oct31_2330, nov01_0030, nov02_1100, nov30_1100, dec01_1100});

    auto by_day = f.report("2026-10-31", "2026-12-01", "day");
    ASSERT_EQ(by_day.at("periods").size(), 32U);
    auto days = values(by_day, "new_people");
    EXPECT_EQ(days[0], 1);   // 31 Oct
    EXPECT_EQ(days[1], 1);   // 1 Nov: 22:30 UTC is already Sunday in Sofia
    EXPECT_EQ(days[2], 1);   // 2 Nov
    EXPECT_EQ(days[30], 1);  // 30 Nov
    EXPECT_EQ(days[31], 1);  // 1 Dec
    EXPECT_EQ(series(by_day, "new_people").at("total"), 5);

    auto by_week = f.report("2026-10-31", "2026-12-01", "week");
    EXPECT_EQ(by_week.at("from"), "2026-10-26");  // widened to whole weeks
    EXPECT_EQ(by_week.at("to"), "2026-12-06");
    EXPECT_EQ(
        labels(by_week),
        (std::vector<std::string>{
            "2026-W44", "2026-W45", "2026-W46", "2026-W47", "2026-W48", "2026-W49"})
    );
    EXPECT_EQ(values(by_week, "new_people"), (std::vector<std::int64_t>{2, 1, 0, 0, 0, 2}));

    auto by_month = f.report("2026-10-31", "2026-12-01", "month");
    EXPECT_EQ(labels(by_month), (std::vector<std::string>{"2026-10", "2026-11", "2026-12"}));
    EXPECT_EQ(values(by_month, "new_people"), (std::vector<std::int64_t>{1, 3, 1}));
    EXPECT_EQ(by_month.at("periods")[1].at("end"), "2026-11-30");
}

TEST(report_periods, the_configured_zone_decides_the_day) {
    report_db f;
    auto utc = [](storage::connection& c) {
        use_time_zone(c, "UTC");
    };
    f.run(utc);
    new_people_at(f, {oct31_2330, nov01_0030});
    EXPECT_EQ(
        values(f.report("2026-10-01", "2026-11-30", "month"), "new_people"),
        (std::vector<std::int64_t>{2, 0})
    );
}

TEST(report_people, a_person_is_reached_once_per_day_week_and_month) {
    report_db f;
    auto job = [](storage::connection& c) {
        c.exec(
            "INSERT INTO people (id, channel, channel_user, language, created_at) "
            "VALUES (1, 'viber', 'v1', 'ar', 0)"
        );
        conversation::conversation_record rec;
        rec.person_id = 1;
        rec.channel = "viber";
        rec.state.language = "ar";
        constexpr std::int64_t twelve_hours = 12 * 3600;
        person_wrote(c, rec, twelve_hours, oct31_2330);  // new, first conversation
        rec.state.flow = "main_menu";
        rec.state.last_activity = oct31_2330;
        person_wrote(c, rec, twelve_hours, oct31_2330 + 600);  // same day
        rec.state.last_activity = oct31_2330 + 600;
        person_wrote(c, rec, twelve_hours, nov01_0030);  // next day, same week, next month
        rec.state.last_activity = nov01_0030;
        person_wrote(c, rec, twelve_hours, nov02_1100);  // next week, 34 hours later: returning
        rec.status = "closed";
        rec.state.last_activity = nov02_1100;
        person_wrote(c, rec, twelve_hours, nov02_1100 + 60);  // after a caseworker closed it
    };
    f.run(job);

    auto by_day = f.report("2026-10-31", "2026-11-02", "day");
    EXPECT_EQ(values(by_day, "people_reached"), (std::vector<std::int64_t>{1, 1, 1}));
    EXPECT_TRUE(series(by_day, "people_reached").at("total").is_null());  // not additive
    EXPECT_EQ(series(by_day, "new_people").at("total"), 1);
    EXPECT_EQ(values(by_day, "conversations_started"), (std::vector<std::int64_t>{1, 0, 2}));
    const auto& by_channel = series(by_day, "people_reached").at("breakdowns")[0];
    EXPECT_EQ(by_channel.at("by"), "channel");
    EXPECT_EQ(by_channel.at("items")[0].at("label"), "Viber");
    const auto& by_language = series(by_day, "people_reached").at("breakdowns")[1];
    EXPECT_EQ(by_language.at("by"), "language");
    EXPECT_EQ(by_language.at("items")[0].at("key"), "ar");

    auto by_week = f.report("2026-10-31", "2026-11-02", "week");
    EXPECT_EQ(values(by_week, "people_reached"), (std::vector<std::int64_t>{1, 1}));
    auto by_month = f.report("2026-10-31", "2026-11-02", "month");
    EXPECT_EQ(values(by_month, "people_reached"), (std::vector<std::int64_t>{1, 1}));
}

TEST(report_people, a_viber_person_who_opened_the_chat_starts_a_conversation_when_writing) {
    report_db f;
    auto job = [](storage::connection& c) {
        c.exec(
            "INSERT INTO people (id, channel, channel_user, language, created_at) "
            "VALUES (1, 'viber', 'v1', 'uk', 0)"
        );
        conversation::conversation_record rec;
        rec.person_id = 1;
        rec.channel = "viber";
        rec.state.flow = "welcome";  // the welcome went out when the chat was opened
        rec.state.node = "choose_language";
        rec.state.last_activity = nov02_1100 - 60;
        person_wrote(c, rec, 12 * 3600, nov02_1100);
        person_wrote(c, rec, 12 * 3600, nov02_1100 + 5);
    };
    f.run(job);
    auto report = f.report("2026-11-02", "2026-11-02", "day");
    EXPECT_EQ(series(report, "conversations_started").at("total"), 1);
    EXPECT_EQ(series(report, "new_people").at("total"), 1);
}

TEST(report_waits, median_and_90th_percentile_are_exact_nearest_ranks) {
    report_db f;
    auto job = [](storage::connection& c) {
        for (std::int64_t wait : {70, 10, 90, 20, 1000, 30, 40, 60, 50, 80}) {
            handoff_taken(c, {"telegram", "uk"}, nov02_1100 - wait, nov02_1100);
        }
        handoff_taken(c, {"viber", "ar"}, nov30_1100 - 5, nov30_1100);
        handoff_taken(c, {"viber", "ar"}, nov30_1100 + 9, nov30_1100);  // a clock step: 0
    };
    f.run(job);
    auto by_week = f.report("2026-11-02", "2026-11-30", "week");
    const auto& waits = by_week.at("waits");
    EXPECT_EQ(waits.at("median_seconds"), json({50, nullptr, nullptr, nullptr, 0}));
    EXPECT_EQ(waits.at("p90_seconds"), json({90, nullptr, nullptr, nullptr, 5}));
    EXPECT_EQ(waits.at("overall").at("count"), 12);
    EXPECT_EQ(waits.at("overall").at("median_seconds"), 40);  // 6th of 12
    EXPECT_EQ(waits.at("overall").at("p90_seconds"), 90);     // 11th of 12
    EXPECT_EQ(values(by_week, "handoffs_taken"), (std::vector<std::int64_t>{10, 0, 0, 0, 2}));
}

void seed_booking(storage::connection& c, const std::string& service_name) {
    c.prepared(
         "INSERT INTO appointment_services (id, code, names, duration_minutes, created_at, "
         "updated_at) VALUES (77, 'report77', json_object('en', ?, 'bg', 'Правна'), 30, 0, 0)"
    )
        .bind(1, service_name)
        .run();
    c.exec(R"sql(
        INSERT INTO appointment_locations (id, code, names, address, created_at, updated_at)
            VALUES (770, 'report770', '{}', 'x', 0, 0);
        INSERT INTO people (id, channel, channel_user, language, created_at)
            VALUES (1, 'telegram', 't1', 'uk', 0);
        INSERT INTO appointment_slots (id, service_id, location_id, starts_at, ends_at, capacity,
                                       booked)
            VALUES (10, 77, 770, 1796029200, 1796031000, 2, 1);
        INSERT INTO appointment_bookings (id, slot_id, person_id, status, language, created_at)
            VALUES (100, 10, 1, 'booked', 'uk', 1793610000);
    )sql");
}

TEST(report_appointments, marks_count_on_the_appointment_day_and_corrections_move_them) {
    report_db f;
    auto job = [](storage::connection& c) {
        seed_booking(c, "Legal counselling");
        booking_changed(c, 100, "", "booked", nov02_1100);
        booking_changed(c, 100, "booked", "attended", dec01_1100);  // marked a day late
        booking_changed(c, 100, "attended", "no_show", dec01_1100);
    };
    f.run(job);
    auto report = f.report("2026-11-01", "2026-12-31", "month");
    EXPECT_EQ(values(report, "appointments_booked"), (std::vector<std::int64_t>{1, 0}));
    EXPECT_EQ(values(report, "appointments_attended"), (std::vector<std::int64_t>{0, 0}));
    EXPECT_EQ(values(report, "appointments_no_show"), (std::vector<std::int64_t>{1, 0}));
    const auto& by_service = series(report, "appointments_booked").at("breakdowns")[0];
    EXPECT_EQ(by_service.at("by"), "service");
    EXPECT_EQ(by_service.at("items")[0].at("key"), "77");
    EXPECT_EQ(by_service.at("items")[0].at("label"), "Legal counselling");

    auto back = [](storage::connection& c) {
        booking_changed(c, 100, "no_show", "booked", dec01_1100);  // the mark taken back
        booking_changed(c, 100, "booked", "booked", dec01_1100);   // no change at all
        booking_changed(c, 100, "booked", "cancelled", dec01_1100);
        booking_changed(c, 100, "attended", "booked", dec01_1100);  // nothing to take back
    };
    f.run(back);
    report = f.report("2026-11-01", "2026-12-31", "month");
    EXPECT_EQ(values(report, "appointments_no_show"), (std::vector<std::int64_t>{0, 0}));
    EXPECT_EQ(values(report, "appointments_attended"), (std::vector<std::int64_t>{0, 0}));
    EXPECT_EQ(values(report, "appointments_booked"), (std::vector<std::int64_t>{1, 0}));
    EXPECT_EQ(values(report, "appointments_cancelled"), (std::vector<std::int64_t>{0, 1}));
}

TEST(report_requests, bad_ranges_are_explained) {
    auto problem = [](const char* from, const char* to, const char* grouping) {
        auto parsed = read_request(from, to, grouping);
        return std::holds_alternative<std::string>(parsed) ? std::get<std::string>(parsed)
                                                           : std::string();
    };
    EXPECT_EQ(problem("2026-02-30", "2026-03-01", "day"), "from must be a date written YYYY-MM-DD");
    EXPECT_EQ(problem("2026-02-01", "tomorrow", "day"), "to must be a date written YYYY-MM-DD");
    EXPECT_EQ(problem("2026-03-02", "2026-03-01", "day"), "from must not be after to");
    EXPECT_EQ(problem("2026-03-01", "2026-03-01", "year"), "period must be day, week or month");
    EXPECT_EQ(
        problem("2020-01-01", "2026-01-01", "day"),
        "the range covers more than 400 days; choose a shorter range or a longer period"
    );
    EXPECT_EQ(problem("2020-01-01", "2026-01-01", "week"), "");
    EXPECT_EQ(problem("2026-03-01", "2026-03-01", ""), "");  // day by default
}

TEST(report_csv, one_long_table_with_formula_safe_cells) {
    report_db f;
    auto job = [](storage::connection& c) {
        seed_booking(c, "=HYPERLINK(\"http://x\")");
        booking_changed(c, 100, "", "booked", nov02_1100);
        count(c, metric::flows_started, {"telegram", "uk"}, nov02_1100, "+cmd");
    };
    f.run(job);
    auto report = f.report("2026-11-02", "2026-11-03", "day");
    auto csv = report_csv(report);
    std::vector<std::string> lines;
    for (std::size_t at = 0, end = 0; at < csv.size(); at = end + 2) {
        end = csv.find("\r\n", at);
        ASSERT_NE(end, std::string::npos);
        lines.push_back(csv.substr(at, end - at));
    }
    EXPECT_EQ(lines[0], "period_start,period_end,metric,breakdown,key,label,value");
    // 14 series × 2 days, their breakdown items × 2 days, and two wait lines per day.
    std::size_t expected = 1 + 14 * 2 + 2 * 2;
    for (const auto& s : report.at("series")) {
        for (const auto& b : s.at("breakdowns")) {
            expected += b.at("items").size() * 2;
        }
    }
    EXPECT_EQ(lines.size(), expected);
    auto has = [&](const std::string& line) {
        return std::find(lines.begin(), lines.end(), line) != lines.end();
    };
    EXPECT_TRUE(
        has("2026-11-02,2026-11-02,appointments_booked,service,77,"
            "\"'=HYPERLINK(\"\"http://x\"\")\",1")
    );
    EXPECT_TRUE(has("2026-11-02,2026-11-02,flows_started,flow,'+cmd,'+cmd,1"));
    EXPECT_TRUE(has("2026-11-03,2026-11-03,new_people,all,,New people,0"));
    EXPECT_TRUE(has("2026-11-02,2026-11-02,people_reached,all,,People reached,0"));
    EXPECT_TRUE(
        has("2026-11-02,2026-11-02,handoff_wait_median_seconds,all,,Median wait for a caseworker "
            "(seconds),")
    );
}

}  // namespace
}  // namespace zaedno::reports
