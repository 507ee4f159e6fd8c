// A report: the anonymous counts of a date range grouped by day, ISO week or month, as JSON
// for the admin page and as one long CSV table. Runs on the storage thread inside a job.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "bot/reports/calendar.hpp"
#include "bot/storage/connection.hpp"

namespace zaedno::reports {

/// A report covers at most this many periods (days, weeks or months).
inline constexpr std::int64_t max_periods = 400;

struct report_request {
    date from;
    date to;
    period grouping = period::day;
};

/// from, to and period as typed in a query string: the request, or a message for a 400.
std::variant<report_request, std::string> read_request(
    std::string_view from, std::string_view to, std::string_view grouping
);

/// The report as JSON (docs/openapi.yaml, block "reports"). from and to are widened to whole
/// periods. Services are named in `language` (falling back to any name they have).
nlohmann::json build_report(
    storage::connection& db, const report_request& request, const std::string& language
);

/// The same report as one long CSV table: period, metric, breakdown, key, label, value.
std::string report_csv(const nlohmann::json& report);

}  // namespace zaedno::reports
