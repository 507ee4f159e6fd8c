// Retry decisions with fake times and injected randomness.
#include "bot/delivery/retry_policy.hpp"

#include <limits>

#include <gtest/gtest.h>

namespace zaedno::delivery {
namespace {

using namespace std::chrono_literals;
namespace outcome = channels::outcome;

const time_point t0{duration{1'764'072'000'000}};

TEST(delivery_retry, sent_is_done) {
    EXPECT_EQ(decide({}, outcome::sent{"1"}, 1, t0, 0.5).step, next_step::done);
}

TEST(delivery_retry, transient_failures_wait_a_jittered_share_of_a_doubling_ceiling) {
    const retry_settings settings{};
    EXPECT_EQ(backoff_ceiling(settings, 1), 1s);
    EXPECT_EQ(backoff_ceiling(settings, 2), 2s);
    EXPECT_EQ(backoff_ceiling(settings, 4), 8s);
    EXPECT_EQ(backoff_ceiling(settings, 9), 256s);
    EXPECT_EQ(backoff_ceiling(settings, 10), 300s);
    EXPECT_EQ(backoff_ceiling(settings, 1000), 300s);

    auto d = decide(settings, outcome::transient{"HTTP 502"}, 1, t0, 0.5);
    EXPECT_EQ(d.step, next_step::retry);
    EXPECT_EQ(d.retry_at, t0 + 500ms);
    EXPECT_EQ(d.reason, "HTTP 502");
    EXPECT_EQ(decide(settings, outcome::transient{"x"}, 4, t0, 0.25).retry_at, t0 + 2s);
    EXPECT_EQ(decide(settings, outcome::transient{"x"}, 3, t0, 0.0).retry_at, t0);
}

TEST(delivery_retry, jitter_never_exceeds_the_ceiling) {
    const retry_settings settings{};
    for (int attempt = 1; attempt < settings.max_attempts; ++attempt) {
        for (double r : {0.0, 0.1, 0.5, 0.9, 0.999999, 1.0, 7.0}) {
            auto d = decide(settings, outcome::transient{"x"}, attempt, t0, r);
            ASSERT_EQ(d.step, next_step::retry);
            EXPECT_GE(d.retry_at, t0);
            EXPECT_LT(d.retry_at, t0 + backoff_ceiling(settings, attempt)) << attempt << " " << r;
        }
    }
}

TEST(delivery_retry, odd_random_values_are_clamped) {
    const retry_settings settings{};
    EXPECT_EQ(decide(settings, outcome::transient{"x"}, 2, t0, -3.0).retry_at, t0);
    EXPECT_EQ(
        decide(settings, outcome::transient{"x"}, 2, t0, std::numeric_limits<double>::quiet_NaN())
            .retry_at,
        t0
    );
}

TEST(delivery_retry, retry_after_is_a_floor) {
    const retry_settings settings{};
    auto exact = decide(settings, outcome::retry_after{17}, 1, t0, 0.0);
    EXPECT_EQ(exact.step, next_step::retry);
    EXPECT_EQ(exact.retry_at, t0 + 17s);
    auto spread = decide(settings, outcome::retry_after{17}, 5, t0, 0.999);
    EXPECT_GE(spread.retry_at, t0 + 17s);
    EXPECT_LT(spread.retry_at, t0 + 18s);
    EXPECT_EQ(decide(settings, outcome::retry_after{-4}, 1, t0, 0.0).retry_at, t0);
}

TEST(delivery_retry, attempts_used_up_become_a_dead_letter) {
    const retry_settings settings{};
    EXPECT_EQ(decide(settings, outcome::transient{"x"}, 9, t0, 0.5).step, next_step::retry);
    auto last = decide(settings, outcome::transient{"HTTP 503"}, 10, t0, 0.5);
    EXPECT_EQ(last.step, next_step::dead_letter);
    EXPECT_EQ(last.reason, "gave up after 10 attempts: HTTP 503");
    EXPECT_EQ(decide(settings, outcome::retry_after{1}, 10, t0, 0.5).step, next_step::dead_letter);
}

TEST(delivery_retry, permanent_errors_are_dead_letters_at_once) {
    auto d = decide({}, outcome::permanent{"400 Bad Request: chat not found"}, 1, t0, 0.5);
    EXPECT_EQ(d.step, next_step::dead_letter);
    EXPECT_EQ(d.reason, "400 Bad Request: chat not found");
}

TEST(delivery_retry, unreachable_people_are_marked_not_retried) {
    auto d =
        decide({}, outcome::unreachable{"403 Forbidden: bot was blocked by the user"}, 1, t0, 0.5);
    EXPECT_EQ(d.step, next_step::mark_unreachable);
    EXPECT_EQ(d.reason, "403 Forbidden: bot was blocked by the user");
}

TEST(delivery_retry, custom_settings_apply) {
    const retry_settings settings{200ms, 1s, 3};
    EXPECT_EQ(backoff_ceiling(settings, 3), 800ms);
    EXPECT_EQ(backoff_ceiling(settings, 4), 1s);
    EXPECT_EQ(decide(settings, outcome::transient{"x"}, 3, t0, 0.5).step, next_step::dead_letter);
}

}  // namespace
}  // namespace zaedno::delivery
