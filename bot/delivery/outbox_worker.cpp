// The delivery loop. All bookkeeping runs on one strand; sends run concurrently on it too,
// each awaiting its HTTP call and handing the answer back to the loop to record.
#include "bot/delivery/outbox_worker.hpp"

#include <variant>

#include <spdlog/spdlog.h>

#include "bot/common/log_failure.hpp"

namespace zaedno::delivery {

namespace {

// Calls in flight at once, over all chats; each holds one connection to the platform.
constexpr std::size_t max_in_flight = 128;
constexpr auto idle_poll = std::chrono::seconds(1);

// Whole milliseconds, rounded down: a call is due only once its time has fully come.
time_point wall_now() {
    return std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

// Rounded up for the moment an answer came: a retry_after counted from it then never ends
// before the platform's own count (down, it could end up to a millisecond early).
time_point answer_time() {
    return std::chrono::ceil<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

std::int64_t to_ms(time_point t) {
    return t.time_since_epoch().count();
}

std::string chat_id(const queued_call& call) {
    return call.channel + "/" + call.chat_key;
}

}  // namespace

worker_settings default_worker_settings() {
    worker_settings s;
    s.rates = {
        {"telegram", telegram_rates()}, {"viber", viber_rates()}, {"webchat", webchat_rates()}};
    return s;
}

outbox_worker::outbox_worker(
    net::io_context& ioc,
    storage::database& db,
    const inbox::adapter_map& adapters,
    http_client::client& client,
    metrics::registry& metrics,
    worker_settings settings
)
    : db_(db),
      adapters_(adapters),
      client_(client),
      metrics_(metrics),
      settings_(std::move(settings)),
      wake_(net::make_strand(ioc)) {}

void outbox_worker::start() {
    net::co_spawn(wake_.strand(), run(), log_failure("delivery: task stopped"));
}

void outbox_worker::stop() {
    stopping_ = true;
    wake_.notify();
}

rate_limiter& outbox_worker::limiter_for(const std::string& channel) {
    auto it = limiters_.find(channel);
    if (it == limiters_.end()) {
        auto rates = settings_.rates.find(channel);
        it = limiters_
                 .emplace(
                     channel,
                     rate_limiter(rates == settings_.rates.end() ? rate_settings{} : rates->second)
                 )
                 .first;
    }
    return it->second;
}

namespace {

struct cycle_result {
    std::vector<queued_call> due;
    std::optional<std::int64_t> next_due_ms;
};

void record(
    storage::connection& db,
    const queued_call& call,
    const decision& verdict,
    std::int64_t answered_ms
) {
    switch (verdict.step) {
        case next_step::done:
            mark_sent(db, call.id, answered_ms);
            break;
        case next_step::retry:
            reschedule(db, call.id, to_ms(verdict.retry_at), verdict.reason);
            break;
        case next_step::dead_letter:
            mark_dead(db, call.id, verdict.reason);
            break;
        case next_step::mark_unreachable:
            mark_dead(db, call.id, verdict.reason);
            drop_chat(db, call.channel, call.chat_key, verdict.reason);
            db.prepared("UPDATE people SET reachable = 0 WHERE channel = ? AND channel_user = ?")
                .bind(1, call.channel)
                .bind(2, call.chat_key)
                .run();
            break;
    }
}

}  // namespace

net::awaitable<void> outbox_worker::run() {
    // After stop() the loop still records the answers of calls in flight, then ends.
    while (!stopping_ || in_flight_count_ > 0) {
        auto finished = std::exchange(finished_, {});
        auto now = wall_now();
        auto unsettled = in_flight_count_.load() - finished.size();
        auto room = stopping_ ? 0 : max_in_flight - std::min(max_in_flight, unsettled);
        std::set<std::string> busy = in_flight_;
        for (const auto& f : finished) {
            busy.erase(chat_id(f.call));
        }
        auto cycle = [&finished,
                      now_ms = to_ms(now),
                      busy = std::vector<std::string>(busy.begin(), busy.end()),
                      room](storage::connection& db) {
            for (const auto& f : finished) {
                record(db, f.call, f.verdict, to_ms(f.answered_at));
            }
            cycle_result r;
            if (room > 0) {
                r.due = due_heads(db, now_ms, busy, room);
                if (r.due.size() < room) {
                    r.next_due_ms = next_due_ms(db, now_ms);
                }
            }
            return r;
        };
        cycle_result result;
        bool recorded = true;
        try {
            result = co_await db_.run(cycle);
        } catch (const storage::database_closed&) {
            co_return;
        } catch (const std::exception& e) {
            spdlog::error(
                "delivery: recording answers and reading the outbox failed: {}", e.what()
            );
            recorded = false;
        }
        if (!recorded) {
            // The answers stay unrecorded and their chats busy; the next cycle tries again.
            finished_.insert(
                finished_.begin(),
                std::make_move_iterator(finished.begin()),
                std::make_move_iterator(finished.end())
            );
            co_await wake_.wait_until(std::chrono::steady_clock::now() + idle_poll);
            continue;
        }
        for (const auto& f : finished) {
            in_flight_.erase(chat_id(f.call));
            --in_flight_count_;
            count_settled(f);
        }
        auto wake_at = std::chrono::steady_clock::now() + idle_poll;
        start_sends(result.due, now, wake_at);
        if (result.due.size() >= room && room > 0) {
            continue;  // more may be due than one read returned
        }
        if (result.next_due_ms) {
            auto wait = std::chrono::milliseconds(*result.next_due_ms - to_ms(wall_now()));
            wake_at = std::min(
                wake_at,
                std::chrono::steady_clock::now() + std::max(wait, std::chrono::milliseconds(0))
            );
        }
        if (finished_.empty()) {
            co_await wake_.wait_until(wake_at);
        }
    }
}

void outbox_worker::start_sends(
    std::vector<queued_call>& due, time_point now, std::chrono::steady_clock::time_point& wake_at
) {
    // Per channel, let the pacing policy pick what may go now; the rest waits.
    std::map<std::string, std::vector<std::size_t>> by_channel;
    for (std::size_t i = 0; i < due.size(); ++i) {
        by_channel[due[i].channel].push_back(i);
    }
    for (auto& [channel, indexes] : by_channel) {
        auto& limiter = limiter_for(channel);
        std::vector<send_candidate> candidates;
        for (auto i : indexes) {
            candidates.push_back({due[i].chat_key, due[i].urgent, {}, due[i].id});
        }
        while (!candidates.empty()) {
            auto choice = settings_.pace ? choose_next(limiter, now, candidates)
                                         : send_choice{std::size_t{0}, std::nullopt};
            if (!choice.index) {
                if (choice.wake_at) {
                    auto wait = *choice.wake_at - now;
                    wake_at = std::min(wake_at, std::chrono::steady_clock::now() + wait);
                }
                break;
            }
            auto picked = indexes[*choice.index];
            limiter.record_send(now, due[picked].chat_key);
            in_flight_.insert(chat_id(due[picked]));
            ++in_flight_count_;
            net::co_spawn(
                wake_.strand(),
                deliver(std::move(due[picked])),
                log_failure("delivery: task stopped")
            );
            candidates.erase(candidates.begin() + static_cast<std::ptrdiff_t>(*choice.index));
            indexes.erase(indexes.begin() + static_cast<std::ptrdiff_t>(*choice.index));
        }
    }
}

net::awaitable<void> outbox_worker::deliver(queued_call call) {
    auto adapter = adapters_.find(call.channel);
    channels::send_outcome outcome = channels::outcome::permanent{"no adapter for channel"};
    if (adapter != adapters_.end()) {
        channels::api_call api{call.method, call.body, call.chat_key, 0, 1};
        auto response = co_await client_.send(adapter->second->to_request(api));
        if (response.transport_failed()) {
            outcome = channels::outcome::transient{"network: " + response.ec.message()};
        } else {
            outcome = adapter->second->classify(static_cast<int>(response.status), response.body);
        }
    }
    auto now = answer_time();
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    auto verdict = decide(settings_.retry, outcome, call.attempts, now, unit(random_));
    finished_.push_back({std::move(call), std::move(verdict), now});
    wake_.notify();
}

outbox_worker::sent_metrics& outbox_worker::sent_metrics_for(const std::string& channel) {
    auto it = sent_metrics_.find(channel);
    if (it == sent_metrics_.end()) {
        metrics::labels l{{"channel", channel}};
        sent_metrics found{
            &metrics_.get_counter("zaedno_messages_sent_total", "Platform calls that succeeded", l),
            &metrics_.get_histogram(
                "zaedno_reply_latency_seconds",
                "From the webhook that caused a reply to the platform accepting it",
                l
            )};
        it = sent_metrics_.emplace(channel, found).first;
    }
    return it->second;
}

void outbox_worker::count_settled(const finished_call& done) {
    const auto& call = done.call;
    switch (done.verdict.step) {
        case next_step::done: {
            auto& counted = sent_metrics_for(call.channel);
            counted.sent->inc();
            if (call.origin_ms) {
                double seconds =
                    static_cast<double>(to_ms(done.answered_at) - *call.origin_ms) / 1000.0;
                counted.latency->observe(seconds);
            }
            break;
        }
        case next_step::retry:
            metrics_
                .get_counter(
                    "zaedno_messages_retried_total",
                    "Platform calls to be retried",
                    {{"channel", call.channel}}
                )
                .inc();
            break;
        case next_step::dead_letter:
        case next_step::mark_unreachable:
            metrics_
                .get_counter(
                    "zaedno_messages_failed_total",
                    "Platform calls given up (dead letters and unreachable people)",
                    {{"channel", call.channel},
                     {"reason",
                      done.verdict.step == next_step::dead_letter ? "dead_letter" : "unreachable"}}
                )
                .inc();
            spdlog::warn(
                "delivery: {} call {} not delivered: {}", call.channel, call.id, done.verdict.reason
            );
            break;
    }
}

}  // namespace zaedno::delivery
