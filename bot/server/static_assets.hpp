// Files compiled into the binary (the web chat page and its script and style).
#pragma once

#include <string_view>
#include <vector>

#include "bot/server/router.hpp"

namespace zaedno::server {

struct static_asset {
    std::string_view name;  // file name, e.g. chat.js
    std::string_view content_type;
    std::string_view body;
};

const std::vector<static_asset>& embedded_assets();

/// GET / (index.html) and GET /assets/{name}, with a strict Content-Security-Policy.
void add_static_routes(router& routes);

}  // namespace zaedno::server
