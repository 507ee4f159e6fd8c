// Stored web-chat updates and replies: small JSON envelopes around the protocol's frames.
#include "bot/webchat/webchat_adapter.hpp"

#include <nlohmann/json.hpp>

#include "integrations/webchat/protocol.hpp"

namespace zaedno::webchat {

namespace {

using nlohmann::json;

// The catalog starts right-to-left texts with U+200F (RLM); the page needs the direction
// for the bubble, and the reply carries no other trace of its language.
bool starts_right_to_left(std::string_view text) {
    return text.starts_with("\u200F");
}

}  // namespace

std::string inbox_body_for_frame(
    std::string_view session,
    std::string_view raw_frame,
    std::string_view language,
    std::int64_t unix_time
) {
    return json{
        {"session", session}, {"frame", raw_frame}, {"language", language}, {"time", unix_time}}
        .dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string inbox_body_for_start(
    std::string_view session, std::string_view language, std::int64_t unix_time
) {
    return json{{"session", session}, {"start", true}, {"language", language}, {"time", unix_time}}
        .dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string_view webchat_adapter::name() const {
    return channel_name;
}

channels::result<channels::envelope> webchat_adapter::read_envelope(std::string_view body) const {
    auto parsed = json::parse(body, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object() || !parsed.contains("session")) {
        return channels::problem{"", "not a stored web-chat update"};
    }
    channels::envelope e;
    e.action = channels::envelope_action::store;
    e.chat_key = parsed.value("session", "");
    e.kind = parsed.contains("start") ? "start" : "frame";
    return e;
}

channels::result<std::vector<channels::inbound_event>> webchat_adapter::to_events(
    std::string_view body
) const {
    auto parsed = json::parse(body, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) {
        return channels::problem{"", "not a stored web-chat update"};
    }
    auto session = parsed.value("session", "");
    auto language = parsed.value("language", "");
    auto time = parsed.value("time", std::int64_t{0});
    if (parsed.value("start", false)) {
        channels::inbound_event ev;
        ev.channel = channel_name;
        ev.chat_key = session;
        ev.dedupe_key = session + ":start";
        ev.body = channels::command_event{"start", ""};
        ev.language_hint = language;
        ev.unix_time = time;
        return std::vector<channels::inbound_event>{ev};
    }
    auto frame = parse_client_frame(parsed.value("frame", ""));
    if (!frame) {
        return frame.error();
    }
    if (const auto* text = std::get_if<text_frame>(&*frame)) {
        return std::vector<channels::inbound_event>{to_event(session, *text, time, language)};
    }
    if (const auto* choice = std::get_if<choice_frame>(&*frame)) {
        return std::vector<channels::inbound_event>{to_event(session, *choice, time, language)};
    }
    return channels::problem{"/frame", "a hello frame is never stored"};
}

std::vector<channels::api_call> webchat_adapter::render(
    const std::string& chat_key, const channels::outgoing_message& message
) const {
    json choices = json::array();
    for (const auto& c : message.choices) {
        choices.push_back({{"id", c.id}, {"label", c.label}});
    }
    json stored{
        {"text", message.text},
        {"choices", choices},
        {"urgent", message.urgent},
        {"rtl", starts_right_to_left(message.text)}};
    channels::api_call call;
    call.method = "message";
    call.chat_key = chat_key;
    call.body = stored.dump(-1, ' ', false, json::error_handler_t::replace);
    return {call};
}

http_client::outbound_request webchat_adapter::to_request(const channels::api_call&) const {
    return {};  // never called: the socket delivers web-chat replies
}

channels::send_outcome webchat_adapter::classify(int, std::string_view) const {
    return channels::outcome::permanent{"web chat replies are delivered by the socket"};
}

std::string message_frame(std::int64_t seq, std::string_view stored_body) {
    auto stored = json::parse(stored_body, nullptr, false);
    channels::outgoing_message msg;
    if (stored.is_object()) {
        msg.text = stored.value("text", "");
        msg.urgent = stored.value("urgent", false);
        if (stored.contains("choices") && stored["choices"].is_array()) {
            for (const auto& c : stored["choices"]) {
                msg.choices.push_back({c.value("id", ""), c.value("label", "")});
            }
        }
    }
    auto direction = stored.is_object() && stored.value("rtl", false) ? text_direction::rtl
                                                                      : text_direction::ltr;
    return render_message(seq, msg, direction);
}

}  // namespace zaedno::webchat
