// Reading Viber callbacks: messages (with keyboard replies), subscription and delivery events.
#include "integrations/viber/parse.hpp"

#include <optional>
#include <string>

#include "integrations/crypto.hpp"
#include "integrations/json_input.hpp"
#include "integrations/text.hpp"

namespace zaedno::viber {
namespace {

using channels::envelope;
using channels::envelope_action;
using channels::inbound_event;
using channels::int64_at;
using channels::integer_text_at;
using channels::object_at;
using channels::string_at;
using nlohmann::json;

struct read_callback {
    json callback;
    std::string event;
    std::string user_id;  // empty when the event has no user (then it is ignored)
    std::string dedupe_key;
    envelope_action action = envelope_action::ignore;
    std::string note;
};

bool is_stored_event(std::string_view event) {
    return event == "message" || event == "conversation_started" || event == "subscribed" ||
           event == "unsubscribed" || event == "delivered" || event == "seen" || event == "failed";
}

std::optional<std::string> user_of(const json& callback, std::string_view event) {
    if (event == "message") {
        if (const json* sender = object_at(callback, "sender")) {
            return string_at(*sender, "id");
        }
        return std::nullopt;
    }
    if (event == "conversation_started" || event == "subscribed") {
        if (const json* user = object_at(callback, "user")) {
            return string_at(*user, "id");
        }
        return std::nullopt;
    }
    return string_at(callback, "user_id");
}

std::string dedupe_key_of(const json& callback, std::string_view event, std::string_view body) {
    auto token = integer_text_at(callback, "message_token");
    if (!token) {
        return "sha256:" + channels::to_hex(channels::sha256(body));
    }
    if (event == "message") {
        return *token;
    }
    return std::string(event) + ":" + *token;
}

channels::result<read_callback> read(std::string_view body) {
    auto parsed = channels::parse_json_object(body);
    if (!parsed) {
        return parsed.error();
    }
    read_callback out;
    out.callback = std::move(parsed).value();
    out.event = string_at(out.callback, "event").value_or("");
    if (out.event.empty()) {
        out.note = "callback without an event name";
        return out;
    }
    if (out.event == "webhook") {
        out.action = envelope_action::acknowledge;
        out.note = "webhook verification";
        return out;
    }
    if (!is_stored_event(out.event)) {
        out.note = out.event + " is not used";
        return out;
    }
    auto user = user_of(out.callback, out.event);
    if (!user || user->empty()) {
        out.note = out.event + " without a user id";
        return out;
    }
    out.user_id = *user;
    out.dedupe_key = dedupe_key_of(out.callback, out.event, body);
    out.action = envelope_action::store;
    return out;
}

void take_profile(const json* profile, inbound_event& event) {
    if (profile == nullptr) {
        return;
    }
    event.language_hint = string_at(*profile, "language").value_or("");
    event.display_name = string_at(*profile, "name").value_or("");
}

channels::event_body text_body(std::string text) {
    if (text.size() > choice_prefix.size() && text.starts_with(choice_prefix)) {
        return channels::choice_event{text.substr(choice_prefix.size())};
    }
    if (auto command = channels::parse_command(text)) {
        return *std::move(command);
    }
    return channels::text_event{std::move(text)};
}

channels::event_body message_body(const json& message) {
    const std::string type = string_at(message, "type").value_or("");
    if (type == "text") {
        return text_body(string_at(message, "text").value_or(""));
    }
    if (type == "url") {
        return channels::text_event{string_at(message, "media").value_or("")};
    }
    if (type == "picture" || type == "video" || type == "file") {
        channels::media_event media;
        media.kind = type == "picture" ? channels::media_kind::photo
                     : type == "video" ? channels::media_kind::video
                                       : channels::media_kind::document;
        media.reference = string_at(message, "media").value_or("");
        media.caption = string_at(message, "text").value_or("");
        media.file_name = string_at(message, "file_name").value_or("");
        return media;
    }
    if (type == "sticker") {
        channels::media_event media;
        media.kind = channels::media_kind::sticker;
        media.reference = integer_text_at(message, "sticker_id").value_or("");
        return media;
    }
    if (type == "contact") {
        channels::contact_event contact;
        if (const json* shared = object_at(message, "contact")) {
            contact.phone = string_at(*shared, "phone_number").value_or("");
            contact.name = string_at(*shared, "name").value_or("");
        }
        return contact;
    }
    if (type == "location") {
        if (const json* location = object_at(message, "location")) {
            auto latitude = channels::number_at(*location, "lat");
            auto longitude = channels::number_at(*location, "lon");
            if (latitude && longitude) {
                return channels::location_event{*latitude, *longitude};
            }
        }
        return channels::ignored_event{"location without coordinates"};
    }
    return channels::ignored_event{"unsupported message type " + type};
}

channels::delivery_state state_of(std::string_view event) {
    if (event == "seen") {
        return channels::delivery_state::seen;
    }
    if (event == "failed") {
        return channels::delivery_state::failed;
    }
    return channels::delivery_state::delivered;
}

}  // namespace

channels::result<envelope> read_envelope(std::string_view body) {
    auto callback = read(body);
    if (!callback) {
        return callback.error();
    }
    envelope out;
    out.action = callback->action;
    out.kind = callback->event;
    out.note = callback->note;
    if (out.action == envelope_action::store) {
        out.dedupe_key = callback->dedupe_key;
        out.chat_key = callback->user_id;
    }
    return out;
}

channels::result<std::vector<inbound_event>> to_events(std::string_view body) {
    auto callback = read(body);
    if (!callback) {
        return callback.error();
    }
    std::vector<inbound_event> events;
    if (callback->action != envelope_action::store) {
        return events;
    }
    const json& c = callback->callback;
    const std::string& name = callback->event;
    inbound_event event;
    event.channel = std::string(channel_name);
    event.chat_key = callback->user_id;
    event.dedupe_key = callback->dedupe_key;
    event.unix_time = int64_at(c, "timestamp").value_or(0) / 1000;  // Viber sends milliseconds
    if (name == "message") {
        take_profile(object_at(c, "sender"), event);
        event.platform_message_id = integer_text_at(c, "message_token").value_or("");
        const json* message = object_at(c, "message");
        event.body = message != nullptr
                         ? message_body(*message)
                         : channels::event_body{channels::ignored_event{"message without content"}};
    } else if (name == "conversation_started") {
        take_profile(object_at(c, "user"), event);
        channels::conversation_started_event started;
        started.context = string_at(c, "context").value_or("");
        started.subscribed = channels::bool_at(c, "subscribed").value_or(false);
        event.body = std::move(started);
    } else if (name == "subscribed") {
        take_profile(object_at(c, "user"), event);
        event.body = channels::subscribed_event{};
    } else if (name == "unsubscribed") {
        event.body = channels::unsubscribed_event{};
    } else {
        channels::delivery_status_event status;
        status.state = state_of(name);
        status.message_token = integer_text_at(c, "message_token").value_or("");
        status.description = string_at(c, "desc").value_or("");
        event.body = std::move(status);
    }
    events.push_back(std::move(event));
    return events;
}

}  // namespace zaedno::viber
