// Health answers only after a real round trip through the storage thread and SQLite.
#include "bot/server/health_routes.hpp"

#include <spdlog/spdlog.h>

#include "bot/server/responses.hpp"

namespace zaedno::server {

namespace {

net::awaitable<response> healthz(storage::database& db) {
    auto probe = [](storage::connection& c) {
        auto& st = c.prepared("SELECT count(*) FROM app_meta");
        st.step();
        st.reset();
        return c.user_version();
    };
    try {
        auto version = co_await db.run(probe);
        co_return json_response(
            http::status::ok, {{"status", "ok"}, {"database", "ok"}, {"schema_version", version}}
        );
    } catch (const std::exception& e) {
        spdlog::error("healthz: database check failed: {}", e.what());
    }
    co_return json_error(http::status::service_unavailable, "database unavailable");
}

net::awaitable<response> metrics_text(
    metrics::registry& metrics, const std::function<net::awaitable<void>()>& refresh
) {
    if (refresh) {
        try {
            co_await refresh();
        } catch (const std::exception& e) {
            spdlog::warn("metrics: storage gauges not refreshed: {}", e.what());
        }
    }
    co_return text_response(
        http::status::ok, metrics.render(), "text/plain; version=0.0.4; charset=utf-8"
    );
}

}  // namespace

void add_health_routes(
    router& routes,
    storage::database& db,
    metrics::registry& metrics,
    std::function<net::awaitable<void>()> refresh
) {
    routes.add(http::verb::get, "/healthz", [&db](request_context&) { return healthz(db); });
    routes.add(http::verb::get, "/metrics", [&metrics, refresh](request_context&) {
        return metrics_text(metrics, refresh);
    });
}

}  // namespace zaedno::server
