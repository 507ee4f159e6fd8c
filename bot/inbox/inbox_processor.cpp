// The processing loop: batches of inbox rows through process_update, committed together.
#include "bot/inbox/inbox_processor.hpp"

#include <chrono>

#include <spdlog/spdlog.h>

#include "bot/common/clock.hpp"
#include "bot/common/log_failure.hpp"
#include "bot/storage/connection.hpp"
#include "bot/storage/storage_error.hpp"

namespace zaedno::inbox {

namespace {

constexpr std::size_t batch_size = 64;
// A sweep now and then catches rows stored while a notify was lost to a crash of the waker.
constexpr auto idle_sweep = std::chrono::seconds(1);

}  // namespace

batch_report process_pending(
    storage::connection& db,
    const conversation::dialog_runtime& runtime,
    const adapter_map& adapters,
    const actions::action_registry& actions,
    std::int64_t now,
    std::size_t limit
) {
    batch_report report;
    processing_context ctx{runtime, adapters, actions, now};
    for (const auto& update : pending_updates(db, limit)) {
        try {
            storage::savepoint sp{db};
            auto done = process_update(db, ctx, update);
            mark_processed(db, update.id, now);
            sp.release();
            ++report.processed;
            report.calls_queued += done.calls_queued;
            report.handoffs += done.handoff ? 1 : 0;
            report.processed_per_channel.emplace_back(update.channel, 1);
        } catch (const storage::storage_error&) {
            throw;  // the disk, not the update: retry the whole batch later
        } catch (const std::exception& e) {
            // Content that cannot be processed must not stall the conversation behind it.
            spdlog::error(
                "processor: update {} on {} failed: {}", update.id, update.channel, e.what()
            );
            mark_failed(db, update.id, now, e.what());
            ++report.failed;
        }
    }
    return report;
}

inbox_processor::inbox_processor(
    net::io_context& ioc,
    storage::database& db,
    runtime_source runtime,
    const adapter_map& adapters,
    metrics::registry& metrics,
    std::function<void()> replies_queued
)
    : db_(db),
      runtime_(std::move(runtime)),
      adapters_(adapters),
      metrics_(metrics),
      replies_queued_(std::move(replies_queued)),
      wake_(net::make_strand(ioc)) {
    for (const auto& [name, adapter] : adapters_) {
        processed_[name] = &metrics_.get_counter(
            "zaedno_updates_processed_total", "Updates processed", {{"channel", name}}
        );
    }
    actions::add_conversation_actions(actions_);
}

void inbox_processor::start() {
    net::co_spawn(wake_.strand(), run(), log_failure("processor: loop stopped"));
}

void inbox_processor::stop() {
    stopping_ = true;
    wake_.notify();
}

net::awaitable<intake> inbox_processor::take(
    const channel_adapter& adapter,
    const channels::envelope& envelope,
    std::optional<std::vector<channels::inbound_event>> events,
    std::string body,
    bool ask_person_known
) {
    auto runtime = runtime_();
    auto job = [&, runtime, received = unix_ms()](storage::connection& db) {
        std::pair<intake, batch_report> out;
        auto& [taken, report] = out;
        const auto channel = adapter.name();
        if (ask_person_known) {
            auto& known =
                db.prepared("SELECT 1 FROM people WHERE channel = ? AND channel_user = ?");
            known.bind(1, channel).bind(2, envelope.chat_key);
            taken.person_known = known.step();
            known.reset();
        }
        // An update that does not parse goes the slow way, where it is recorded as failed.
        if (!events || chat_has_pending(db, channel, envelope.chat_key)) {
            taken.outcome =
                store_update(db, channel, envelope.dedupe_key, envelope.chat_key, body, received);
            return out;
        }
        auto now = unix_ms();
        taken.outcome = store_processed_update(
            db, channel, envelope.dedupe_key, envelope.chat_key, received, now
        );
        if (taken.outcome == store_outcome::duplicate) {
            return out;
        }
        taken.processed = true;
        auto id = db.last_insert_rowid();
        processing_context ctx{*runtime, adapters_, actions_, now};
        try {
            storage::savepoint sp{db};
            auto done = process_events(db, ctx, adapter, *events, received);
            sp.release();
            report.processed = 1;
            report.calls_queued = done.calls_queued;
            report.processed_per_channel.emplace_back(std::string(channel), 1);
        } catch (const storage::storage_error&) {
            throw;  // not stored either: the webhook fails and the platform sends it again
        } catch (const std::exception& e) {
            spdlog::error("processor: update {} on {} failed: {}", id, channel, e.what());
            mark_failed_with_body(db, id, now, e.what(), body);
            report.failed = 1;
        }
        return out;
    };
    auto [taken, report] = co_await db_.run(job);  // 200 only after this commit
    if (taken.outcome == store_outcome::stored && !taken.processed) {
        notify();
    }
    count(report);
    co_return taken;
}

void inbox_processor::count(const batch_report& report) {
    for (const auto& [channel, n] : report.processed_per_channel) {
        auto known = processed_.find(channel);
        auto& processed =
            known != processed_.end()
                ? *known->second
                : metrics_.get_counter(
                      "zaedno_updates_processed_total", "Updates processed", {{"channel", channel}}
                  );
        processed.inc(static_cast<std::uint64_t>(n));
    }
    if (report.failed > 0) {
        metrics_.get_counter("zaedno_updates_failed_total", "Updates that could not be processed")
            .inc(report.failed);
    }
    if (report.calls_queued > 0 && replies_queued_) {
        replies_queued_();
    }
}

net::awaitable<void> inbox_processor::run() {
    while (!stopping_) {
        auto runtime = runtime_();
        const auto* adapters = &adapters_;
        const auto* registry = &actions_;
        auto now = unix_ms();
        auto job = [runtime, adapters, registry, now](storage::connection& db) {
            return process_pending(db, *runtime, *adapters, *registry, now, batch_size);
        };
        batch_report report;
        try {
            report = co_await db_.run(job);
        } catch (const storage::database_closed&) {
            co_return;
        } catch (const std::exception& e) {
            spdlog::error("processor: batch failed, retrying: {}", e.what());
        }
        count(report);
        if (report.processed + report.failed < batch_size) {
            co_await wake_.wait_until(std::chrono::steady_clock::now() + idle_sweep);
        }
    }
}

}  // namespace zaedno::inbox
