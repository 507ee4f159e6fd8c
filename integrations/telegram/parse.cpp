// Reading Telegram Updates: only private chats; commands, button presses, shares and media.
#include "integrations/telegram/parse.hpp"

#include <array>
#include <optional>
#include <string>

#include "integrations/json_input.hpp"
#include "integrations/text.hpp"

namespace zaedno::telegram {
namespace {

using channels::envelope;
using channels::envelope_action;
using channels::inbound_event;
using channels::int64_at;
using channels::integer_text_at;
using channels::object_at;
using channels::string_at;
using nlohmann::json;

constexpr std::array<std::string_view, 3> handled_kinds = {
    "message",
    "callback_query",
    "my_chat_member",
};

// Where an update belongs: its kind and the private chat's key, or the reason it is ignored.
struct located_update {
    std::string kind;
    std::string chat_key;
    std::string ignore_reason;
};

std::optional<std::string> private_chat_key(const json& chat_holder) {
    const json* chat = object_at(chat_holder, "chat");
    if (chat == nullptr || string_at(*chat, "type") != "private") {
        return std::nullopt;
    }
    return integer_text_at(*chat, "id");
}

std::string first_other_kind(const json& update) {
    for (const auto& [key, value] : update.items()) {
        if (key != "update_id") {
            return key;
        }
    }
    return {};
}

std::string ignore_reason_without_kind(const std::string& other) {
    return other.empty() ? "update without content" : other + " is not used";
}

std::string ignore_reason_outside_private(const std::string& kind) {
    return kind + " outside a private chat";
}

located_update locate(const json& update) {
    located_update where;
    const json* payload = nullptr;
    for (std::string_view kind : handled_kinds) {
        payload = object_at(update, kind);
        if (payload != nullptr) {
            where.kind = std::string(kind);
            break;
        }
    }
    if (payload == nullptr) {
        const std::string other = first_other_kind(update);
        where.ignore_reason = ignore_reason_without_kind(other);
        where.kind = other;
        return where;
    }
    std::optional<std::string> chat_key;
    if (where.kind == "callback_query") {
        const json* message = object_at(*payload, "message");
        if (message != nullptr) {
            chat_key = private_chat_key(*message);
        } else if (const json* from = object_at(*payload, "from")) {
            // Buttons on inline-mode messages have no chat; a private chat's id is the user's.
            chat_key = integer_text_at(*from, "id");
        }
    } else {
        chat_key = private_chat_key(*payload);
    }
    if (!chat_key) {
        where.ignore_reason = ignore_reason_outside_private(where.kind);
        return where;
    }
    where.chat_key = *chat_key;
    return where;
}

struct read_update {
    json update;
    std::string update_id;
    located_update where;
};

channels::result<read_update> read(std::string_view body) {
    auto parsed = channels::parse_json_object(body);
    if (!parsed) {
        return parsed.error();
    }
    read_update out;
    out.update = std::move(parsed).value();
    auto update_id = int64_at(out.update, "update_id");
    if (!update_id) {
        return channels::problem{"/update_id", "missing or not an integer"};
    }
    out.update_id = std::to_string(*update_id);
    out.where = locate(out.update);
    return out;
}

void take_sender(const json& holder, inbound_event& event) {
    const json* from = object_at(holder, "from");
    if (from == nullptr) {
        return;
    }
    event.language_hint = string_at(*from, "language_code").value_or("");
    event.display_name = string_at(*from, "first_name").value_or("");
}

std::string largest_photo_id(const json& sizes) {
    // Telegram lists the sizes of one picture in ascending order; keep the last usable one.
    std::string id;
    for (const json& size : sizes) {
        if (auto file_id = string_at(size, "file_id")) {
            id = *file_id;
        }
    }
    return id;
}

std::optional<channels::media_event> media_of(const json& message) {
    struct media_field {
        std::string_view field;
        channels::media_kind kind;
    };

    // animation before document: Telegram sends a GIF as both.
    static constexpr std::array<media_field, 8> fields = {{
        {"voice", channels::media_kind::voice},
        {"audio", channels::media_kind::audio},
        {"video", channels::media_kind::video},
        {"video_note", channels::media_kind::video},
        {"animation", channels::media_kind::video},
        {"document", channels::media_kind::document},
        {"sticker", channels::media_kind::sticker},
        {"photo", channels::media_kind::photo},
    }};
    for (const media_field& f : fields) {
        auto it = message.find(f.field);
        if (it == message.end()) {
            continue;
        }
        channels::media_event media;
        media.kind = f.kind;
        if (f.kind == channels::media_kind::photo) {
            if (!it->is_array()) {
                continue;
            }
            media.reference = largest_photo_id(*it);
        } else {
            if (!it->is_object()) {
                continue;
            }
            media.reference = string_at(*it, "file_id").value_or("");
            media.file_name = string_at(*it, "file_name").value_or("");
        }
        media.caption = string_at(message, "caption").value_or("");
        return media;
    }
    return std::nullopt;
}

channels::event_body message_body(const json& message) {
    if (auto text = string_at(message, "text")) {
        if (auto command = channels::parse_command(*text)) {
            return *std::move(command);
        }
        return channels::text_event{*std::move(text)};
    }
    if (const json* contact = object_at(message, "contact")) {
        channels::contact_event shared;
        shared.phone = string_at(*contact, "phone_number").value_or("");
        shared.name = string_at(*contact, "first_name").value_or("");
        if (auto last = string_at(*contact, "last_name"); last && !last->empty()) {
            shared.name += shared.name.empty() ? *last : " " + *last;
        }
        const json* from = object_at(message, "from");
        auto contact_user = integer_text_at(*contact, "user_id");
        shared.own =
            from != nullptr && contact_user && contact_user == integer_text_at(*from, "id");
        return shared;
    }
    const json* location = object_at(message, "location");
    if (location == nullptr) {
        if (const json* venue = object_at(message, "venue")) {
            location = object_at(*venue, "location");
        }
    }
    if (location != nullptr) {
        auto latitude = channels::number_at(*location, "latitude");
        auto longitude = channels::number_at(*location, "longitude");
        if (latitude && longitude) {
            return channels::location_event{*latitude, *longitude};
        }
        return channels::ignored_event{"location without coordinates"};
    }
    if (auto media = media_of(message)) {
        return *std::move(media);
    }
    return channels::ignored_event{"unsupported message content"};
}

inbound_event event_of_message(const json& message) {
    inbound_event event;
    take_sender(message, event);
    if (auto id = integer_text_at(message, "message_id")) {
        event.platform_message_id = *id;
    }
    event.unix_time = int64_at(message, "date").value_or(0);
    event.body = message_body(message);
    return event;
}

inbound_event event_of_callback(const json& callback) {
    inbound_event event;
    take_sender(callback, event);
    event.callback_query_id = string_at(callback, "id").value_or("");
    if (const json* message = object_at(callback, "message")) {
        event.platform_message_id = integer_text_at(*message, "message_id").value_or("");
    }
    if (auto data = string_at(callback, "data")) {
        event.body = channels::choice_event{*std::move(data)};
    } else {
        event.body = channels::ignored_event{"button press without callback data"};
    }
    return event;
}

inbound_event event_of_membership(const json& change) {
    inbound_event event;
    take_sender(change, event);
    event.unix_time = int64_at(change, "date").value_or(0);
    std::string status;
    if (const json* member = object_at(change, "new_chat_member")) {
        status = string_at(*member, "status").value_or("");
    }
    if (status == "kicked") {
        event.body = channels::blocked_event{};
    } else if (status == "member") {
        event.body = channels::unblocked_event{};
    } else {
        event.body = channels::ignored_event{"membership status " + status};
    }
    return event;
}

}  // namespace

namespace {

envelope envelope_of(const read_update& update) {
    envelope out;
    out.kind = update.where.kind;
    if (update.where.chat_key.empty()) {
        out.action = envelope_action::ignore;
        out.note = update.where.ignore_reason;
        return out;
    }
    out.action = envelope_action::store;
    out.dedupe_key = update.update_id;
    out.chat_key = update.where.chat_key;
    return out;
}

std::vector<inbound_event> events_of(const read_update& update) {
    std::vector<inbound_event> events;
    const located_update& where = update.where;
    if (where.chat_key.empty()) {
        return events;
    }
    const json& payload = update.update.at(where.kind);
    inbound_event event;
    if (where.kind == "message") {
        event = event_of_message(payload);
    } else if (where.kind == "callback_query") {
        event = event_of_callback(payload);
    } else {
        event = event_of_membership(payload);
    }
    event.channel = std::string(channel_name);
    event.chat_key = where.chat_key;
    event.dedupe_key = update.update_id;
    events.push_back(std::move(event));
    return events;
}

}  // namespace

channels::result<envelope> read_envelope(std::string_view body) {
    auto update = read(body);
    if (!update) {
        return update.error();
    }
    return envelope_of(*update);
}

channels::result<std::vector<inbound_event>> to_events(std::string_view body) {
    auto update = read(body);
    if (!update) {
        return update.error();
    }
    return events_of(*update);
}

channels::result<channels::webhook_update> read_webhook(std::string_view body) {
    auto update = read(body);
    if (!update) {
        return update.error();
    }
    channels::webhook_update out;
    out.envelope = envelope_of(*update);
    if (!out.envelope.ignorable()) {
        out.events = events_of(*update);
    }
    return out;
}

}  // namespace zaedno::telegram
