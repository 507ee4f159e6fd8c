// What to do after a send: done, retry at a given time, dead-letter, or stop writing to the
// person. Pure: the caller passes the time and a random number.
#pragma once

#include <string>

#include "bot/delivery/clock.hpp"
#include "integrations/channel.hpp"

namespace zaedno::delivery {

struct retry_settings {
    duration base{1000};    ///< ceiling of the first backoff
    duration cap{300'000};  ///< no backoff ceiling above this (5 min)
    int max_attempts = 10;  ///< sends in all, the first included; then dead letter
};

enum class next_step {
    done,              ///< sent
    retry,             ///< send again at retry_at
    dead_letter,       ///< keep for admins: permanent error or attempts used up
    mark_unreachable,  ///< blocked / unsubscribed: mark the person, drop their queue
};

struct decision {
    next_step step = next_step::done;
    time_point retry_at{};
    std::string reason;  ///< the outcome's reason, for the dead-letter row and logs
};

/// Full-jitter ceiling for the attempt that just failed (1-based): min(cap, base·2^(n−1)).
duration backoff_ceiling(const retry_settings& settings, int attempts_made);

/// attempts_made counts the send just classified. random_unit is uniform in [0, 1) and is
/// clamped into it. Transient failures wait random_unit × backoff_ceiling ("full jitter",
/// so a burst of failures spreads out). A platform's retry_after is a floor: the wait is
/// retry_after + random_unit × base, never less than the platform asked. Either kind becomes
/// a dead letter once attempts_made reaches max_attempts.
decision decide(
    const retry_settings& settings,
    const channels::send_outcome& outcome,
    int attempts_made,
    time_point now,
    double random_unit
);

}  // namespace zaedno::delivery
