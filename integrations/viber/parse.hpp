// Viber callback JSON → envelope (for the webhook) and neutral inbound events. Sans-I/O.
#pragma once

#include <string_view>
#include <vector>

#include "integrations/channel.hpp"

namespace zaedno::viber {

inline constexpr std::string_view channel_name = "viber";

/// ActionBody prefix of our keyboard buttons: a reply tap arrives as ordinary message text, so
/// the prefix tells a press from typing (only someone typing "c:" by hand can imitate it).
inline constexpr std::string_view choice_prefix = "c:";

/// Malformed JSON / not an object → problem (answer 400). "webhook" → acknowledge (200; the
/// verification only needs the 200). message, conversation_started, subscribed, unsubscribed,
/// delivered, seen, failed with a user → store; anything else (unknown events, no event
/// field, no user) → ignore with 200, because Viber re-sends whatever is not answered 200.
///
/// Dedupe key: a "message" uses its message_token in decimal (64-bit, never via double);
/// other events use "<event>:<message_token>", because delivered/seen/failed repeat the token
/// of the message they report on. Without a usable token the key is "sha256:<hex of body>",
/// which a re-send of the same bytes reproduces.
channels::result<channels::envelope> read_envelope(std::string_view body);

/// The event of a stored callback (none for what read_envelope ignores or acknowledges).
/// Text that starts with choice_prefix → choice; "/name ..." → command; picture, video, file,
/// sticker → media; contact; location; url → text; unknown message types → ignored_event.
channels::result<std::vector<channels::inbound_event>> to_events(std::string_view body);

}  // namespace zaedno::viber
