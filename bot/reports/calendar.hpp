// Calendar dates and report periods: local days, ISO weeks (Monday first), calendar months.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zaedno::reports {

/// A calendar date, as days since 1970-01-01.
struct date {
    std::int64_t days = 0;

    friend auto operator<=>(const date&, const date&) = default;
};

/// Strict "YYYY-MM-DD" with a real month and day; nullopt otherwise.
std::optional<date> parse_date(std::string_view text);
std::string format_date(date d);

/// The date in an IANA zone at that instant (unknown zones count as UTC).
date local_date(const std::string& zone, std::int64_t unix_seconds);

enum class period { day, week, month };

std::optional<period> parse_period(std::string_view text);
std::string_view period_name(period p);

/// The first day of the period holding d: itself, its ISO week's Monday, its month's 1st.
date period_start(date d, period p);
/// The first day of the next period.
date next_period_start(date d, period p);

}  // namespace zaedno::reports
