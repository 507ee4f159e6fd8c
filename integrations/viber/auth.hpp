// Viber webhook authentication: X-Viber-Content-Signature = hex HMAC-SHA256(raw body, token).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace zaedno::viber {

inline constexpr std::string_view signature_header = "X-Viber-Content-Signature";

/// True only when a token is configured and the header is the hex (either case) HMAC-SHA256
/// of the exact raw body keyed with it, compared in constant time. Verify before parsing:
/// re-serialised JSON would not match.
bool authenticate(
    std::string_view auth_token,
    std::optional<std::string_view> signature_header_value,
    std::string_view raw_body
);

/// The lower-case hex signature Viber sends for raw_body (for fake servers and the bench).
std::string sign(std::string_view auth_token, std::string_view raw_body);

}  // namespace zaedno::viber
