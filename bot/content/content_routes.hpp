// REST calls (admin role) for editing dialogs and translations: read, draft, validate, diff,
// publish, history and roll-back. Every change is audited.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "bot/auth/guard.hpp"
#include "bot/content/check.hpp"
#include "bot/server/router.hpp"
#include "bot/storage/database.hpp"

namespace zaedno::content {

/// Called with the runtime of a version that has just become the published one.
using activate_fn =
    std::function<void(std::shared_ptr<const conversation::dialog_runtime>, std::int64_t version)>;

struct content_routes_context {
    storage::database& db;
    auth::guard& guard;
    content_settings settings;
    activate_fn activate;
    std::function<std::int64_t()> now_seconds;
};

/// /api/v1/content/... as documented in docs/openapi.yaml (block "# --- content ---").
void add_content_routes(server::router& routes, content_routes_context context);

}  // namespace zaedno::content
