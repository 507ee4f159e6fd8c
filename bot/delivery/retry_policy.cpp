// Exponential backoff with full jitter, platform retry_after as a floor, dead letters.
#include "bot/delivery/retry_policy.hpp"

#include <algorithm>
#include <cmath>

#include "bot/common/overloaded.hpp"

namespace zaedno::delivery {
namespace {

double clamp_unit(double random_unit) {
    if (!(random_unit >= 0.0)) {  // also catches NaN
        return 0.0;
    }
    return std::min(random_unit, std::nextafter(1.0, 0.0));
}

duration scaled(duration d, double unit) {
    return duration{static_cast<duration::rep>(std::floor(static_cast<double>(d.count()) * unit))};
}

}  // namespace

duration backoff_ceiling(const retry_settings& settings, int attempts_made) {
    const int doublings = std::clamp(attempts_made - 1, 0, 40);
    const double ceiling = static_cast<double>(settings.base.count()) * std::ldexp(1.0, doublings);
    if (ceiling >= static_cast<double>(settings.cap.count())) {
        return settings.cap;
    }
    return duration{static_cast<duration::rep>(ceiling)};
}

decision decide(
    const retry_settings& settings,
    const channels::send_outcome& outcome,
    int attempts_made,
    time_point now,
    double random_unit
) {
    const double unit = clamp_unit(random_unit);
    const auto retry_or_give_up = [&](duration wait, const std::string& reason) {
        if (attempts_made >= settings.max_attempts) {
            return decision{
                next_step::dead_letter,
                {},
                "gave up after " + std::to_string(attempts_made) + " attempts: " + reason};
        }
        return decision{next_step::retry, now + wait, reason};
    };
    return std::visit(
        overloaded{
            [](const channels::outcome::sent&) {
                return decision{next_step::done, {}, ""};
            },
            [&](const channels::outcome::retry_after& r) {
                const duration floor = std::chrono::seconds{std::max<std::int64_t>(r.seconds, 0)};
                return retry_or_give_up(
                    floor + scaled(settings.base, unit),
                    "rate limited, retry after " + std::to_string(r.seconds) + " s"
                );
            },
            [&](const channels::outcome::transient& t) {
                return retry_or_give_up(
                    scaled(backoff_ceiling(settings, attempts_made), unit), t.reason
                );
            },
            [](const channels::outcome::permanent& p) {
                return decision{next_step::dead_letter, {}, p.reason};
            },
            [](const channels::outcome::unreachable& u) {
                return decision{next_step::mark_unreachable, {}, u.reason};
            },
        },
        outcome
    );
}

}  // namespace zaedno::delivery
