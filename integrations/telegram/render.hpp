// Outgoing messages → Telegram Bot API calls (sendMessage, answerCallbackQuery, setWebhook).
// Sans-I/O: the caller POSTs api_call.body to {api}/bot{token}/{api_call.method}.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "integrations/channel.hpp"

namespace zaedno::telegram {

/// sendMessage text limit, in code points after entity parsing (we send plain text).
inline constexpr std::size_t text_limit = 4096;
/// callback_data limit in UTF-8 bytes.
inline constexpr std::size_t callback_data_limit = 64;
/// Labels up to this many code points share a keyboard row with a neighbour as short.
inline constexpr std::size_t short_label_limit = 16;

/// sendMessage calls in order: plain text (no parse_mode, so '_' or '*' in a translation can
/// never be rejected), link previews off, split at text_limit on paragraph/line/word
/// boundaries; the inline keyboard rides on the last part only. Empty (or all white space)
/// text with choices sends "…" so the keyboard has a message to sit on; without choices,
/// nothing is sent.
std::vector<channels::api_call> render(
    std::string_view chat_key, const channels::outgoing_message& message
);

/// The callback_data for a choice id: the id itself when it is 1–64 bytes and does not start
/// with '~'; otherwise "~" + 40 hex digits of SHA-256(id) (41 bytes), stable across restarts.
std::string callback_data_for(std::string_view choice_id);

/// Which offered choice id a pressed button's callback_data stands for, or nullopt when none.
std::optional<std::string> resolve_choice(
    std::string_view callback_data, const std::vector<std::string>& offered_ids
);

/// answerCallbackQuery: stops the button's spinner. Call it for every callback_query, first.
channels::api_call answer_callback(
    std::string_view callback_query_id, std::string_view chat_key = {}
);

/// editMessageReplyMarkup without markup: takes the buttons off a message whose choice was
/// made, so old buttons cannot be pressed again (message_id = the event's platform_message_id).
channels::api_call remove_keyboard_call(std::string_view chat_key, std::string_view message_id);

/// The update kinds the bot needs (and nothing else, to keep webhook traffic down).
std::vector<std::string> default_allowed_updates();

/// setWebhook body with the secret token; a problem when the secret is not acceptable to
/// Telegram or the URL is empty.
channels::result<channels::api_call> set_webhook_call(
    std::string_view url,
    std::string_view secret,
    const std::vector<std::string>& allowed_updates = default_allowed_updates()
);

}  // namespace zaedno::telegram
