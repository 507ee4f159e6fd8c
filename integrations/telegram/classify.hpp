// What a Telegram Bot API answer means for delivery (sent, retry later, give up, stop).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "integrations/channel.hpp"

namespace zaedno::telegram {

/// http_status 0 = the request never got an answer (connect/read failure, timeout).
/// 2xx with ok:true → sent (message_id when the result is a Message); 429 → retry_after with
/// parameters.retry_after (transient when absent); 403 (blocked, deactivated, cannot initiate)
/// → unreachable; 5xx, 408 and unreadable answers → transient; other errors (400 bad request,
/// 401 bad token, 404, 409) → permanent. error_code in the body wins over the HTTP status.
/// retry_after_header (an HTTP Retry-After in seconds) stands in when a 429 or 503 body
/// names no time.
channels::send_outcome classify(
    int http_status,
    std::string_view body,
    std::optional<std::int64_t> retry_after_header = std::nullopt
);

}  // namespace zaedno::telegram
