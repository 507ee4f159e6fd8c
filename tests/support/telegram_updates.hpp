// Telegram Update bodies for end-to-end tests, shaped like the Bot API's.
#pragma once

#include <cstdint>
#include <string>

namespace zaedno::test {

std::string telegram_text(
    std::int64_t update_id,
    std::int64_t chat_id,
    const std::string& text,
    const std::string& language_code = "en"
);
std::string telegram_button(std::int64_t update_id, std::int64_t chat_id, const std::string& data);
std::string telegram_blocked(std::int64_t update_id, std::int64_t chat_id);

}  // namespace zaedno::test
