// Files people sent on Telegram, fetched for the console through this server: Telegram's
// file URLs contain the bot token, so the browser never sees them.
#pragma once

#include <optional>
#include <string>

#include "bot/common/net.hpp"
#include "integrations/http_client/http_client.hpp"

namespace zaedno::handoff {

struct fetched_file {
    std::string bytes;
    std::string content_type;
    bool inline_safe = false;  // an image, audio or video a browser may show in place
};

/// getFile, then the download; nothing when Telegram refuses or the answer is malformed.
net::awaitable<std::optional<fetched_file>> fetch_telegram_file(
    http_client::client& http, std::string api, std::string token, std::string file_id
);

/// The type a browser should be told for a Telegram file path, by its extension.
fetched_file typed_by_extension(const std::string& file_path);

}  // namespace zaedno::handoff
