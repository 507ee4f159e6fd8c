// Wall-clock time as the database stores it: Unix seconds and milliseconds.
#pragma once

#include <chrono>
#include <cstdint>

namespace zaedno {

inline std::int64_t unix_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch()
    )
        .count();
}

inline std::int64_t unix_seconds() {
    return unix_ms() / 1000;
}

}  // namespace zaedno
