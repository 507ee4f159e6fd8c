// REST for reports (admin role): GET /api/v1/reports and GET /api/v1/reports.csv.
#pragma once

#include <string>

#include "bot/auth/guard.hpp"
#include "bot/server/router.hpp"
#include "bot/storage/database.hpp"

namespace zaedno::reports {

/// Both take ?from=YYYY-MM-DD&to=YYYY-MM-DD&period=day|week|month; services are named in
/// `language` (the configured default language).
void add_report_routes(
    server::router& routes, auth::guard& guard, storage::database& db, std::string language
);

}  // namespace zaedno::reports
