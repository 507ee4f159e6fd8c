// Weekday and minute of day in an IANA zone, for office-hours branches.
#pragma once

#include <cstdint>
#include <string>

#include "bot/engine/step.hpp"

namespace zaedno::conversation {

/// Unknown zones count as UTC (the configuration has already validated the zone).
engine::local_time local_time_in(const std::string& zone, std::int64_t unix_seconds);

}  // namespace zaedno::conversation
