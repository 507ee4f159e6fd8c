// Purging what the retention period no longer allows us to keep.
#include "bot/protection/retention.hpp"

#include <vector>

#include <spdlog/spdlog.h>

#include "bot/common/log_failure.hpp"
#include "bot/inbox/inbox_repository.hpp"
#include "bot/protection/person_data.hpp"

namespace zaedno::protection {

namespace {

std::int64_t purge_people(storage::connection& db, std::int64_t cutoff, std::int64_t now) {
    std::vector<std::int64_t> due;
    auto& st = db.prepared(
        "SELECT p.id FROM people p JOIN conversations c ON c.person_id = p.id "
        "WHERE c.status IN ('closed', 'bot') AND c.updated_at < ? ORDER BY p.id"
    );
    st.bind(1, cutoff);
    while (st.step()) {
        due.push_back(st.int64(0));
    }
    st.reset();
    for (auto id : due) {
        erase_person(db, id, erase_reason::retention, now);
    }
    return static_cast<std::int64_t>(due.size());
}

/// Old lines of conversations that stay: they were counted for reports when they came.
std::int64_t purge_messages(storage::connection& db, std::int64_t cutoff) {
    db.prepared("DELETE FROM messages WHERE at < ?").bind(1, cutoff).run();
    return db.changes();
}

}  // namespace

purge_report purge_expired(
    storage::connection& db, std::int64_t retention_days, std::int64_t now_seconds
) {
    const std::int64_t cutoff = now_seconds - retention_days * 86'400;
    purge_report report;
    report.conversations = purge_people(db, cutoff, now_seconds);
    report.messages = purge_messages(db, cutoff);
    report.inbox_rows = inbox::purge_processed(db, cutoff * 1000);
    db.prepared(
          "DELETE FROM outbox WHERE status IN ('sent', 'dead') "
          "AND COALESCE(sent_ms, created_ms) < ?"
    )
        .bind(1, cutoff * 1000)
        .run();
    report.outbox_rows = db.changes();
    return report;
}

retention_job::retention_job(
    net::io_context& ioc,
    storage::database& db,
    std::int64_t retention_days,
    std::function<std::int64_t()> now_seconds
)
    : strand_(net::make_strand(ioc)),
      timer_(strand_),
      db_(db),
      retention_days_(retention_days),
      now_(std::move(now_seconds)) {}

void retention_job::start(
    std::chrono::milliseconds first_delay, std::chrono::milliseconds interval
) {
    net::co_spawn(strand_, loop(first_delay, interval), log_failure("retention: job stopped"));
}

void retention_job::stop() {
    net::post(strand_, [this] {
        stopped_ = true;
        timer_.cancel();
    });
}

net::awaitable<purge_report> retention_job::run_once() {
    auto days = retention_days_;
    auto now = now_();
    auto job = [days, now](storage::connection& db) {
        return purge_expired(db, days, now);
    };
    auto report = co_await db_.run(job);
    spdlog::info(
        "retention: purged {} conversations, {} messages, {} inbox and {} outbox rows older than "
        "{} days",
        report.conversations,
        report.messages,
        report.inbox_rows,
        report.outbox_rows,
        days
    );
    co_return report;
}

net::awaitable<void> retention_job::loop(
    std::chrono::milliseconds first_delay, std::chrono::milliseconds interval
) {
    auto wait = first_delay;
    while (!stopped_) {
        timer_.expires_after(wait);
        boost::system::error_code ec;
        co_await timer_.async_wait(net::redirect_error(net::use_awaitable, ec));
        if (ec || stopped_) {
            co_return;
        }
        try {
            co_await run_once();
        } catch (const storage::database_closed&) {
            co_return;
        } catch (const std::exception& e) {
            spdlog::error("retention: purge failed, trying again next time: {}", e.what());
        }
        wait = interval;
    }
}

}  // namespace zaedno::protection
