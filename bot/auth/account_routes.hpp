// REST calls (admin role) for caseworker and admin accounts: list, create with a one-time
// password, change role or active, reset the password. Every change is audited.
#pragma once

#include "bot/auth/guard.hpp"
#include "bot/server/router.hpp"
#include "bot/storage/database.hpp"

namespace zaedno::auth {

/// GET/POST /api/v1/accounts, PATCH /api/v1/accounts/{id},
/// POST /api/v1/accounts/{id}/reset-password, as documented in docs/openapi.yaml (block
/// "# --- accounts ---"). Hashing runs on a small pool the routes own; the routes and the
/// pool are destroyed with the router.
void add_account_routes(server::router& routes, guard& g, storage::database& db);

}  // namespace zaedno::auth
