// Pacing per chat and per channel, and urgent-first choice, driven by fake times.
#include "bot/delivery/rate_policy.hpp"

#include <deque>

#include <gtest/gtest.h>

namespace zaedno::delivery {
namespace {

using namespace std::chrono_literals;

const time_point t0{duration{1'764'072'000'000}};

// Sends `count` messages to chat as fast as the limiter allows; returns the send times.
std::vector<time_point> drain_one_chat(rate_limiter& limiter, std::string_view chat, int count) {
    std::vector<time_point> times;
    time_point now = t0;
    for (int i = 0; i < count; ++i) {
        now = limiter.next_send_at(now, chat);
        limiter.record_send(now, chat);
        times.push_back(now);
    }
    return times;
}

const rate_settings per_chat_only{1.0, 3, 0.0, 1};

TEST(delivery_rate, one_chat_gets_a_burst_of_three_then_one_a_second) {
    rate_limiter limiter{per_chat_only};
    auto times = drain_one_chat(limiter, "42", 20);
    EXPECT_EQ(times[0], t0);
    EXPECT_EQ(times[1], t0);
    EXPECT_EQ(times[2], t0);
    EXPECT_EQ(times[3], t0 + 1s);
    EXPECT_EQ(times[19], t0 + 17s);
    for (std::size_t i = 3; i < times.size(); ++i) {
        EXPECT_GE(times[i] - times[i - 3], 1s) << "more than 3 in under a second at " << i;
        EXPECT_GE(times[i], times[i - 1]) << "out of order";
    }
}

TEST(delivery_rate, the_global_spacing_stretches_a_burst_without_changing_the_pace) {
    rate_limiter limiter{telegram_rates()};
    auto times = drain_one_chat(limiter, "42", 20);
    EXPECT_EQ(times[0], t0);
    EXPECT_GT(times[1], t0);
    EXPECT_LT(times[2], t0 + 100ms);
    EXPECT_EQ(times[3], t0 + 1s);
    EXPECT_EQ(times[19], t0 + 17s);
}

TEST(delivery_rate, a_quiet_chat_gets_its_burst_back) {
    rate_limiter limiter{per_chat_only};
    drain_one_chat(limiter, "42", 5);
    const time_point later = t0 + 60s;
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(limiter.next_send_at(later, "42"), later);
        limiter.record_send(later, "42");
    }
    EXPECT_EQ(limiter.next_send_at(later, "42"), later + 1s);
}

TEST(delivery_rate, chats_do_not_slow_each_other_below_the_global_cap) {
    rate_limiter limiter{telegram_rates()};
    drain_one_chat(limiter, "a", 3);
    EXPECT_EQ(limiter.next_send_at(t0, "a"), t0 + 1s);
    const time_point b_allowed = limiter.next_send_at(t0, "b");
    EXPECT_LT(b_allowed, t0 + 200ms);
}

TEST(delivery_rate, no_second_ever_holds_more_than_thirty_sends_overall) {
    rate_limiter limiter{telegram_rates()};
    std::vector<time_point> times;
    time_point now = t0;
    for (int i = 0; i < 200; ++i) {
        const std::string chat = "chat" + std::to_string(i);
        now = limiter.next_send_at(now, chat);
        limiter.record_send(now, chat);
        times.push_back(now);
    }
    for (std::size_t i = 30; i < times.size(); ++i) {
        EXPECT_GE(times[i] - times[i - 30], 1s) << i;
    }
    EXPECT_LT(times.back() - times.front(), 7s);  // and it does keep up ~30/s
}

TEST(delivery_rate, urgent_skips_chat_pacing_but_not_the_global_cap) {
    rate_limiter limiter{telegram_rates()};
    drain_one_chat(limiter, "42", 3);
    EXPECT_EQ(limiter.next_send_at(t0, "42", false), t0 + 1s);
    const time_point urgent_at = limiter.next_send_at(t0, "42", true);
    EXPECT_LT(urgent_at, t0 + 1s);
    EXPECT_EQ(urgent_at, limiter.next_send_at(t0, "someone-else"));  // only the global wait
    EXPECT_GT(urgent_at, t0);
}

TEST(delivery_rate, urgent_sends_still_count_for_the_chat) {
    rate_limiter limiter{rate_settings{1.0, 1, 0.0, 1}};
    limiter.record_send(t0, "42");
    EXPECT_EQ(limiter.next_send_at(t0, "42", true), t0);
    limiter.record_send(t0, "42");
    EXPECT_EQ(limiter.next_send_at(t0, "42"), t0 + 2s);
}

TEST(delivery_rate, webchat_is_not_paced) {
    rate_limiter limiter{webchat_rates()};
    for (int i = 0; i < 100; ++i) {
        EXPECT_EQ(limiter.next_send_at(t0, "s"), t0);
        limiter.record_send(t0, "s");
    }
    EXPECT_EQ(limiter.tracked_chats(), 0u);
}

TEST(delivery_rate, viber_is_paced_like_telegram) {
    rate_limiter limiter{viber_rates()};
    EXPECT_EQ(drain_one_chat(limiter, "u", 4)[3], t0 + 1s);
}

TEST(delivery_rate, idle_chats_are_forgotten) {
    rate_limiter limiter{telegram_rates()};
    drain_one_chat(limiter, "a", 2);
    limiter.record_send(t0 + 10s, "b");
    EXPECT_EQ(limiter.tracked_chats(), 2u);
    limiter.forget_idle(t0 + 5s);
    EXPECT_EQ(limiter.tracked_chats(), 1u);
    limiter.forget_idle(t0 + 11s);
    EXPECT_EQ(limiter.tracked_chats(), 0u);
}

TEST(delivery_rate, urgent_candidates_are_taken_first) {
    rate_limiter limiter{telegram_rates()};
    const std::vector<send_candidate> candidates = {
        {"a", false, t0, 1},
        {"b", true, t0, 9},
        {"c", false, t0, 2},
    };
    auto choice = choose_next(limiter, t0, candidates);
    ASSERT_TRUE(choice.index);
    EXPECT_EQ(*choice.index, 1u);
    EXPECT_FALSE(choice.wake_at);
}

TEST(delivery_rate, otherwise_the_oldest_ready_candidate_goes) {
    rate_limiter limiter{telegram_rates()};
    const std::vector<send_candidate> candidates = {
        {"a", false, t0, 5},
        {"b", true, t0 + 3s, 1},  // urgent but waiting for its retry time
        {"c", false, t0, 2},
    };
    auto choice = choose_next(limiter, t0, candidates);
    ASSERT_TRUE(choice.index);
    EXPECT_EQ(*choice.index, 2u);
}

TEST(delivery_rate, a_paced_chat_yields_to_others_and_sets_the_wake_time) {
    rate_limiter limiter{telegram_rates()};
    drain_one_chat(limiter, "a", 3);
    auto blocked = choose_next(limiter, t0, {{"a", false, t0, 1}});
    EXPECT_FALSE(blocked.index);
    ASSERT_TRUE(blocked.wake_at);
    EXPECT_EQ(*blocked.wake_at, t0 + 1s);
    auto other = choose_next(limiter, t0 + 200ms, {{"a", false, t0, 1}, {"b", false, t0, 2}});
    ASSERT_TRUE(other.index);
    EXPECT_EQ(*other.index, 1u);
    auto retry_later = choose_next(limiter, t0, {{"z", false, t0 + 5s, 1}});
    EXPECT_FALSE(retry_later.index);
    EXPECT_EQ(retry_later.wake_at, t0 + 5s);
}

TEST(delivery_rate, nothing_queued_means_nothing_to_do) {
    rate_limiter limiter{telegram_rates()};
    auto choice = choose_next(limiter, t0, {});
    EXPECT_FALSE(choice.index);
    EXPECT_FALSE(choice.wake_at);
}

TEST(delivery_rate, a_simulated_worker_keeps_order_and_pace_for_twenty_rapid_messages) {
    rate_limiter limiter{telegram_rates()};
    std::deque<std::int64_t> queue;
    for (std::int64_t i = 1; i <= 20; ++i) {
        queue.push_back(i);
    }
    std::vector<std::pair<std::int64_t, time_point>> sent;
    time_point now = t0;
    while (!queue.empty()) {
        auto choice = choose_next(limiter, now, {{"42", false, t0, queue.front()}});
        if (!choice.index) {
            ASSERT_TRUE(choice.wake_at);
            ASSERT_GT(*choice.wake_at, now);
            now = *choice.wake_at;
            continue;
        }
        limiter.record_send(now, "42");
        sent.emplace_back(queue.front(), now);
        queue.pop_front();
    }
    ASSERT_EQ(sent.size(), 20u);
    for (std::size_t i = 0; i < sent.size(); ++i) {
        EXPECT_EQ(sent[i].first, static_cast<std::int64_t>(i + 1));
    }
    EXPECT_EQ(sent.back().second, t0 + 17s);
}

}  // namespace
}  // namespace zaedno::delivery
