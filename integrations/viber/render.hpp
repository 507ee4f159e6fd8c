// Outgoing messages → Viber REST calls (send_message, the welcome answer, set_webhook).
// Sans-I/O: the caller POSTs api_call.body to {api}/{api_call.method} with X-Viber-Auth-Token.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "integrations/channel.hpp"

namespace zaedno::viber {

/// send_message text limit. Viber says "7000 characters" without a unit; UTF-16 units are
/// never fewer than code points, so counting them is the safe reading.
inline constexpr std::size_t text_limit = 7000;
/// Keyboard button Text limit.
inline constexpr std::size_t button_text_limit = 250;
/// Rows a portrait keyboard shows.
inline constexpr std::size_t max_keyboard_rows = 12;
/// sender.name limit.
inline constexpr std::size_t sender_name_limit = 28;
/// Labels up to this many code points share a keyboard row with a neighbour as short.
inline constexpr std::size_t short_label_limit = 16;

struct sender_profile {
    std::string name = "Zaedno";  ///< ZAEDNO_VIBER_NAME
    std::string avatar;           ///< optional URL
    int min_api_version = 1;      ///< the keyboard fields used need only level 1
};

/// send_message calls in order: type text, split at text_limit on paragraph/line/word
/// boundaries, keyboard on the last part only. Buttons are reply buttons whose ActionBody is
/// choice_prefix + id and whose Text is the HTML-escaped label; two short labels share a row
/// (Columns 3), others take a full row (Columns 6). At most max_keyboard_rows rows: when that
/// is not enough, every button goes two to a row, and choices beyond 24 are dropped.
/// Empty (or all white space) text with choices sends "…"; without choices, nothing is sent.
std::vector<channels::api_call> render(
    std::string_view receiver,
    const channels::outgoing_message& message,
    const sender_profile& sender
);

/// The body of the HTTP 200 answer to conversation_started (Viber's one allowed welcome
/// message): like send_message without receiver; a text over the limit keeps its first part.
/// Empty when the message has neither text nor choices.
std::string render_welcome(const channels::outgoing_message& message, const sender_profile& sender);

/// The callback kinds set_webhook subscribes to ("message" and "webhook" always arrive).
std::vector<std::string> default_event_types();

/// set_webhook body; send_name so caseworkers see a first name, never the photo.
channels::result<channels::api_call> set_webhook_call(
    std::string_view url, const std::vector<std::string>& event_types = default_event_types()
);

}  // namespace zaedno::viber
