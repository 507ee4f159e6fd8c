// Names of the neutral value types' alternatives, for logs and metrics labels.
#include "integrations/channel.hpp"

#include "bot/common/overloaded.hpp"

namespace zaedno::channels {
std::string problem::describe() const {
    return pointer.empty() ? message : pointer + ": " + message;
}

std::string_view kind_name(const event_body& body) {
    return std::visit(
        overloaded{
            [](const text_event&) { return std::string_view{"text"}; },
            [](const command_event&) { return std::string_view{"command"}; },
            [](const choice_event&) { return std::string_view{"choice"}; },
            [](const contact_event&) { return std::string_view{"contact"}; },
            [](const location_event&) { return std::string_view{"location"}; },
            [](const media_event&) { return std::string_view{"media"}; },
            [](const conversation_started_event&) {
                return std::string_view{"conversation_started"};
            },
            [](const subscribed_event&) { return std::string_view{"subscribed"}; },
            [](const unsubscribed_event&) { return std::string_view{"unsubscribed"}; },
            [](const blocked_event&) { return std::string_view{"blocked"}; },
            [](const unblocked_event&) { return std::string_view{"unblocked"}; },
            [](const delivery_status_event&) { return std::string_view{"delivery_status"}; },
            [](const ignored_event&) { return std::string_view{"ignored"}; },
        },
        body
    );
}

std::string_view media_kind_name(media_kind kind) {
    switch (kind) {
        case media_kind::photo:
            return "photo";
        case media_kind::voice:
            return "voice";
        case media_kind::audio:
            return "audio";
        case media_kind::document:
            return "document";
        case media_kind::video:
            return "video";
        case media_kind::sticker:
            return "sticker";
    }
    return "document";
}

std::string_view delivery_state_name(delivery_state state) {
    switch (state) {
        case delivery_state::delivered:
            return "delivered";
        case delivery_state::seen:
            return "seen";
        case delivery_state::failed:
            return "failed";
    }
    return "failed";
}

std::string_view outcome_name(const send_outcome& outcome) {
    return std::visit(
        overloaded{
            [](const outcome::sent&) { return std::string_view{"sent"}; },
            [](const outcome::retry_after&) { return std::string_view{"retry_after"}; },
            [](const outcome::transient&) { return std::string_view{"transient"}; },
            [](const outcome::permanent&) { return std::string_view{"permanent"}; },
            [](const outcome::unreachable&) { return std::string_view{"unreachable"}; },
        },
        outcome
    );
}

bool is_retryable(const send_outcome& outcome) {
    return std::holds_alternative<outcome::retry_after>(outcome) ||
           std::holds_alternative<outcome::transient>(outcome);
}

}  // namespace zaedno::channels
