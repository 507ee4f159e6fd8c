// One entry point for the delivery worker: a platform's HTTP answer → send_outcome.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "integrations/channel.hpp"

namespace zaedno::channels {

/// Dispatches to telegram::classify or viber::classify by channel name. The web chat writes to
/// its own socket and has no HTTP answer; any other name is a permanent "unknown channel".
/// retry_after_header: the answer's HTTP Retry-After in seconds, when it had one.
send_outcome classify(
    std::string_view channel,
    int http_status,
    std::string_view body,
    std::optional<std::int64_t> retry_after_header = std::nullopt
);

}  // namespace zaedno::channels
