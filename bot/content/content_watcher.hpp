// Picks up a version published by another process (`zaedno dialogs import` next to a running
// server) by looking at the published version's id every few seconds.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

#include "bot/common/net.hpp"
#include "bot/content/check.hpp"
#include "bot/content/content_routes.hpp"
#include "bot/storage/database.hpp"

namespace zaedno::content {

class content_watcher {
public:
    content_watcher(
        net::io_context& ioc,
        storage::database& db,
        content_settings settings,
        std::function<std::int64_t()> running_version,
        activate_fn activate
    );

    void start(std::chrono::milliseconds interval);
    /// Cancels the wait; safe from any thread, and before start().
    void stop();
    /// One look now; true when a newer published version was activated.
    net::awaitable<bool> check_once();

private:
    net::awaitable<void> loop(std::chrono::milliseconds interval);

    net::strand<net::io_context::executor_type> strand_;
    net::steady_timer timer_;
    storage::database& db_;
    content_settings settings_;
    std::function<std::int64_t()> running_version_;
    activate_fn activate_;
    bool stopped_ = false;
};

}  // namespace zaedno::content
