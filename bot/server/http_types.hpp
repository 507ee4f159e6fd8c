// The request and response types every handler sees.
#pragma once

#include <map>
#include <string>

#include "bot/common/net.hpp"

namespace zaedno::server {

using request = http::request<http::string_body>;
using response = http::response<http::string_body>;

/// What a handler gets: the request (owned), the values of {placeholders} in the route, and
/// the id that ties the request's log lines together.
struct request_context {
    request req;
    std::map<std::string, std::string> params;
    std::string request_id;
    std::string route;  // the matched pattern, e.g. /api/v1/conversations/{id}
    net::ip::address remote;
};

}  // namespace zaedno::server
