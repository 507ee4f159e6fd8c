// Two Bot API calls per file view; files are not kept (the transcript keeps only the id).
#include "bot/handoff/attachments.hpp"

#include <algorithm>
#include <array>

#include <nlohmann/json.hpp>

namespace zaedno::handoff {

namespace {

/// Telegram's file paths look like photos/file_7.jpg; anything else is not followed.
bool plausible_path(const std::string& path) {
    auto allowed = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '/' || c == '_' || c == '-' || c == '.';
    };
    return !path.empty() && path.size() < 512 && path.find("..") == std::string::npos &&
           path.front() != '/' && std::all_of(path.begin(), path.end(), allowed);
}

}  // namespace

fetched_file typed_by_extension(const std::string& file_path) {
    struct known {
        const char* extension;
        const char* type;
        bool inline_safe;
    };

    static constexpr std::array<known, 12> types{{
        {".jpg", "image/jpeg", true},
        {".jpeg", "image/jpeg", true},
        {".png", "image/png", true},
        {".webp", "image/webp", true},
        {".gif", "image/gif", true},
        {".oga", "audio/ogg", true},
        {".ogg", "audio/ogg", true},
        {".mp3", "audio/mpeg", true},
        {".m4a", "audio/mp4", true},
        {".mp4", "video/mp4", true},
        {".webm", "video/webm", true},
        {".pdf", "application/pdf", false},
    }};
    std::string lower = file_path;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    for (const auto& k : types) {
        if (lower.ends_with(k.extension)) {
            return {{}, k.type, k.inline_safe};
        }
    }
    return {{}, "application/octet-stream", false};
}

net::awaitable<std::optional<fetched_file>> fetch_telegram_file(
    http_client::client& http, std::string api, std::string token, std::string file_id
) {
    http_client::outbound_request ask;
    ask.url = api + "/bot" + token + "/getFile";
    ask.body = nlohmann::json{{"file_id", file_id}}.dump();
    auto answer = co_await http.send(std::move(ask));
    if (answer.transport_failed() || answer.status != 200) {
        co_return std::nullopt;
    }
    auto parsed = nlohmann::json::parse(answer.body, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object() || !parsed.value("ok", false) ||
        !parsed.contains("result") || !parsed["result"].is_object()) {
        co_return std::nullopt;
    }
    auto path = parsed["result"].value("file_path", "");
    if (!plausible_path(path)) {
        co_return std::nullopt;
    }
    http_client::outbound_request download;
    download.method = http::verb::get;
    download.url = api + "/file/bot" + token + "/" + path;
    auto file = co_await http.send(std::move(download));
    if (file.transport_failed() || file.status != 200) {
        co_return std::nullopt;
    }
    auto out = typed_by_extension(path);
    out.bytes = std::move(file.body);
    co_return out;
}

}  // namespace zaedno::handoff
