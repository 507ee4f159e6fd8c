// GET /healthz and GET /metrics.
#pragma once

#include "bot/metrics/registry.hpp"
#include "bot/server/router.hpp"
#include "bot/storage/database.hpp"

namespace zaedno::server {

void add_health_routes(router& routes, storage::database& db, metrics::registry& metrics);

}  // namespace zaedno::server
