// Telegram secret-token check and secret validation.
#include "integrations/telegram/auth.hpp"

#include <string>

#include "integrations/crypto.hpp"

namespace zaedno::telegram {

bool authenticate(
    std::string_view configured_secret, std::optional<std::string_view> header_value
) {
    if (configured_secret.empty() || !header_value) {
        return false;
    }
    return channels::constant_time_equal(configured_secret, *header_value);
}

std::optional<std::string> secret_token_problem(std::string_view secret) {
    if (secret.empty()) {
        return "the secret token is empty";
    }
    if (secret.size() > 256) {
        return "the secret token is longer than 256 characters";
    }
    for (char c : secret) {
        const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                             (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!allowed) {
            return "the secret token may contain only A-Z, a-z, 0-9, _ and - (a bot token is "
                   "not a valid secret)";
        }
    }
    return std::nullopt;
}

}  // namespace zaedno::telegram
