// Time values the delivery policies take from their caller (they never read a clock).
#pragma once

#include <chrono>

namespace zaedno::delivery {

using duration = std::chrono::milliseconds;
/// Wall-clock milliseconds, the unit the outbox stores.
using time_point = std::chrono::sys_time<std::chrono::milliseconds>;

}  // namespace zaedno::delivery
