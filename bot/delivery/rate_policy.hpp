// Send pacing per chat and per channel (token buckets as GCRA), and the choice of which queued
// message goes next: urgent first, then oldest. Pure: times come from the caller.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bot/delivery/clock.hpp"

namespace zaedno::delivery {

/// A rate of 0 switches that limit off.
struct rate_settings {
    double per_chat_per_second = 1.0;
    int per_chat_burst = 3;
    double global_per_second = 30.0;
    int global_burst = 1;
};

/// Telegram's FAQ: about 1 message a second in one chat (short bursts tolerated: 3 here), about
/// 30 a second overall (evenly spaced, no burst, so no 1 s window ever holds more than 30).
rate_settings telegram_rates();
/// Viber publishes no per-second limit; pace it like Telegram.
rate_settings viber_rates();
/// The web chat is our own socket: no pacing.
rate_settings webchat_rates();

/// One channel's buckets: one per chat plus the channel-wide one.
class rate_limiter {
public:
    explicit rate_limiter(rate_settings settings);

    /// The earliest time at or after now when a message to chat may go. Urgent messages skip
    /// the per-chat bucket but never the channel-wide one.
    time_point next_send_at(time_point now, std::string_view chat, bool urgent = false) const;

    /// Counts a send to chat at now in both buckets (urgent sends too, so the chat's next
    /// ordinary message is paced after them).
    void record_send(time_point now, std::string_view chat);

    /// Forgets chats whose bucket is full again at now (they behave as new), bounding memory.
    void forget_idle(time_point now);

    std::size_t tracked_chats() const { return chats_.size(); }

private:
    using micros = std::chrono::microseconds;
    using precise_time = std::chrono::sys_time<micros>;

    // Generic cell rate algorithm: a bucket is its theoretical arrival time; a send is allowed
    // when now >= tat - tolerance, and moves tat to max(tat, now) + interval.
    struct bucket {
        micros interval{0};
        micros tolerance{0};
    };

    static bucket make_bucket(double per_second, int burst);
    static precise_time allowed_from(const bucket& b, precise_time tat);

    bucket chat_bucket_;
    bucket global_bucket_;
    precise_time global_tat_{};
    std::unordered_map<std::string, precise_time> chats_;
};

/// The head of one chat's queue (per-chat order is the caller's: one candidate per chat).
struct send_candidate {
    std::string chat;
    bool urgent = false;
    time_point ready_at{};   ///< not before this (retry schedule); epoch = now
    std::int64_t order = 0;  ///< outbox sequence: lower = older
};

struct send_choice {
    std::optional<std::size_t> index;   ///< candidate to send now, if any
    std::optional<time_point> wake_at;  ///< when to look again if none can go now
};

/// Picks what to send at now: among candidates that are ready and allowed by the limiter,
/// urgent ones first, then the lowest order. When none can go, wake_at is the earliest time
/// one can (empty when there are no candidates).
send_choice choose_next(
    const rate_limiter& limiter, time_point now, const std::vector<send_candidate>& candidates
);

}  // namespace zaedno::delivery
