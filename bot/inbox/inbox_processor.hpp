// Drains the inbox in arrival order on the storage thread, one savepoint per update, and
// tells the delivery worker when replies are queued. Also picks up, at start, whatever a
// previous process stored but never processed.
#pragma once

#include <atomic>
#include <functional>
#include <memory>

#include "bot/common/wakeup.hpp"
#include "bot/conversation/dialog_runtime.hpp"
#include "bot/inbox/update_processing.hpp"
#include "bot/metrics/registry.hpp"
#include "bot/storage/database.hpp"

namespace zaedno::inbox {

using runtime_source = std::function<std::shared_ptr<const conversation::dialog_runtime>()>;

struct batch_report {
    std::size_t processed = 0;
    std::size_t failed = 0;
    std::size_t calls_queued = 0;
    std::size_t handoffs = 0;
    std::vector<std::pair<std::string, std::int64_t>> processed_per_channel;
};

/// One storage job: up to `limit` pending updates, each in its own savepoint; a failing
/// update is recorded as failed and never blocks the ones behind it.
batch_report process_pending(
    storage::connection& db,
    const conversation::dialog_runtime& runtime,
    const adapter_map& adapters,
    const actions::action_registry& actions,
    std::int64_t now_ms,
    std::size_t limit
);

/// What became of a webhook's update in its storing transaction.
struct intake {
    store_outcome outcome = store_outcome::stored;
    bool processed = false;     // handled in the same transaction (else queued for the loop)
    bool person_known = false;  // asked for by the caller: the chat already had a person
};

class inbox_processor {
public:
    inbox_processor(
        net::io_context& ioc,
        storage::database& db,
        runtime_source runtime,
        const adapter_map& adapters,
        metrics::registry& metrics,
        std::function<void()> replies_queued
    );

    void start();

    void notify() { wake_.notify(); }

    /// Stores a webhook's update and, when its chat has nothing older waiting, processes it in
    /// the same transaction: the answer to the webhook then means "stored and handled", and
    /// the update costs one storage job instead of a store, a read, a process and a mark.
    /// The caller parsed the body on its own thread, so the storage thread only writes;
    /// events is nullopt when the body's events did not parse.
    net::awaitable<intake> take(
        const channel_adapter& adapter,
        const channels::envelope& envelope,
        std::optional<std::vector<channels::inbound_event>> events,
        std::string body,
        bool ask_person_known
    );

    /// The named actions scripts may call; later parts register theirs before start().
    actions::action_registry& actions() { return actions_; }

    void stop();

private:
    net::awaitable<void> run();
    void count(const batch_report& report);

    storage::database& db_;
    runtime_source runtime_;
    const adapter_map& adapters_;
    metrics::registry& metrics_;
    std::function<void()> replies_queued_;
    // Per channel, looked up once; read from several threads, never changed after start.
    std::map<std::string, metrics::counter*, std::less<>> processed_;
    actions::action_registry actions_;
    wakeup wake_;
    std::atomic<bool> stopping_{false};
};

}  // namespace zaedno::inbox
