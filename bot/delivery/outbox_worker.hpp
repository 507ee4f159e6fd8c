// Sends queued platform calls: the head of each chat's queue, at most one in flight per chat,
// within the platform's pace, and settles each call by the platform's answer (sent, retry
// later, dead letter, or the person is unreachable). Each cycle is one storage job that
// records every answer received since the last cycle and reads the next heads, so a busy
// outbox costs one commit per cycle rather than one per call.
#pragma once

#include <atomic>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "bot/common/wakeup.hpp"
#include "bot/delivery/outbox_repository.hpp"
#include "bot/delivery/rate_policy.hpp"
#include "bot/delivery/retry_policy.hpp"
#include "bot/inbox/update_processing.hpp"
#include "bot/metrics/registry.hpp"
#include "bot/storage/database.hpp"
#include "integrations/http_client/http_client.hpp"

namespace zaedno::delivery {

struct worker_settings {
    std::map<std::string, rate_settings, std::less<>> rates;  // by channel
    retry_settings retry;
    bool pace = true;  // off only for load tests
};

worker_settings default_worker_settings();

class outbox_worker {
public:
    outbox_worker(
        net::io_context& ioc,
        storage::database& db,
        const inbox::adapter_map& adapters,
        http_client::client& client,
        metrics::registry& metrics,
        worker_settings settings
    );

    void start();

    void notify() { wake_.notify(); }

    void stop();

    std::size_t in_flight() const { return in_flight_count_.load(); }

private:
    /// A call the platform answered, waiting to be recorded by the next cycle.
    struct finished_call {
        queued_call call;
        decision verdict;
        time_point answered_at;
    };

    net::awaitable<void> run();
    net::awaitable<void> deliver(queued_call call);
    void start_sends(
        std::vector<queued_call>& due,
        time_point now,
        std::chrono::steady_clock::time_point& wake_at
    );
    void count_settled(const finished_call& done);
    rate_limiter& limiter_for(const std::string& channel);

    /// The counters every delivered call touches, per channel, looked up once.
    struct sent_metrics {
        metrics::counter* sent;
        metrics::histogram* latency;
    };

    sent_metrics& sent_metrics_for(const std::string& channel);

    storage::database& db_;
    const inbox::adapter_map& adapters_;
    http_client::client& client_;
    metrics::registry& metrics_;
    worker_settings settings_;
    wakeup wake_;
    std::map<std::string, rate_limiter, std::less<>> limiters_;
    std::map<std::string, sent_metrics, std::less<>> sent_metrics_;  // on the strand
    // Touched only on the worker's strand: chats with a call sent and not yet recorded
    // ("channel/chat"), and answers waiting for the next cycle.
    std::set<std::string> in_flight_;
    std::vector<finished_call> finished_;
    std::atomic<std::size_t> in_flight_count_{0};
    std::atomic<bool> stopping_{false};
    std::mt19937_64 random_{std::random_device{}()};
};

}  // namespace zaedno::delivery
