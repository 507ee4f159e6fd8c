// The real application on 127.0.0.1:0 with its database in a per-test folder.
#pragma once

#include <functional>
#include <memory>

#include "bot/app/application.hpp"
#include "bot/app/config.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/temp_dir.hpp"

namespace zaedno::test {

/// Settings for tests: port 0, two threads, a database in the temp folder.
app::config test_config(const temp_dir& dir);

class test_app {
public:
    explicit test_app(
        const std::function<void(app::config&)>& adjust = {},
        const std::function<void(app::application&)>& before_start = {},
        delivery::worker_settings delivery = delivery::default_worker_settings()
    );
    ~test_app();
    test_app(const test_app&) = delete;
    test_app& operator=(const test_app&) = delete;

    std::uint16_t port() const { return app_->port(); }

    app::application& app() { return *app_; }

    const temp_dir& dir() const { return dir_; }

    http_reply get(const std::string& target) { return http_call(port(), "GET", target); }

    /// One number from the app's SQLite file, read on a separate read-only connection.
    std::int64_t scalar(const std::string& sql) const;
    /// Nothing left to process or send.
    bool settled() const;
    /// Graceful stop and wait, as on SIGTERM.
    void stop();

private:
    temp_dir dir_;
    std::unique_ptr<app::application> app_;
    bool stopped_ = false;
};

}  // namespace zaedno::test
