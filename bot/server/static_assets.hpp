// Files compiled into the binary (the web chat page and its script and style).
#pragma once

#include <string_view>
#include <vector>

#include "bot/server/router.hpp"

namespace zaedno::server {

struct static_asset {
    std::string_view name;  // part and file name, e.g. webchat/chat.js
    std::string_view content_type;
    std::string_view body;
};

const std::vector<static_asset>& embedded_assets();

/// A part's page (bot/<part>/assets/index.html) at page_path and its other files at
/// assets_prefix/{name}, with a strict Content-Security-Policy. `part` must outlive the
/// router (a literal).
void add_page_routes(
    router& routes, std::string_view part, const std::string& page_path, std::string assets_prefix
);

/// More pages of a part: GET prefix/{page} serves bot/<part>/assets/<page>.html (page names
/// of a-z and -), 404 for any other name. The admin pages use it: /admin/reports, ...
void add_subpage_routes(router& routes, std::string_view part, const std::string& prefix);

/// The web chat: GET / (index.html) and GET /assets/{name}; the staff pages' shared scripts:
/// GET /shared/assets/{name}.
void add_static_routes(router& routes);

}  // namespace zaedno::server
