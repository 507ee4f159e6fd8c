// The report routes: read the range, build the report in one storage job, answer JSON or CSV.
#include "bot/reports/report_routes.hpp"

#include "bot/reports/report.hpp"
#include "bot/server/request_params.hpp"
#include "bot/server/responses.hpp"

namespace zaedno::reports {

namespace {

std::variant<report_request, std::string> request_of(const server::request_context& ctx) {
    auto from = server::query_param(ctx.req, "from");
    auto to = server::query_param(ctx.req, "to");
    if (!from || !to) {
        return std::string("from and to are required (YYYY-MM-DD)");
    }
    return read_request(*from, *to, server::query_param(ctx.req, "period").value_or("day"));
}

net::awaitable<server::response> answer(
    storage::database& db, const server::request_context& ctx, std::string language, bool csv
) {
    auto parsed = request_of(ctx);
    if (const auto* problem = std::get_if<std::string>(&parsed)) {
        co_return server::json_error(http::status::bad_request, *problem);
    }
    auto request = std::get<report_request>(parsed);
    auto job = [request, language = std::move(language)](storage::connection& c) {
        return build_report(c, request, language);
    };
    auto report = co_await db.run(job);
    if (!csv) {
        co_return server::json_response(http::status::ok, report);
    }
    auto name = "zaedno-report-" + report.at("from").get<std::string>() + "-to-" +
                report.at("to").get<std::string>() + "-by-" +
                report.at("period").get<std::string>() + ".csv";
    auto res =
        server::text_response(http::status::ok, report_csv(report), "text/csv; charset=utf-8");
    res.set(http::field::content_disposition, "attachment; filename=\"" + name + "\"");
    co_return res;
}

}  // namespace

void add_report_routes(
    server::router& routes, auth::guard& guard, storage::database& db, std::string language
) {
    auto json = [&db, language](server::request_context& ctx, const auth::principal&) {
        return answer(db, ctx, language, false);
    };
    auto csv = [&db, language](server::request_context& ctx, const auth::principal&) {
        return answer(db, ctx, language, true);
    };
    routes.add(http::verb::get, "/api/v1/reports", guard.require(auth::role::admin, json));
    routes.add(http::verb::get, "/api/v1/reports.csv", guard.require(auth::role::admin, csv));
}

}  // namespace zaedno::reports
