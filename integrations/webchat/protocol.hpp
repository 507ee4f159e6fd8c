// Web-chat WebSocket frames (JSON text frames): parsing what the browser sends and rendering
// what the server sends. Sans-I/O; the protocol is described in docs/webchat-protocol.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "integrations/channel.hpp"

namespace zaedno::webchat {

inline constexpr std::string_view channel_name = "webchat";
/// Largest frame the server reads; the socket should refuse bigger ones before parsing.
inline constexpr std::size_t max_frame_bytes = 64 * 1024;
/// Longest text a person may send, in code points (as Telegram).
inline constexpr std::size_t max_text_length = 4096;

/// Opens (or resumes) a session. An empty session asks the server for a new one.
struct hello_frame {
    std::string session;
    std::int64_t last_seen_seq = 0;  ///< highest message seq the page has shown; 0 = none
    std::string language;            ///< the browser's preferred language tag, may be empty
};

struct text_frame {
    std::string text;
    std::string client_msg_id;
};

struct choice_frame {
    std::string id;
    std::string client_msg_id;
};

using client_frame = std::variant<hello_frame, text_frame, choice_frame>;

/// Parses one client frame. Problems carry the JSON pointer of the bad member ("/type",
/// "/client_msg_id", ...). Text is repaired to valid UTF-8; longer than max_text_length or
/// empty after trimming is refused.
channels::result<client_frame> parse_client_frame(std::string_view frame);

/// 16–128 of A-Z a-z 0-9 _ - (the server makes them; the page only echoes them back).
bool is_valid_session_id(std::string_view session);

/// 1–64 of A-Z a-z 0-9 _ - (the page makes them, unique per session, reused on re-send).
bool is_valid_client_msg_id(std::string_view id);

/// The inbound event of a text or choice frame: chat key = session, dedupe key =
/// session + ":" + client_msg_id, so a frame re-sent after a reconnect has no second effect.
channels::inbound_event to_event(
    std::string_view session,
    const text_frame& frame,
    std::int64_t unix_time,
    std::string_view language_hint = {}
);
channels::inbound_event to_event(
    std::string_view session,
    const choice_frame& frame,
    std::int64_t unix_time,
    std::string_view language_hint = {}
);

enum class text_direction { ltr, rtl };

/// {"type":"ready","session","last_seq"}: the session to keep and the highest seq the server
/// has for it; messages above the page's last_seen_seq follow as message frames.
std::string render_ready(std::string_view session, std::int64_t last_seq);

/// {"type":"message","seq","text","choices":[{"id","label"}],"direction","urgent"}.
/// seq is the per-session outbox order (1, 2, ...). Text is sent whole: no platform limit.
std::string render_message(
    std::int64_t seq, const channels::outgoing_message& message, text_direction direction
);

/// {"type":"ack","client_msg_id"}: the frame is stored; the page may forget it.
std::string render_ack(std::string_view client_msg_id);

/// {"type":"error","code","message","pointer"}: the frame was refused; the page should not
/// re-send it unchanged.
std::string render_error(std::string_view code, const channels::problem& why);

}  // namespace zaedno::webchat
