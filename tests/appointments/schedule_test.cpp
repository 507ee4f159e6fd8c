// Slot generation from weekly schedules and exceptions, in Europe/Sofia across both
// daylight-saving changes (last Sunday of March and of October).
#include "bot/appointments/schedule.hpp"

#include <gtest/gtest.h>

namespace zaedno::appointments {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

local_day date(int y, unsigned m, unsigned d) {
    return local_day{year{y}, month{m}, day{d}};
}

// 2027-03-28 and 2026-10-25 are the last Sundays of March and October.
const local_day spring_forward = date(2027, 3, 28);
const local_day fall_back = date(2026, 10, 25);

std::int64_t utc(int y, unsigned m, unsigned d, int h, int min) {
    auto days = std::chrono::sys_days{date(y, m, d)}.time_since_epoch().count();
    return static_cast<std::int64_t>(days) * 86400 + h * 3600 + min * 60;
}

std::vector<int> local_minutes(const std::vector<slot_candidate>& slots) {
    std::vector<int> out;
    for (const auto& s : slots) {
        out.push_back(s.local_minute);
    }
    return out;
}

TEST(appointments_zone_clock, sofia_winter_and_summer_offsets) {
    zone_clock sofia("Europe/Sofia");
    EXPECT_EQ(sofia.to_utc(date(2027, 1, 15), 10 * 60), utc(2027, 1, 15, 8, 0));  // EET, +2
    EXPECT_EQ(sofia.to_utc(date(2027, 7, 15), 10 * 60), utc(2027, 7, 15, 7, 0));  // EEST, +3
    auto back = sofia.to_local(utc(2027, 7, 15, 7, 0));
    EXPECT_EQ(back.day, date(2027, 7, 15));
    EXPECT_EQ(back.minute, 10 * 60);
}

TEST(appointments_zone_clock, a_wall_time_skipped_in_spring_does_not_exist) {
    zone_clock sofia("Europe/Sofia");
    // At 03:00 EET the clocks jump to 04:00 EEST: 03:00–03:59 never happens.
    EXPECT_EQ(sofia.to_utc(spring_forward, 2 * 60 + 30), utc(2027, 3, 28, 0, 30));
    EXPECT_EQ(sofia.to_utc(spring_forward, 3 * 60), std::nullopt);
    EXPECT_EQ(sofia.to_utc(spring_forward, 3 * 60 + 30), std::nullopt);
    EXPECT_EQ(sofia.to_utc(spring_forward, 4 * 60), utc(2027, 3, 28, 1, 0));
}

TEST(appointments_zone_clock, a_wall_time_repeated_in_autumn_is_its_first_occurrence) {
    zone_clock sofia("Europe/Sofia");
    // At 04:00 EEST the clocks go back to 03:00 EET: 03:00–03:59 happens twice.
    EXPECT_EQ(sofia.to_utc(fall_back, 3 * 60 + 30), utc(2026, 10, 25, 0, 30));  // still +3
    EXPECT_EQ(sofia.to_utc(fall_back, 4 * 60), utc(2026, 10, 25, 2, 0));        // now +2
    EXPECT_EQ(sofia.to_utc(fall_back, 2 * 60 + 30), utc(2026, 10, 24, 23, 30));
}

TEST(appointments_zone_clock, rejects_minutes_outside_the_day) {
    zone_clock sofia("Europe/Sofia");
    EXPECT_EQ(sofia.to_utc(date(2027, 1, 15), -1), std::nullopt);
    EXPECT_EQ(sofia.to_utc(date(2027, 1, 15), 24 * 60), std::nullopt);
}

TEST(appointments_schedule, spring_forward_day_has_no_slots_in_the_missing_hour) {
    zone_clock sofia("Europe/Sofia");
    std::vector<weekly_window> windows{{1, 7, 2 * 60, 5 * 60, 1, {}, {}}};  // Sundays 02–05
    auto slots = generate_slots(sofia, 30, windows, {}, spring_forward, spring_forward);
    EXPECT_EQ(local_minutes(slots), (std::vector<int>{120, 150, 240, 270}));
    ASSERT_EQ(slots.size(), 4U);
    EXPECT_EQ(slots[0].starts_at, utc(2027, 3, 28, 0, 0));
    EXPECT_EQ(slots[1].starts_at, utc(2027, 3, 28, 0, 30));
    EXPECT_EQ(slots[2].starts_at, utc(2027, 3, 28, 1, 0));  // 04:00 EEST
    EXPECT_EQ(slots[3].starts_at, utc(2027, 3, 28, 1, 30));
    for (const auto& s : slots) {
        EXPECT_EQ(s.ends_at - s.starts_at, 30 * 60);
    }
}

TEST(appointments_schedule, fall_back_day_holds_each_repeated_slot_once) {
    zone_clock sofia("Europe/Sofia");
    std::vector<weekly_window> windows{{1, 7, 2 * 60, 5 * 60, 1, {}, {}}};
    auto slots = generate_slots(sofia, 30, windows, {}, fall_back, fall_back);
    EXPECT_EQ(local_minutes(slots), (std::vector<int>{120, 150, 180, 210, 240, 270}));
    ASSERT_EQ(slots.size(), 6U);
    EXPECT_EQ(slots[0].starts_at, utc(2026, 10, 24, 23, 0));
    EXPECT_EQ(slots[2].starts_at, utc(2026, 10, 25, 0, 0));  // 03:00, first time (EEST)
    EXPECT_EQ(slots[3].starts_at, utc(2026, 10, 25, 0, 30));
    EXPECT_EQ(slots[4].starts_at, utc(2026, 10, 25, 2, 0));  // 04:00 EET
    for (std::size_t i = 1; i < slots.size(); ++i) {
        EXPECT_GE(slots[i].starts_at, slots[i - 1].ends_at);  // never overlapping
    }
}

TEST(appointments_schedule, the_same_wall_clock_times_on_either_side_of_a_change) {
    zone_clock sofia("Europe/Sofia");
    std::vector<weekly_window> windows;
    for (int weekday = 1; weekday <= 7; ++weekday) {
        windows.push_back({1, weekday, 10 * 60, 11 * 60, 2, {}, {}});
    }
    auto slots = generate_slots(sofia, 60, windows, {}, date(2027, 3, 27), date(2027, 3, 29));
    ASSERT_EQ(slots.size(), 3U);
    EXPECT_EQ(slots[0].starts_at, utc(2027, 3, 27, 8, 0));  // Saturday, EET
    EXPECT_EQ(slots[1].starts_at, utc(2027, 3, 28, 7, 0));  // Sunday, EEST
    EXPECT_EQ(slots[2].starts_at, utc(2027, 3, 29, 7, 0));
    EXPECT_EQ(slots[0].capacity, 2);
    EXPECT_EQ(slots[0].local_minute, 600);
}

TEST(appointments_schedule, slots_are_cut_while_they_fit_in_the_window) {
    zone_clock sofia("Europe/Sofia");
    std::vector<weekly_window> windows{{1, 1, 14 * 60, 17 * 60, 1, {}, {}}};  // Mondays
    auto slots = generate_slots(sofia, 50, windows, {}, date(2027, 1, 11), date(2027, 1, 11));
    EXPECT_EQ(local_minutes(slots), (std::vector<int>{840, 890, 940}));  // 16:30 would end 17:20
}

TEST(appointments_schedule, a_holiday_closes_every_location_and_an_extra_day_adds_one) {
    zone_clock sofia("Europe/Sofia");
    std::vector<weekly_window> windows{
        {1, 1, 10 * 60, 12 * 60, 1, {}, {}},
        {2, 1, 10 * 60, 11 * 60, 1, {}, {}},
    };
    std::vector<schedule_exception> exceptions{
        {std::nullopt, date(2027, 1, 11), exception_kind::closed, {}, {}, 1},
        {2, date(2027, 1, 16), exception_kind::extra, 9 * 60, 10 * 60, 3},  // a Saturday
    };
    auto slots =
        generate_slots(sofia, 60, windows, exceptions, date(2027, 1, 11), date(2027, 1, 18));
    ASSERT_EQ(slots.size(), 4U);  // Saturday 09:00, then Monday 10:00 (twice) and 11:00
    EXPECT_EQ(slots[0].day, date(2027, 1, 16));
    EXPECT_EQ(slots[0].location_id, 2);
    EXPECT_EQ(slots[0].capacity, 3);
    EXPECT_EQ(slots[1].day, date(2027, 1, 18));  // the next Monday is open again
}

TEST(appointments_schedule, a_partial_closure_at_one_location_removes_only_what_it_overlaps) {
    zone_clock sofia("Europe/Sofia");
    std::vector<weekly_window> windows{
        {1, 1, 9 * 60, 13 * 60, 1, {}, {}},
        {2, 1, 9 * 60, 10 * 60, 1, {}, {}},
    };
    std::vector<schedule_exception> exceptions{
        {1, date(2027, 1, 11), exception_kind::closed, 10 * 60 + 30, 11 * 60 + 30, 1},
    };
    auto slots =
        generate_slots(sofia, 60, windows, exceptions, date(2027, 1, 11), date(2027, 1, 11));
    std::vector<std::pair<std::int64_t, int>> got;
    for (const auto& s : slots) {
        got.emplace_back(s.location_id, s.local_minute);
    }
    EXPECT_EQ(got, (std::vector<std::pair<std::int64_t, int>>{{1, 540}, {2, 540}, {1, 720}}));
}

TEST(appointments_schedule, validity_dates_bound_a_window) {
    zone_clock sofia("Europe/Sofia");
    std::vector<weekly_window> windows{
        {1, 1, 10 * 60, 11 * 60, 1, date(2027, 1, 11), date(2027, 1, 18)},
    };
    auto slots = generate_slots(sofia, 60, windows, {}, date(2027, 1, 1), date(2027, 1, 31));
    ASSERT_EQ(slots.size(), 2U);
    EXPECT_EQ(slots[0].day, date(2027, 1, 11));
    EXPECT_EQ(slots[1].day, date(2027, 1, 18));
}

TEST(appointments_schedule, overlapping_windows_give_one_slot_with_the_larger_capacity) {
    zone_clock sofia("Europe/Sofia");
    std::vector<weekly_window> windows{
        {1, 1, 10 * 60, 11 * 60, 1, {}, {}},
        {1, 1, 10 * 60, 12 * 60, 4, {}, {}},
    };
    auto slots = generate_slots(sofia, 60, windows, {}, date(2027, 1, 11), date(2027, 1, 11));
    ASSERT_EQ(slots.size(), 2U);
    EXPECT_EQ(slots[0].capacity, 4);
}

TEST(appointments_schedule, days_are_parsed_strictly) {
    EXPECT_EQ(parse_day("2027-03-28"), spring_forward);
    EXPECT_EQ(format_day(spring_forward), "2027-03-28");
    EXPECT_EQ(weekday_of(spring_forward), 7);
    for (const char* bad : {"2027-02-30", "2027-3-28", "28.03.2027", "", "2027-03-2x", "x"}) {
        EXPECT_EQ(parse_day(bad), std::nullopt) << bad;
    }
}

}  // namespace
}  // namespace zaedno::appointments
