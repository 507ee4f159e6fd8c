// Dates and periods for reports: strict parsing, ISO weeks across a year's end, months, and
// local dates in Sofia on both sides of midnight and of the clock change.
#include "bot/reports/calendar.hpp"

#include <gtest/gtest.h>

namespace zaedno::reports {
namespace {

date on(const char* text) {
    auto d = parse_date(text);
    EXPECT_TRUE(d.has_value()) << text;
    return d.value_or(date{});
}

TEST(report_calendar, dates_parse_strictly_and_print_back) {
    EXPECT_EQ(format_date(on("2026-11-25")), "2026-11-25");
    EXPECT_EQ(on("1970-01-01").days, 0);
    EXPECT_EQ(format_date(on("2028-02-29")), "2028-02-29");
    for (const char* bad :
         {"2026-02-29",
          "2026-13-01",
          "2026-00-10",
          "2026-11-31",
          "2026-1-05",
          "26-11-05",
          "2026/11/05",
          "2026-11-05 ",
          "",
          "2026-11-0x",
          "+026-11-05"}) {
        EXPECT_FALSE(parse_date(bad).has_value()) << bad;
    }
}

TEST(report_calendar, weeks_start_on_monday_even_across_the_year_end) {
    EXPECT_EQ(format_date(period_start(on("2026-01-01"), period::week)), "2025-12-29");
    EXPECT_EQ(format_date(period_start(on("2026-11-01"), period::week)), "2026-10-26");
    EXPECT_EQ(format_date(period_start(on("2026-11-02"), period::week)), "2026-11-02");
    EXPECT_EQ(format_date(next_period_start(on("2026-12-31"), period::week)), "2027-01-04");
    EXPECT_EQ(format_date(period_start(on("1969-12-31"), period::week)), "1969-12-29");
}

TEST(report_calendar, months_and_days) {
    EXPECT_EQ(format_date(period_start(on("2026-11-30"), period::month)), "2026-11-01");
    EXPECT_EQ(format_date(next_period_start(on("2026-12-15"), period::month)), "2027-01-01");
    EXPECT_EQ(format_date(next_period_start(on("2028-02-28"), period::day)), "2028-02-29");
    EXPECT_EQ(parse_period("week"), period::week);
    EXPECT_FALSE(parse_period("year").has_value());
    EXPECT_EQ(period_name(period::month), "month");
}

TEST(report_calendar, local_dates_follow_the_zone_and_its_clock_changes) {
    // 2026-10-31 21:30 and 22:30 UTC: 23:30 and 00:30 in Sofia (UTC+2 after 25 October).
    EXPECT_EQ(format_date(local_date("Europe/Sofia", 1'793'482'200)), "2026-10-31");
    EXPECT_EQ(format_date(local_date("Europe/Sofia", 1'793'485'800)), "2026-11-01");
    EXPECT_EQ(format_date(local_date("UTC", 1'793'485'800)), "2026-10-31");
    // 2026-07-01 21:30 UTC is 00:30 on 2 July in summer time (UTC+3), 23:30 in winter.
    EXPECT_EQ(format_date(local_date("Europe/Sofia", 1'782'941'400)), "2026-07-02");
    EXPECT_EQ(format_date(local_date("Not/A_Zone", 1'782'941'400)), "2026-07-01");
}

}  // namespace
}  // namespace zaedno::reports
