// Wires every part together: storage, metrics, routes, the HTTP server, threads and shutdown.
#pragma once

#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "bot/app/config.hpp"
#include "bot/common/net.hpp"
#include "bot/metrics/registry.hpp"
#include "bot/server/http_server.hpp"
#include "bot/server/router.hpp"
#include "bot/storage/database.hpp"

namespace zaedno::app {

class application {
public:
    /// Opens the database (applying migrations) and registers routes. Throws on failure.
    explicit application(config cfg);
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

    const config& settings() const { return cfg_; }

private:
    void register_routes();
    net::awaitable<void> drain();

    config cfg_;
    metrics::registry metrics_;
    std::unique_ptr<storage::database> db_;
    net::io_context ioc_;
    net::executor_work_guard<net::io_context::executor_type> work_;
    server::router router_;
    server::http_server server_;
    std::vector<std::thread> threads_;
    std::atomic<bool> stop_requested_{false};
};

}  // namespace zaedno::app
