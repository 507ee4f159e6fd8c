// What a Viber REST answer means for delivery. Viber answers HTTP 200 with a "status" field.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "integrations/channel.hpp"

namespace zaedno::viber {

/// Viber's status name for a status code ("ok", "receiverNotSubscribed", ...;
/// "generalError" for codes it does not list).
std::string_view status_name(std::int64_t status);

/// http_status 0 = no answer. Status 0 → sent (message_token); 12 tooManyRequests → transient
/// (back off, never give up on it as final); 5 receiverNotRegistered, 6 receiverNotSubscribed
/// and 11 receiverNoSuitableDevice → unreachable; every other status → permanent (bad data,
/// token or account problems an admin must see). HTTP 429, 5xx, 408 and unreadable answers →
/// transient; other HTTP errors (404 bad path, 401) → permanent. A 429 or 503 with an HTTP
/// Retry-After (retry_after_header, seconds) → retry_after.
channels::send_outcome classify(
    int http_status,
    std::string_view body,
    std::optional<std::int64_t> retry_after_header = std::nullopt
);

}  // namespace zaedno::viber
