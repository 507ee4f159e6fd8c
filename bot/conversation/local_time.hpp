// Local wall-clock time in an IANA zone: weekday and minute of day for office-hours
// branches, local days for reports.
#pragma once

#include <cstdint>
#include <string>

#include "bot/engine/step.hpp"

namespace zaedno::conversation {

/// The wall-clock time in `zone` as seconds since 1970-01-01 00:00 local (unix_seconds plus
/// the zone's offset at that instant). Unknown zones count as UTC (the configuration has
/// already validated the zone).
std::int64_t local_seconds_in(const std::string& zone, std::int64_t unix_seconds);

/// Days since 1970-01-01 of a local_seconds_in value (floor, also before 1970).
constexpr std::int64_t local_days(std::int64_t local_seconds) {
    return local_seconds >= 0 ? local_seconds / 86'400 : (local_seconds - 86'399) / 86'400;
}

/// Unknown zones count as UTC (the configuration has already validated the zone).
engine::local_time local_time_in(const std::string& zone, std::int64_t unix_seconds);

}  // namespace zaedno::conversation
