// Short random ids that tie one request's log lines together.
#pragma once

#include <string>
#include <string_view>

namespace zaedno::server {

/// Uses the caller's X-Request-Id when it is short and plain, so a proxy's id carries through.
std::string request_id_for(std::string_view offered);

}  // namespace zaedno::server
