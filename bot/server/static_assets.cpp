// Serving embedded files. The policy allows only our own script, style and socket: nothing
// inline and nothing from elsewhere, so injected text can never run as code.
#include "bot/server/static_assets.hpp"

#include "bot/server/responses.hpp"

namespace zaedno::server {

namespace {

constexpr std::string_view content_security_policy =
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

response asset_response(const static_asset& asset) {
    auto res = text_response(http::status::ok, std::string(asset.body), asset.content_type);
    res.set(http::field::cache_control, "no-cache");
    res.set("Content-Security-Policy", content_security_policy);
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
    return res;
}

const static_asset* find_asset(std::string_view name) {
    for (const auto& a : embedded_assets()) {
        if (a.name == name) {
            return &a;
        }
    }
    return nullptr;
}

net::awaitable<response> serve_asset(std::string name) {
    const auto* asset = find_asset(name);
    if (asset == nullptr) {
        co_return json_error(http::status::not_found, "no such resource");
    }
    co_return asset_response(*asset);
}

}  // namespace

void add_static_routes(router& routes) {
    routes.add(http::verb::get, "/", [](request_context&) { return serve_asset("index.html"); });
    routes.add(http::verb::get, "/assets/{name}", [](request_context& ctx) {
        return serve_asset(ctx.params["name"]);
    });
}

}  // namespace zaedno::server
