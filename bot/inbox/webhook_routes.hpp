// POST /webhooks/telegram and /webhooks/viber: authenticate, store durably, answer.
#pragma once

#include "bot/inbox/inbox_processor.hpp"
#include "bot/inbox/update_processing.hpp"
#include "bot/metrics/registry.hpp"
#include "bot/server/router.hpp"
#include "bot/storage/database.hpp"

namespace zaedno::inbox {

class viber_adapter;

struct webhook_dependencies {
    storage::database& db;
    inbox_processor& processor;
    metrics::registry& metrics;
    runtime_source runtime;
};

void add_webhook_routes(
    server::router& routes,
    const adapter_map& adapters,
    const viber_adapter* viber,
    webhook_dependencies deps
);

}  // namespace zaedno::inbox
