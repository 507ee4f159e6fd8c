// Wires every part together: storage, metrics, routes, the HTTP server, threads and shutdown.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "bot/app/config.hpp"
#include "bot/appointments/reminder_scheduler.hpp"
#include "bot/auth/guard.hpp"
#include "bot/common/net.hpp"
#include "bot/content/check.hpp"
#include "bot/content/content_watcher.hpp"
#include "bot/conversation/dialog_runtime.hpp"
#include "bot/delivery/outbox_worker.hpp"
#include "bot/handoff/console_socket.hpp"
#include "bot/handoff/handoff_routes.hpp"
#include "bot/inbox/inbox_processor.hpp"
#include "bot/inbox/telegram_adapter.hpp"
#include "bot/inbox/viber_adapter.hpp"
#include "bot/metrics/registry.hpp"
#include "bot/preview/preview_socket.hpp"
#include "bot/protection/retention.hpp"
#include "bot/server/http_server.hpp"
#include "bot/server/router.hpp"
#include "bot/storage/database.hpp"
#include "bot/webchat/webchat_adapter.hpp"
#include "bot/webchat/webchat_socket.hpp"
#include "integrations/http_client/http_client.hpp"

namespace zaedno::app {

/// Language and zone the content is loaded with.
content::content_settings content_settings_of(const config& cfg);

class application {
public:
    /// Opens the database (applying migrations), loads dialogs and translations, and
    /// registers routes. Throws on failure. Delivery pacing comes from the configuration
    /// unless a test passes its own (faster retries, other rates).
    explicit application(
        config cfg, std::optional<delivery::worker_settings> delivery = std::nullopt
    );
    ~application();
    application(const application&) = delete;
    application& operator=(const application&) = delete;

    /// Binds the listener and starts the network threads; returns at once.
    void start();
    /// The port actually bound (useful with port 0).
    std::uint16_t port() const;
    /// Begins a graceful stop from any thread: stop accepting, finish requests in flight.
    void request_stop();
    /// Blocks until the network threads end, then closes the database.
    void wait();
    /// start(), stop on SIGINT/SIGTERM, wait(): the body of `zaedno serve`.
    int run();

    storage::database& database() { return *db_; }

    /// For parts and tests that add routes before start().
    server::router& routes() { return router_; }

    net::io_context& io_context() { return ioc_; }

    metrics::registry& metrics() { return metrics_; }

    /// The daily purge of what the retention period no longer allows to keep.
    protection::retention_job& retention() { return retention_; }

    /// Notices versions published by another process (a `zaedno dialogs import`).
    content::content_watcher& content_watcher() { return content_watcher_; }

    const config& settings() const { return cfg_; }

    std::shared_ptr<const conversation::dialog_runtime> dialogs() const;
    /// Swaps in the runtime of a newly published content version; conversations take it
    /// from their next update on.
    void replace_dialogs(
        std::shared_ptr<const conversation::dialog_runtime> runtime, std::int64_t version
    );

    /// The content version the running dialogs were built from.
    std::int64_t content_version() const { return content_version_; }

    /// Sessions and roles: parts wrap their /api/v1 handlers with auth().require(role, h).
    auth::guard& auth() { return auth_; }

private:
    void register_routes();
    net::awaitable<void> refresh_gauges();
    net::awaitable<void> drain();

    config cfg_;
    metrics::registry metrics_;
    std::unique_ptr<storage::database> db_;
    std::mutex content_mutex_;
    std::atomic<std::int64_t> content_version_{0};
    std::shared_ptr<const conversation::dialog_runtime> runtime_;
    net::io_context ioc_;
    net::executor_work_guard<net::io_context::executor_type> work_;
    // Destroyed before the io_context: its hashing pool may still post a completion there.
    auth::guard auth_;
    server::router router_;
    server::http_server server_;
    inbox::telegram_adapter telegram_;
    inbox::viber_adapter viber_;
    webchat::webchat_adapter webchat_;
    inbox::adapter_map adapters_;
    http_client::client http_;
    delivery::outbox_worker worker_;
    inbox::inbox_processor processor_;
    webchat::webchat_hub webchat_hub_;
    handoff::console_hub console_hub_;
    std::unique_ptr<handoff::handoff_api> handoff_api_;
    std::unique_ptr<preview::preview_hub> preview_hub_;
    appointments::reminder_scheduler reminders_;
    protection::retention_job retention_;
    content::content_watcher content_watcher_;
    std::atomic<std::int64_t> inbox_depth_{0};
    std::atomic<std::int64_t> outbox_depth_{0};
    std::atomic<std::int64_t> dead_letters_{0};
    std::atomic<std::int64_t> handoffs_waiting_{0};
    std::vector<std::thread> threads_;
    std::atomic<bool> stop_requested_{false};
};

}  // namespace zaedno::app
