// GET /healthz and GET /metrics.
#pragma once

#include "bot/metrics/registry.hpp"
#include "bot/server/router.hpp"
#include "bot/storage/database.hpp"

namespace zaedno::server {

/// refresh, when given, runs before each /metrics rendering (gauges read from storage).
void add_health_routes(
    router& routes,
    storage::database& db,
    metrics::registry& metrics,
    std::function<net::awaitable<void>()> refresh = {}
);

}  // namespace zaedno::server
