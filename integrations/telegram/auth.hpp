// Telegram webhook authentication: the X-Telegram-Bot-Api-Secret-Token header.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace zaedno::telegram {

inline constexpr std::string_view secret_header = "X-Telegram-Bot-Api-Secret-Token";

/// True only when a secret is configured and the header carries exactly it (constant time).
/// No configured secret refuses everything: an open webhook would accept forged updates.
bool authenticate(std::string_view configured_secret, std::optional<std::string_view> header_value);

/// Nullopt when secret is usable as setWebhook's secret_token (1–256 of A-Z a-z 0-9 _ -),
/// else why not (the bot token, with its ':', is the usual mistake).
std::optional<std::string> secret_token_problem(std::string_view secret);

}  // namespace zaedno::telegram
