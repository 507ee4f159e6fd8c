// The published-version poll: one indexed lookup per interval, a load only on change.
#include "bot/content/content_watcher.hpp"

#include <spdlog/spdlog.h>

#include "bot/common/log_failure.hpp"
#include "bot/content/content_repository.hpp"

namespace zaedno::content {

content_watcher::content_watcher(
    net::io_context& ioc,
    storage::database& db,
    content_settings settings,
    std::function<std::int64_t()> running_version,
    activate_fn activate
)
    : strand_(net::make_strand(ioc)),
      timer_(strand_),
      db_(db),
      settings_(std::move(settings)),
      running_version_(std::move(running_version)),
      activate_(std::move(activate)) {}

void content_watcher::start(std::chrono::milliseconds interval) {
    net::co_spawn(strand_, loop(interval), log_failure("content: watcher stopped"));
}

void content_watcher::stop() {
    net::post(strand_, [this] {
        stopped_ = true;
        timer_.cancel();
    });
}

net::awaitable<bool> content_watcher::check_once() {
    auto running = running_version_();
    auto job = [running](storage::connection& db) {
        std::pair<std::int64_t, bundle> out{0, {}};
        auto published = published_version(db);
        if (published && published->id > running) {
            out = {published->id, files_of(db, published->id)};
        }
        return out;
    };
    auto [version, files] = co_await db_.run(job);
    if (version == 0) {
        co_return false;
    }
    std::vector<std::string> problems;
    auto runtime = build_runtime(files, settings_, problems);
    for (const auto& p : problems) {
        spdlog::warn("dialogs: {}", p);
    }
    activate_(std::move(runtime), version);
    spdlog::info("dialogs: now running content version {}", version);
    co_return true;
}

net::awaitable<void> content_watcher::loop(std::chrono::milliseconds interval) {
    while (!stopped_) {
        timer_.expires_after(interval);
        boost::system::error_code ec;
        co_await timer_.async_wait(net::redirect_error(net::use_awaitable, ec));
        if (ec || stopped_) {
            co_return;
        }
        try {
            co_await check_once();
        } catch (const storage::database_closed&) {
            co_return;
        } catch (const std::exception& e) {
            spdlog::error("dialogs: loading the published version failed: {}", e.what());
        }
    }
}

}  // namespace zaedno::content
