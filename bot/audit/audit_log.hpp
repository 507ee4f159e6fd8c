// The audit log: every caseworker and admin action, who, what, which conversation, when.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "bot/auth/guard.hpp"
#include "bot/server/router.hpp"
#include "bot/storage/connection.hpp"
#include "bot/storage/database.hpp"

namespace zaedno::audit {

/// Who did what, never message text. Call in the same storage job as the change it records.
void record(
    storage::connection& db,
    const auth::principal& who,
    std::string_view action,
    std::optional<std::int64_t> conversation_id,
    const nlohmann::json& details,
    std::int64_t now_seconds
);

/// Unix seconds as ISO-8601 UTC, e.g. 2026-11-25T15:04:05Z: how the REST API writes times.
std::string iso_utc(std::int64_t unix_seconds);

/// GET /api/v1/audit?limit=&before= for admins, newest first.
void add_audit_routes(server::router& routes, auth::guard& guard, storage::database& db);

}  // namespace zaedno::audit
