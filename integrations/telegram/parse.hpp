// Telegram Update JSON → envelope (for the webhook) and neutral inbound events (for the
// processor). Sans-I/O.
#pragma once

#include <string_view>
#include <vector>

#include "integrations/channel.hpp"

namespace zaedno::telegram {

inline constexpr std::string_view channel_name = "telegram";

/// Malformed JSON or an Update without an integer update_id → problem (answer 400).
/// Kinds the bot does not use (edited_message, channel posts, inline queries, ...), chats
/// that are not private, and updates without a chat → ignore (answer 200).
/// message / callback_query / my_chat_member in a private chat → store, keyed by update_id
/// (unique per bot: the caller scopes it by bot) and the chat id in decimal.
channels::result<channels::envelope> read_envelope(std::string_view body);

/// The events of a stored update: one for message / callback_query / my_chat_member, none for
/// updates read_envelope ignores. Message content the bot cannot use (polls, dice, ...) gives
/// an ignored_event so the dialog can answer kindly.
channels::result<std::vector<channels::inbound_event>> to_events(std::string_view body);

/// Both of the above from one reading of the body, as the webhook needs them.
channels::result<channels::webhook_update> read_webhook(std::string_view body);

}  // namespace zaedno::telegram
