// The reminder loop sleeps until the next reminder is due (at most a short tick, so bookings
// made meanwhile and clock changes are noticed) and settles due rows in one storage job.
#include "bot/appointments/reminder_scheduler.hpp"

#include <algorithm>
#include <chrono>
#include <set>

#include <spdlog/spdlog.h>

#include "bot/appointments/repository.hpp"
#include "bot/appointments/texts.hpp"
#include "bot/common/clock.hpp"
#include "bot/common/log_failure.hpp"
#include "bot/conversation/conversation_repository.hpp"
#include "bot/delivery/outbox_repository.hpp"
#include "bot/storage/storage_error.hpp"

namespace zaedno::appointments {

namespace {

constexpr int batch_limit = 200;
constexpr std::int64_t longest_sleep_seconds = 30;

}  // namespace

reminder_report send_due_reminders(
    storage::connection& db,
    const conversation::dialog_runtime& runtime,
    const inbox::adapter_map& adapters,
    std::int64_t now_ms
) {
    reminder_report report;
    const std::int64_t now = now_ms / 1000;
    auto due = due_reminders(db, now, batch_limit);
    // Rows come oldest first: a booking's later reminder supersedes its earlier ones.
    std::set<std::int64_t> latest_seen;
    std::vector<bool> superseded(due.size(), false);
    for (std::size_t i = due.size(); i-- > 0;) {
        superseded[i] = !latest_seen.insert(due[i].booking.id).second;
    }
    const auto& catalog = runtime.catalog();
    for (std::size_t i = 0; i < due.size(); ++i) {
        const auto& r = due[i];
        const auto& b = r.booking;
        auto adapter = adapters.find(b.channel);
        std::string skipped;
        if (b.status != "booked") {
            skipped = "cancelled";
        } else if (b.starts_at <= now) {
            skipped = "passed";
        } else if (superseded[i]) {
            skipped = "superseded";
        } else if (!r.subscribed) {
            skipped = "unsubscribed";
        } else if (!r.reachable || adapter == adapters.end() || !adapter->second->enabled()) {
            skipped = "unreachable";
        }
        if (!skipped.empty()) {
            settle_reminder(db, r.id, std::nullopt, skipped);
            ++report.skipped;
            continue;
        }
        const auto& lang = !r.person_language.empty() ? r.person_language : b.language;
        channels::outgoing_message message;
        message.text = catalog
                           .format(
                               lang,
                               "appointments.reminder",
                               {{"service", text_in(b.service_names, lang)},
                                {"when", format_when(catalog, lang, b.starts_at)},
                                {"place", place_text(b, lang)}}
                           )
                           .text;
        for (const auto& call : adapter->second->render(r.chat_key, message)) {
            delivery::enqueue(db, b.channel, call, false, now_ms, std::nullopt);
            ++report.calls_queued;
        }
        conversation::add_message(db, r.conversation_id, "out", "bot", message.text, now);
        settle_reminder(db, r.id, now, "");
        ++report.sent;
    }
    report.next_due = next_reminder_due(db);
    return report;
}

reminder_scheduler::reminder_scheduler(
    net::io_context& ioc,
    storage::database& db,
    runtime_source runtime,
    const inbox::adapter_map& adapters,
    std::function<void()> calls_queued
)
    : db_(db),
      runtime_(std::move(runtime)),
      adapters_(adapters),
      calls_queued_(std::move(calls_queued)),
      wake_(net::make_strand(ioc)) {}

void reminder_scheduler::start() {
    net::co_spawn(wake_.strand(), run(), log_failure("reminders: loop stopped"));
}

void reminder_scheduler::stop() {
    stopping_ = true;
    wake_.notify();
}

net::awaitable<void> reminder_scheduler::run() {
    while (!stopping_) {
        auto runtime = runtime_();
        const auto* adapters = &adapters_;
        auto now_ms = unix_ms();
        auto job = [runtime, adapters, now_ms](storage::connection& db) {
            return send_due_reminders(db, *runtime, *adapters, now_ms);
        };
        reminder_report report;
        try {
            report = co_await db_.run(job);
        } catch (const storage::database_closed&) {
            co_return;
        } catch (const std::exception& e) {
            spdlog::error("reminders: run failed, retrying: {}", e.what());
        }
        if (report.sent > 0) {
            spdlog::info("reminders: {} sent, {} skipped", report.sent, report.skipped);
        }
        if (report.calls_queued > 0 && calls_queued_) {
            calls_queued_();
        }
        auto wait_seconds = longest_sleep_seconds;
        if (report.next_due) {
            wait_seconds = std::clamp<std::int64_t>(
                *report.next_due - now_ms / 1000, 0, longest_sleep_seconds
            );
        }
        // A full batch means more are due at once: go again without sleeping.
        if (report.sent + report.skipped < static_cast<std::size_t>(batch_limit)) {
            co_await wake_.wait_until(
                std::chrono::steady_clock::now() + std::chrono::seconds(wait_seconds) +
                std::chrono::milliseconds(wait_seconds > 0 ? 0 : 200)
            );
        }
    }
}

}  // namespace zaedno::appointments
