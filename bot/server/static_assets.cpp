// Serving embedded files. The policy allows only our own script, style and socket: nothing
// inline and nothing from elsewhere, so injected text can never run as code.
#include "bot/server/static_assets.hpp"

#include <algorithm>

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

net::awaitable<response> no_such_page() {
    co_return json_error(http::status::not_found, "no such resource");
}

const static_asset* find_asset(std::string_view part, std::string_view file) {
    for (const auto& a : embedded_assets()) {
        if (a.name.size() == part.size() + 1 + file.size() && a.name.starts_with(part) &&
            a.name[part.size()] == '/' && a.name.ends_with(file)) {
            return &a;
        }
    }
    return nullptr;
}

net::awaitable<response> serve_asset(std::string_view part, std::string file) {
    const auto* asset = find_asset(part, file);
    if (asset == nullptr) {
        co_return co_await no_such_page();
    }
    co_return asset_response(*asset);
}

}  // namespace

void add_page_routes(
    router& routes, std::string_view part, const std::string& page_path, std::string assets_prefix
) {
    routes.add(http::verb::get, page_path, [part](request_context&) {
        return serve_asset(part, "index.html");
    });
    routes.add(http::verb::get, assets_prefix + "/{name}", [part](request_context& ctx) {
        return serve_asset(part, ctx.params["name"]);
    });
}

void add_subpage_routes(router& routes, std::string_view part, const std::string& prefix) {
    routes.add(http::verb::get, prefix + "/{page}", [part](request_context& ctx) {
        const std::string& page = ctx.params["page"];
        const bool plain_name = !page.empty() && std::ranges::all_of(page, [](char c) {
            return (c >= 'a' && c <= 'z') || c == '-';
        });
        if (!plain_name || page == "index") {
            return no_such_page();
        }
        return serve_asset(part, page + ".html");
    });
}

void add_static_routes(router& routes) {
    add_page_routes(routes, "webchat", "/", "/assets");
    // Scripts the console and the admin pages share (bot/server/assets).
    routes.add(http::verb::get, "/shared/assets/{name}", [](request_context& ctx) {
        return serve_asset("server", ctx.params["name"]);
    });
}

}  // namespace zaedno::server
