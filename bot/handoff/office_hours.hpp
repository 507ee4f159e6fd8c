// When caseworkers are in: weekly windows plus holidays in the configured zone, and the next
// moment they open, for the "we will answer on …" message.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "bot/engine/script.hpp"

namespace zaedno::handoff {

/// A configuration text that does not parse; the message says where and why.
class office_hours_error : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

/// "mon-fri 09:00-17:00, sat 10:00-13:00": comma-separated entries of a day or day range
/// (mon tue wed thu fri sat sun) and a from-to time; "to" may be 24:00. Throws
/// office_hours_error.
std::vector<engine::weekly_window> parse_weekly(std::string_view text);

/// "2026-12-24, 2026-12-25": local dates on which the office stays closed. Returns days since
/// 1970-01-01. Throws office_hours_error.
std::set<std::int64_t> parse_holidays(std::string_view text);

class office_hours {
public:
    office_hours(
        std::vector<engine::weekly_window> weekly, std::set<std::int64_t> holidays, std::string zone
    );

    bool open_at(std::int64_t unix_seconds) const;

    /// The first moment at or after `unix_seconds` when the office is open; nothing when it
    /// never opens within a year (no windows, or only holidays).
    std::optional<std::int64_t> next_opening(std::int64_t unix_seconds) const;

private:
    /// Seconds the zone is ahead of UTC at that instant (daylight saving included).
    std::int64_t offset_at(std::int64_t unix_seconds) const;
    /// The instant a local wall-clock time (seconds since the local epoch) happens.
    std::int64_t to_unix(std::int64_t local_seconds) const;

    std::vector<engine::weekly_window> weekly_;
    std::set<std::int64_t> holidays_;
    std::string zone_;
};

}  // namespace zaedno::handoff
