// GCRA token buckets per chat and per channel, and the urgent-first choice of the next send.
#include "bot/delivery/rate_policy.hpp"

#include <algorithm>
#include <cmath>

namespace zaedno::delivery {

rate_settings telegram_rates() {
    return {1.0, 3, 30.0, 1};
}

rate_settings viber_rates() {
    return {1.0, 3, 30.0, 1};
}

rate_settings webchat_rates() {
    return {0.0, 1, 0.0, 1};
}

rate_limiter::bucket rate_limiter::make_bucket(double per_second, int burst) {
    if (!(per_second > 0.0)) {
        return {};
    }
    const auto interval = micros{static_cast<micros::rep>(std::ceil(1'000'000.0 / per_second))};
    return {interval, interval * (std::max(burst, 1) - 1)};
}

rate_limiter::precise_time rate_limiter::allowed_from(const bucket& b, precise_time tat) {
    return tat - b.tolerance;
}

rate_limiter::rate_limiter(rate_settings settings)
    : chat_bucket_(make_bucket(settings.per_chat_per_second, settings.per_chat_burst)),
      global_bucket_(make_bucket(settings.global_per_second, settings.global_burst)) {}

time_point rate_limiter::next_send_at(time_point now, std::string_view chat, bool urgent) const {
    precise_time earliest = std::chrono::time_point_cast<micros>(now);
    if (global_bucket_.interval.count() > 0) {
        earliest = std::max(earliest, allowed_from(global_bucket_, global_tat_));
    }
    if (!urgent && chat_bucket_.interval.count() > 0) {
        auto it = chats_.find(std::string(chat));
        if (it != chats_.end()) {
            earliest = std::max(earliest, allowed_from(chat_bucket_, it->second));
        }
    }
    return std::chrono::ceil<duration>(earliest);
}

void rate_limiter::record_send(time_point now, std::string_view chat) {
    const precise_time at = std::chrono::time_point_cast<micros>(now);
    if (global_bucket_.interval.count() > 0) {
        global_tat_ = std::max(global_tat_, at) + global_bucket_.interval;
    }
    if (chat_bucket_.interval.count() > 0) {
        auto [it, inserted] = chats_.try_emplace(std::string(chat), at);
        it->second = std::max(it->second, at) + chat_bucket_.interval;
    }
}

void rate_limiter::forget_idle(time_point now) {
    const precise_time at = std::chrono::time_point_cast<micros>(now);
    std::erase_if(chats_, [&](const auto& entry) { return entry.second <= at; });
}

send_choice choose_next(
    const rate_limiter& limiter, time_point now, const std::vector<send_candidate>& candidates
) {
    send_choice choice;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const send_candidate& c = candidates[i];
        const time_point allowed = limiter.next_send_at(now, c.chat, c.urgent);
        const time_point earliest = std::max(allowed, c.ready_at);
        if (earliest > now) {
            if (!choice.wake_at || earliest < *choice.wake_at) {
                choice.wake_at = earliest;
            }
            continue;
        }
        if (!choice.index) {
            choice.index = i;
            continue;
        }
        const send_candidate& best = candidates[*choice.index];
        if ((c.urgent && !best.urgent) || (c.urgent == best.urgent && c.order < best.order)) {
            choice.index = i;
        }
    }
    if (choice.index) {
        choice.wake_at.reset();
    }
    return choice;
}

}  // namespace zaedno::delivery
