// Office-hours time: weekday and minute in the zone, across daylight-saving changes.
#include "bot/conversation/local_time.hpp"

#include <gtest/gtest.h>

namespace zaedno::conversation {
namespace {

TEST(local_time, sofia_before_and_after_spring_forward) {
    // 2026-03-29 00:30 UTC is 02:30 EET (UTC+2); 01:30 UTC is 04:30 EEST (UTC+3). A Sunday.
    auto before = local_time_in("Europe/Sofia", 1774744200);
    EXPECT_EQ(before.weekday, 7);
    EXPECT_EQ(before.minute_of_day, 2 * 60 + 30);
    auto after = local_time_in("Europe/Sofia", 1774747800);
    EXPECT_EQ(after.weekday, 7);
    EXPECT_EQ(after.minute_of_day, 4 * 60 + 30);
}

TEST(local_time, crosses_midnight_into_the_next_weekday) {
    // 2026-11-23 (Monday) 22:30 UTC is Tuesday 00:30 in Sofia (UTC+2 in winter).
    auto t = local_time_in("Europe/Sofia", 1795473000);
    EXPECT_EQ(t.weekday, 2);
    EXPECT_EQ(t.minute_of_day, 30);
    auto utc = local_time_in("UTC", 1795473000);
    EXPECT_EQ(utc.weekday, 1);
    EXPECT_EQ(utc.minute_of_day, 22 * 60 + 30);
}

TEST(local_time, before_1970_still_gives_a_valid_weekday) {
    auto t = local_time_in("UTC", -86400);  // 1969-12-31, a Wednesday
    EXPECT_EQ(t.weekday, 3);
    EXPECT_EQ(t.minute_of_day, 0);
}

}  // namespace
}  // namespace zaedno::conversation
