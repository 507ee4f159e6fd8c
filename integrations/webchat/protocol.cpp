// Web-chat frame parsing and rendering.
#include "integrations/webchat/protocol.hpp"

#include "integrations/json_input.hpp"
#include "integrations/json_writer.hpp"
#include "integrations/text.hpp"

namespace zaedno::webchat {
namespace {

using nlohmann::json;

bool is_token(std::string_view s, std::size_t min, std::size_t max) {
    if (s.size() < min || s.size() > max) {
        return false;
    }
    for (char c : s) {
        const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                             (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!allowed) {
            return false;
        }
    }
    return true;
}

channels::result<std::string> client_msg_id_of(const json& frame) {
    auto id = channels::string_at(frame, "client_msg_id");
    if (!id) {
        return channels::problem{"/client_msg_id", "missing or not a string"};
    }
    if (!is_valid_client_msg_id(*id)) {
        return channels::problem{"/client_msg_id", "must be 1-64 of A-Z a-z 0-9 _ -"};
    }
    return *std::move(id);
}

bool is_blank(std::string_view s) {
    return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

channels::result<client_frame> parse_hello(const json& frame) {
    hello_frame hello;
    if (frame.contains("session") && !frame["session"].is_null()) {
        auto session = channels::string_at(frame, "session");
        if (!session || (!session->empty() && !is_valid_session_id(*session))) {
            return channels::problem{"/session", "must be empty or 16-128 of A-Z a-z 0-9 _ -"};
        }
        hello.session = *std::move(session);
    }
    if (frame.contains("last_seen_seq")) {
        auto seq = channels::int64_at(frame, "last_seen_seq");
        if (!seq || *seq < 0) {
            return channels::problem{"/last_seen_seq", "must be a non-negative integer"};
        }
        hello.last_seen_seq = *seq;
    }
    hello.language = channels::string_at(frame, "language").value_or("");
    if (hello.language.size() > 35) {
        return channels::problem{"/language", "longer than a language tag can be"};
    }
    return client_frame{std::move(hello)};
}

channels::result<client_frame> parse_text(const json& frame) {
    auto id = client_msg_id_of(frame);
    if (!id) {
        return id.error();
    }
    auto text = channels::string_at(frame, "text");
    if (!text) {
        return channels::problem{"/text", "missing or not a string"};
    }
    if (is_blank(*text)) {
        return channels::problem{"/text", "empty"};
    }
    if (channels::text_length(*text, channels::length_unit::code_points) > max_text_length) {
        return channels::problem{"/text", "longer than 4096 characters"};
    }
    return client_frame{text_frame{*std::move(text), std::move(id).value()}};
}

channels::result<client_frame> parse_choice(const json& frame) {
    auto id = client_msg_id_of(frame);
    if (!id) {
        return id.error();
    }
    auto choice = channels::string_at(frame, "id");
    if (!choice || choice->empty() || choice->size() > 256) {
        return channels::problem{"/id", "missing, empty or longer than 256 bytes"};
    }
    return client_frame{choice_frame{*std::move(choice), std::move(id).value()}};
}

channels::inbound_event base_event(
    std::string_view session,
    std::string_view client_msg_id,
    std::int64_t unix_time,
    std::string_view language_hint
) {
    channels::inbound_event event;
    event.channel = std::string(channel_name);
    event.chat_key = std::string(session);
    event.dedupe_key = std::string(session) + ":" + std::string(client_msg_id);
    event.platform_message_id = std::string(client_msg_id);
    event.language_hint = std::string(language_hint);
    event.unix_time = unix_time;
    return event;
}

}  // namespace

bool is_valid_session_id(std::string_view session) {
    return is_token(session, 16, 128);
}

bool is_valid_client_msg_id(std::string_view id) {
    return is_token(id, 1, 64);
}

channels::result<client_frame> parse_client_frame(std::string_view frame) {
    if (frame.size() > max_frame_bytes) {
        return channels::problem{"", "frame larger than 64 KiB"};
    }
    auto parsed = channels::parse_json_object(frame);
    if (!parsed) {
        return parsed.error();
    }
    const std::string type = channels::string_at(*parsed, "type").value_or("");
    if (type == "hello") {
        return parse_hello(*parsed);
    }
    if (type == "text") {
        return parse_text(*parsed);
    }
    if (type == "choice") {
        return parse_choice(*parsed);
    }
    return channels::problem{"/type", type.empty() ? "missing" : "unknown frame type " + type};
}

channels::inbound_event to_event(
    std::string_view session,
    const text_frame& frame,
    std::int64_t unix_time,
    std::string_view language_hint
) {
    channels::inbound_event event =
        base_event(session, frame.client_msg_id, unix_time, language_hint);
    if (auto command = channels::parse_command(frame.text)) {
        event.body = *std::move(command);
    } else {
        event.body = channels::text_event{frame.text};
    }
    return event;
}

channels::inbound_event to_event(
    std::string_view session,
    const choice_frame& frame,
    std::int64_t unix_time,
    std::string_view language_hint
) {
    channels::inbound_event event =
        base_event(session, frame.client_msg_id, unix_time, language_hint);
    event.body = channels::choice_event{frame.id};
    return event;
}

std::string render_ready(std::string_view session, std::int64_t last_seq) {
    channels::json_writer out;
    out.begin_object()
        .key("type")
        .value("ready")
        .key("session")
        .value(session)
        .key("last_seq")
        .value(last_seq)
        .end_object();
    return out.take();
}

std::string render_message(
    std::int64_t seq, const channels::outgoing_message& message, text_direction direction
) {
    channels::json_writer out;
    out.begin_object().key("type").value("message").key("seq").value(seq);
    out.key("text").value(message.text);
    out.key("choices").begin_array();
    for (const channels::choice& c : message.choices) {
        out.begin_object()
            .key("id")
            .value(c.id)
            .key("label")
            .value(c.label.empty() ? c.id : c.label)
            .end_object();
    }
    out.end_array();
    out.key("direction").value(direction == text_direction::rtl ? "rtl" : "ltr");
    out.key("urgent").value(message.urgent);
    out.end_object();
    return out.take();
}

std::string render_ack(std::string_view client_msg_id) {
    channels::json_writer out;
    out.begin_object()
        .key("type")
        .value("ack")
        .key("client_msg_id")
        .value(client_msg_id)
        .end_object();
    return out.take();
}

std::string render_error(std::string_view code, const channels::problem& why) {
    channels::json_writer out;
    out.begin_object()
        .key("type")
        .value("error")
        .key("code")
        .value(code)
        .key("message")
        .value(why.message)
        .key("pointer")
        .value(why.pointer)
        .end_object();
    return out.take();
}

}  // namespace zaedno::webchat
