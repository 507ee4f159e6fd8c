// Sends appointment reminders when they fall due: a timer-driven coroutine that settles each
// due reminder row in the same storage job as the outbox call it queues, so a restart neither
// loses nor repeats one, and reminders missed while the process was down go out once.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>

#include "bot/common/wakeup.hpp"
#include "bot/conversation/dialog_runtime.hpp"
#include "bot/inbox/update_processing.hpp"
#include "bot/storage/database.hpp"

namespace zaedno::appointments {

struct reminder_report {
    std::size_t sent = 0;
    std::size_t skipped = 0;
    std::size_t calls_queued = 0;
    std::optional<std::int64_t> next_due;  // unix seconds of the next unsettled reminder
};

/// One storage job: every reminder due at now. Sent on the person's channel in their
/// language unless the booking is no longer active or already begun, the person said /stop
/// or cannot be reached; when several of one booking are due (after downtime) only the
/// latest is sent and the earlier ones are recorded as superseded.
reminder_report send_due_reminders(
    storage::connection& db,
    const conversation::dialog_runtime& runtime,
    const inbox::adapter_map& adapters,
    std::int64_t now_ms
);

class reminder_scheduler {
public:
    using runtime_source = std::function<std::shared_ptr<const conversation::dialog_runtime>()>;

    reminder_scheduler(
        net::io_context& ioc,
        storage::database& db,
        runtime_source runtime,
        const inbox::adapter_map& adapters,
        std::function<void()> calls_queued
    );

    void start();
    void stop();

    /// A booking was made or changed: look again now rather than at the next tick.
    void notify() { wake_.notify(); }

private:
    net::awaitable<void> run();

    storage::database& db_;
    runtime_source runtime_;
    const inbox::adapter_map& adapters_;
    std::function<void()> calls_queued_;
    wakeup wake_;
    std::atomic<bool> stopping_{false};
};

}  // namespace zaedno::appointments
