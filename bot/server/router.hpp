// Maps method + path pattern to a handler; owns the 404/405/500 answers and per-route metrics.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "bot/common/net.hpp"
#include "bot/metrics/registry.hpp"
#include "bot/server/http_types.hpp"

namespace zaedno::server {

/// A handler is a coroutine over the context its caller owns and awaits at once.
using handler = std::function<net::awaitable<response>(request_context&)>;

class router {
public:
    explicit router(metrics::registry& metrics);

    /// pattern: literal segments and {name} placeholders, e.g. /api/v1/conversations/{id}.
    /// A trailing /* matches any rest of the path (static files).
    void add(http::verb method, std::string pattern, handler h);

    /// Finds the route and runs it. Never throws: failures become JSON errors.
    net::awaitable<response> dispatch(request_context& ctx);

private:
    struct route {
        http::verb method;
        std::string pattern;
        std::vector<std::string> segments;
        handler run;
        metrics::histogram* latency;
        metrics::counter* answered_ok;  // the usual answer's count, looked up once
    };

    struct match_result {
        const route* found = nullptr;
        std::string allowed;  // for 405
        std::map<std::string, std::string> params;
    };

    match_result match(http::verb method, std::string_view path) const;
    void count(const std::string& route_name, http::verb method, unsigned status);

    metrics::registry& metrics_;
    std::vector<route> routes_;
};

}  // namespace zaedno::server
