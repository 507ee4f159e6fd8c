// The few fields the Telegram webhook needs (update_id, kind, private chat id), read with a
// SAX pass that builds no document: the webhook answers fast and parse.cpp reads the rest later.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "integrations/channel.hpp"

namespace zaedno::telegram::detail {

struct update_outline {
    std::optional<std::int64_t> update_id;  ///< nullopt: missing or not a 64-bit integer
    std::string kind;                       ///< handled kind, else the first other key
    std::string chat_key;                   ///< empty unless a private chat was found
    bool handled = false;                   ///< kind is message, callback_query or my_chat_member
};

/// Same answers as reading the whole document (parse.cpp checks this against every fixture):
/// a problem for malformed JSON or a non-object; otherwise the outline. Duplicate keys resolve
/// as in the document reader: the last one wins.
channels::result<update_outline> outline_update(std::string_view body);

}  // namespace zaedno::telegram::detail
