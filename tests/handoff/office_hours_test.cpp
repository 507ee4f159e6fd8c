// Office hours arithmetic at fixed instants (never the wall clock), in Europe/Sofia, which
// is UTC+2 in winter and UTC+3 in summer.
#include "bot/handoff/office_hours.hpp"

#include <gtest/gtest.h>

#include "bot/i18n/catalog.hpp"
#include "tests/support/paths.hpp"

namespace zaedno::test {
namespace {

using handoff::office_hours;

// 2026-11-25 is a Wednesday.
constexpr std::int64_t wednesday_0600z = 1'795'586'400;  // 08:00 in Sofia
constexpr std::int64_t hour = 3600;

office_hours weekdays(const std::string& holidays = "") {
    return {
        handoff::parse_weekly("mon-fri 09:00-17:00"),
        handoff::parse_holidays(holidays),
        "Europe/Sofia"};
}

TEST(office_hours, open_inside_the_local_window_only) {
    auto hours = weekdays();
    EXPECT_FALSE(hours.open_at(wednesday_0600z));                         // 08:00
    EXPECT_TRUE(hours.open_at(wednesday_0600z + hour));                   // 09:00
    EXPECT_TRUE(hours.open_at(wednesday_0600z + 9 * hour - 1));           // 16:59:59
    EXPECT_FALSE(hours.open_at(wednesday_0600z + 9 * hour));              // 17:00
    EXPECT_FALSE(hours.open_at(wednesday_0600z + 4 * 24 * hour + hour));  // Sunday 09:00
}

TEST(office_hours, next_opening_is_later_today_or_the_next_working_day) {
    auto hours = weekdays();
    EXPECT_EQ(hours.next_opening(wednesday_0600z), wednesday_0600z + hour);
    EXPECT_EQ(hours.next_opening(wednesday_0600z + 2 * hour), wednesday_0600z + 2 * hour);
    auto friday_evening = wednesday_0600z + 2 * 24 * hour + 10 * hour;  // Friday 18:00
    auto monday_nine = wednesday_0600z + 5 * 24 * hour + hour;
    EXPECT_EQ(hours.next_opening(friday_evening), monday_nine);
}

TEST(office_hours, holidays_are_skipped) {
    auto hours = weekdays("2026-11-30, 2026-12-01");
    auto friday_evening = wednesday_0600z + 2 * 24 * hour + 10 * hour;
    auto wednesday_nine = wednesday_0600z + 7 * 24 * hour + hour;
    EXPECT_EQ(hours.next_opening(friday_evening), wednesday_nine);
    EXPECT_FALSE(hours.open_at(wednesday_0600z + 5 * 24 * hour + 2 * hour));  // holiday Monday
}

TEST(office_hours, summer_time_shifts_the_opening_in_utc) {
    auto hours = weekdays();
    constexpr std::int64_t wednesday_july_0530z = 1'782'883'800;  // 2026-07-01 08:30 in Sofia
    EXPECT_FALSE(hours.open_at(wednesday_july_0530z));
    EXPECT_EQ(hours.next_opening(wednesday_july_0530z), wednesday_july_0530z + 30 * 60);
}

TEST(office_hours, no_windows_means_no_opening) {
    office_hours never{{}, {}, "Europe/Sofia"};
    EXPECT_FALSE(never.open_at(wednesday_0600z));
    EXPECT_FALSE(never.next_opening(wednesday_0600z).has_value());
}

TEST(office_hours, several_windows_and_day_ranges_parse) {
    auto windows = handoff::parse_weekly("mon-wed 09:00-12:30, sat 10:00-24:00");
    ASSERT_EQ(windows.size(), 2U);
    EXPECT_EQ(windows[0].days, (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(windows[0].to_minute, 12 * 60 + 30);
    EXPECT_EQ(windows[1].days, (std::vector<int>{6}));
    EXPECT_EQ(windows[1].to_minute, 24 * 60);
    EXPECT_TRUE(handoff::parse_weekly("").empty());
}

TEST(office_hours, bad_texts_say_what_is_wrong) {
    for (const char* bad :
         {"monday 09:00-17:00",
          "mon-fri",
          "mon-fri 9-17",
          "fri-mon 09:00-17:00",
          "mon 17:00-09:00",
          "mon 25:00-26:00"}) {
        EXPECT_THROW(handoff::parse_weekly(bad), handoff::office_hours_error) << bad;
    }
    for (const char* bad : {"2026-13-01", "24.12.2026", "2026-02-30"}) {
        EXPECT_THROW(handoff::parse_holidays(bad), handoff::office_hours_error) << bad;
    }
    EXPECT_EQ(handoff::parse_holidays("2026-12-24, 2026-12-25").size(), 2U);
}

TEST(office_hours, the_next_opening_reads_naturally_in_each_language) {
    std::vector<i18n::load_problem> problems;
    auto catalog = i18n::catalog::load(source_dir() / "locales", "en", "Europe/Sofia", problems);
    auto monday_nine = i18n::timestamp{wednesday_0600z + 5 * 24 * hour + hour};
    auto en = catalog.format("en", "office_hours.next_opening", {{"when", monday_nine}}).text;
    EXPECT_NE(en.find("Monday"), std::string::npos) << en;
    EXPECT_NE(en.find("November 30"), std::string::npos) << en;
    EXPECT_NE(en.find("9:00"), std::string::npos) << en;
    auto bg = catalog.format("bg", "office_hours.next_opening", {{"when", monday_nine}}).text;
    EXPECT_NE(bg.find("понеделник"), std::string::npos) << bg;
    EXPECT_NE(bg.find("9:00"), std::string::npos) << bg;
    for (const auto& lang : catalog.languages()) {
        auto text = catalog.format(lang, "office_hours.next_opening", {{"when", monday_nine}});
        EXPECT_FALSE(text.fell_back) << lang;
        EXPECT_EQ(text.text.find("{when"), std::string::npos) << lang << ": " << text.text;
    }
}

}  // namespace
}  // namespace zaedno::test
