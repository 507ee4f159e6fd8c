// Writing and reading the audit log.
#include "bot/audit/audit_log.hpp"

#include <charconv>
#include <ctime>

#include <boost/url/parse.hpp>

#include "bot/server/request_params.hpp"
#include "bot/server/responses.hpp"

namespace zaedno::audit {

namespace {

constexpr std::int64_t default_page = 100;
constexpr std::int64_t largest_page = 500;

nlohmann::json read_page(storage::connection& db, std::int64_t limit, std::int64_t before) {
    auto& st = db.prepared(
        "SELECT id, at, username, action, conversation_id, details FROM audit_log "
        "WHERE id < ? ORDER BY id DESC LIMIT ?"
    );
    st.bind(1, before).bind(2, limit);
    auto items = nlohmann::json::array();
    while (st.step()) {
        auto details = nlohmann::json::parse(st.text(5), nullptr, false);
        items.push_back(
            {{"id", st.int64(0)},
             {"at", iso_utc(st.int64(1))},
             {"username", st.text(2)},
             {"action", st.text(3)},
             {"conversation_id",
              st.is_null(4) ? nlohmann::json(nullptr) : nlohmann::json(st.int64(4))},
             {"details", details.is_discarded() ? nlohmann::json::object() : details}}
        );
    }
    st.reset();
    return items;
}

net::awaitable<server::response>
list_audit(storage::database& db, server::request_context& ctx, const auth::principal&) {
    auto target = boost::urls::parse_origin_form(ctx.req.target());
    std::int64_t limit = default_page;
    std::int64_t before = std::numeric_limits<std::int64_t>::max();
    if (target) {
        auto params = target->params();
        if (auto it = params.find("limit"); it != params.end()) {
            auto n = server::positive_number((*it).value);
            if (!n) {
                co_return server::json_error(
                    http::status::bad_request, "limit must be a positive whole number"
                );
            }
            limit = std::min(*n, largest_page);
        }
        if (auto it = params.find("before"); it != params.end()) {
            auto n = server::positive_number((*it).value);
            if (!n) {
                co_return server::json_error(
                    http::status::bad_request, "before must be a positive audit entry id"
                );
            }
            before = *n;
        }
    }
    auto job = [limit, before](storage::connection& c) {
        return read_page(c, limit, before);
    };
    auto items = co_await db.run(job);
    co_return server::json_response(http::status::ok, {{"items", std::move(items)}});
}

}  // namespace

void record(
    storage::connection& db,
    const auth::principal& who,
    std::string_view action,
    std::optional<std::int64_t> conversation_id,
    const nlohmann::json& details,
    std::int64_t now_seconds
) {
    db.prepared(
          "INSERT INTO audit_log (at, account_id, username, action, conversation_id, details) "
          "VALUES (?, ?, ?, ?, ?, ?)"
    )
        .bind(1, now_seconds)
        .bind(2, who.account_id)
        .bind(3, who.username)
        .bind(4, action)
        .bind(5, conversation_id)
        .bind(6, details.is_null() ? std::string("{}") : details.dump())
        .run();
}

std::string iso_utc(std::int64_t unix_seconds) {
    std::tm parts{};
    auto t = static_cast<std::time_t>(unix_seconds);
    gmtime_r(&t, &parts);
    char out[sizeof "2026-11-25T15:04:05Z" + 8]{};  // NOLINT: fixed-size strftime target
    std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return out;
}

void add_audit_routes(server::router& routes, auth::guard& guard, storage::database& db) {
    auto list = [&db](server::request_context& ctx, const auth::principal& who) {
        return list_audit(db, ctx, who);
    };
    routes.add(http::verb::get, "/api/v1/audit", guard.require(auth::role::admin, list));
}

}  // namespace zaedno::audit
