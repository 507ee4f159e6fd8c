// One entry point for the delivery worker: a platform's HTTP answer → send_outcome.
#pragma once

#include <string_view>

#include "integrations/channel.hpp"

namespace zaedno::channels {

/// Dispatches to telegram::classify or viber::classify by channel name. The web chat writes to
/// its own socket and has no HTTP answer; any other name is a permanent "unknown channel".
send_outcome classify(std::string_view channel, int http_status, std::string_view body);

}  // namespace zaedno::channels
