// The retention period: what is due for purging, and the daily job that purges it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

#include "bot/common/net.hpp"
#include "bot/storage/connection.hpp"
#include "bot/storage/database.hpp"

namespace zaedno::protection {

struct purge_report {
    std::int64_t conversations = 0;  // people whose closed or idle conversation was purged
    std::int64_t messages = 0;       // old transcript lines of conversations still going on
    std::int64_t inbox_rows = 0;
    std::int64_t outbox_rows = 0;

    friend bool operator==(const purge_report&, const purge_report&) = default;
};

/// Everything older than the period: people whose conversation is closed (or with the
/// assistant only) and untouched since (their whole record, as erasure does), transcript
/// lines of the others, processed inbox updates, and sent or dead outbox calls. Waiting and
/// assigned conversations stay whatever their age: a caseworker holds them. Reports lose
/// nothing: their counts were recorded when the events happened (bot/reports).
purge_report purge_expired(
    storage::connection& db, std::int64_t retention_days, std::int64_t now_seconds
);

/// Runs purge_expired once shortly after start and then daily, on its own strand.
class retention_job {
public:
    retention_job(
        net::io_context& ioc,
        storage::database& db,
        std::int64_t retention_days,
        std::function<std::int64_t()> now_seconds
    );

    /// First run after `first_delay`, then every `interval`.
    void start(std::chrono::milliseconds first_delay, std::chrono::milliseconds interval);
    /// Cancels the wait; safe from any thread, and before start().
    void stop();
    /// One purge now (the daily job's body; tests call it directly).
    net::awaitable<purge_report> run_once();

private:
    net::awaitable<void> loop(
        std::chrono::milliseconds first_delay, std::chrono::milliseconds interval
    );

    net::strand<net::io_context::executor_type> strand_;
    net::steady_timer timer_;
    storage::database& db_;
    std::int64_t retention_days_;
    std::function<std::int64_t()> now_;
    bool stopped_ = false;
};

}  // namespace zaedno::protection
