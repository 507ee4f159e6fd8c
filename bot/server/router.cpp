// Route matching by path segments, error mapping, request metrics.
#include "bot/server/router.hpp"

#include <chrono>

#include <boost/url/parse.hpp>
#include <spdlog/spdlog.h>

#include "bot/server/responses.hpp"
#include "bot/storage/database.hpp"
#include "bot/storage/storage_error.hpp"

namespace zaedno::server {

namespace {

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= path.size()) {
        auto slash = path.find('/', start);
        auto end = slash == std::string_view::npos ? path.size() : slash;
        if (end > start) {
            out.emplace_back(path.substr(start, end - start));
        }
        if (slash == std::string_view::npos) {
            break;
        }
        start = slash + 1;
    }
    return out;
}

const std::string requests_total = "zaedno_http_requests_total";
const std::string requests_help = "HTTP requests answered, by route, method and status";

metrics::labels request_labels(const std::string& route, http::verb method, unsigned status) {
    return {
        {"route", route},
        {"method", std::string(http::to_string(method))},
        {"status", std::to_string(status)}};
}

bool is_placeholder(const std::string& segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

router::router(metrics::registry& metrics) : metrics_(metrics) {}

void router::add(http::verb method, std::string pattern, handler h) {
    auto segments = split_path(pattern);
    auto& latency = metrics_.get_histogram(
        "zaedno_http_request_duration_seconds",
        "Time from a complete request to its response, by route",
        {{"route", pattern}}
    );
    auto& ok =
        metrics_.get_counter(requests_total, requests_help, request_labels(pattern, method, 200));
    routes_.push_back({method, std::move(pattern), std::move(segments), std::move(h), &latency, &ok}
    );
}

router::match_result router::match(http::verb method, std::string_view path) const {
    match_result result;
    auto parts = split_path(path);
    for (const auto& r : routes_) {
        bool rest = !r.segments.empty() && r.segments.back() == "*";
        std::size_t fixed = rest ? r.segments.size() - 1 : r.segments.size();
        if (rest ? parts.size() < fixed : parts.size() != fixed) {
            continue;
        }
        std::map<std::string, std::string> params;
        bool ok = true;
        for (std::size_t i = 0; i < fixed && ok; ++i) {
            if (is_placeholder(r.segments[i])) {
                params[r.segments[i].substr(1, r.segments[i].size() - 2)] = parts[i];
            } else {
                ok = r.segments[i] == parts[i];
            }
        }
        if (!ok) {
            continue;
        }
        if (rest) {
            std::string tail;
            for (std::size_t i = fixed; i < parts.size(); ++i) {
                tail += (tail.empty() ? "" : "/") + parts[i];
            }
            params["*"] = tail;
        }
        if (r.method == method || (method == http::verb::head && r.method == http::verb::get)) {
            result.found = &r;
            result.params = std::move(params);
            return result;
        }
        auto name = std::string(http::to_string(r.method));
        if (result.allowed.find(name) == std::string::npos) {
            result.allowed += (result.allowed.empty() ? "" : ", ") + name;
        }
    }
    return result;
}

void router::count(const std::string& route_name, http::verb method, unsigned status) {
    metrics_.get_counter(requests_total, requests_help, request_labels(route_name, method, status))
        .inc();
}

net::awaitable<response> router::dispatch(request_context& ctx) {
    auto started = std::chrono::steady_clock::now();
    auto target = ctx.req.target();
    auto parsed = boost::urls::parse_origin_form(target);
    if (!parsed) {
        auto res = json_error(http::status::bad_request, "malformed request target");
        count("unmatched", ctx.req.method(), res.result_int());
        co_return res;
    }
    auto found = match(ctx.req.method(), parsed->encoded_path());
    if (found.found == nullptr) {
        response res = found.allowed.empty()
                           ? json_error(http::status::not_found, "no such resource")
                           : json_error(http::status::method_not_allowed, "method not allowed");
        if (!found.allowed.empty()) {
            res.set(http::field::allow, found.allowed);
        }
        count("unmatched", ctx.req.method(), res.result_int());
        co_return res;
    }
    ctx.params = std::move(found.params);
    ctx.route = found.found->pattern;
    response res;
    try {
        res = co_await found.found->run(ctx);
    } catch (const storage::database_closed&) {
        res = json_error(http::status::service_unavailable, "shutting down");
    } catch (const storage::storage_error& e) {
        spdlog::error("req={} route={} storage failure: {}", ctx.request_id, ctx.route, e.what());
        res = json_error(http::status::service_unavailable, "storage unavailable");
    } catch (const std::exception& e) {
        spdlog::error("req={} route={} handler failed: {}", ctx.request_id, ctx.route, e.what());
        res = json_error(http::status::internal_server_error, "internal error");
    }
    auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
    found.found->latency->observe(elapsed.count());
    if (res.result_int() == 200 && ctx.req.method() == found.found->method) {
        found.found->answered_ok->inc();
    } else {
        count(ctx.route, ctx.req.method(), res.result_int());
    }
    co_return res;
}

}  // namespace zaedno::server
