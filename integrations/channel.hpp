// Neutral value types shared by the channel adapters and the delivery code: what came in, what
// goes out, and what a platform's answer to a send means. Independent of the dialog engine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace zaedno::channels {

/// Why untrusted input was refused: a JSON pointer into it (may be empty) and a message.
struct problem {
    std::string pointer;
    std::string message;

    /// "pointer: message", or only the message when the pointer is empty.
    std::string describe() const;
    friend bool operator==(const problem&, const problem&) = default;
};

/// A value or the problem that prevented it. Parsers return this instead of throwing.
template <class T>
class result {
public:
    result(T value) : state_(std::in_place_index<0>, std::move(value)) {}

    result(problem error) : state_(std::in_place_index<1>, std::move(error)) {}

    bool has_value() const { return state_.index() == 0; }

    explicit operator bool() const { return has_value(); }

    T& value() & { return std::get<0>(state_); }

    const T& value() const& { return std::get<0>(state_); }

    T&& value() && { return std::get<0>(std::move(state_)); }

    T& operator*() & { return value(); }

    const T& operator*() const& { return value(); }

    T* operator->() { return &value(); }

    const T* operator->() const { return &value(); }

    const problem& error() const { return std::get<1>(state_); }

private:
    std::variant<T, problem> state_;
};

// ---- inbound ------------------------------------------------------------------------------

/// What the webhook handler should do with a request that passed authentication.
enum class envelope_action {
    store,        ///< durable inbox row keyed by (channel, dedupe_key), then 200
    ignore,       ///< 200 without storing (unknown kinds, group chats, edits)
    acknowledge,  ///< 200 without storing: a platform handshake (Viber "webhook" check)
};

/// The little the handler needs before storing: no engine, no rendering.
struct envelope {
    envelope_action action = envelope_action::ignore;
    std::string dedupe_key;  ///< set when action == store
    std::string chat_key;    ///< set when action == store
    std::string kind;        ///< platform kind: "message", "callback_query", "delivered", ...
    std::string note;        ///< why it is ignored / what it is, for logs (no personal data)

    bool ignorable() const { return action != envelope_action::store; }
};

struct text_event {
    std::string text;
    friend bool operator==(const text_event&, const text_event&) = default;
};

/// "/name payload": name lower-cased without the slash or any @botname suffix.
struct command_event {
    std::string name;
    std::string payload;  ///< for /start: the deep-link parameter
    friend bool operator==(const command_event&, const command_event&) = default;
};

/// A button press: the choice id the renderer put on the button (Telegram callback_data may be
/// the hashed form; match it with telegram::resolve_choice).
struct choice_event {
    std::string id;
    friend bool operator==(const choice_event&, const choice_event&) = default;
};

struct contact_event {
    std::string phone;
    std::string name;
    bool own = false;  ///< Telegram: the contact is the sender's own account
    friend bool operator==(const contact_event&, const contact_event&) = default;
};

struct location_event {
    double latitude = 0;
    double longitude = 0;
    friend bool operator==(const location_event&, const location_event&) = default;
};

enum class media_kind { photo, voice, audio, document, video, sticker };

struct media_event {
    media_kind kind = media_kind::document;
    std::string reference;  ///< Telegram file_id (per bot) or Viber media URL / sticker id
    std::string caption;
    std::string file_name;
    friend bool operator==(const media_event&, const media_event&) = default;
};

/// Viber opened the chat (not a subscription); context is the deep-link context.
struct conversation_started_event {
    std::string context;
    bool subscribed = false;
    friend bool operator==(const conversation_started_event&, const conversation_started_event&) =
        default;
};

struct subscribed_event {
    friend bool operator==(const subscribed_event&, const subscribed_event&) = default;
};

struct unsubscribed_event {
    friend bool operator==(const unsubscribed_event&, const unsubscribed_event&) = default;
};

struct blocked_event {
    friend bool operator==(const blocked_event&, const blocked_event&) = default;
};

struct unblocked_event {
    friend bool operator==(const unblocked_event&, const unblocked_event&) = default;
};

enum class delivery_state { delivered, seen, failed };

struct delivery_status_event {
    delivery_state state = delivery_state::delivered;
    std::string message_token;  ///< the platform id returned by sent{...}
    std::string description;    ///< Viber "desc" on failed
    friend bool operator==(const delivery_status_event&, const delivery_status_event&) = default;
};

/// Understood but nothing for the dialog to do (unknown message content, a callback without
/// data). Still carries callback_query_id when Telegram needs an answer.
struct ignored_event {
    std::string reason;
    friend bool operator==(const ignored_event&, const ignored_event&) = default;
};

using event_body = std::variant<
    text_event,
    command_event,
    choice_event,
    contact_event,
    location_event,
    media_event,
    conversation_started_event,
    subscribed_event,
    unsubscribed_event,
    blocked_event,
    unblocked_event,
    delivery_status_event,
    ignored_event>;

struct inbound_event {
    std::string channel;     ///< "telegram" | "viber" | "webchat"
    std::string chat_key;    ///< Telegram chat id (decimal), Viber user id, web-chat session
    std::string dedupe_key;  ///< Telegram update_id, Viber message_token, session:client_msg_id
    event_body body;
    std::string language_hint;        ///< Telegram from.language_code, Viber user language
    std::string display_name;         ///< first name; keep only for caseworkers
    std::string platform_message_id;  ///< Telegram message_id; empty when none
    std::string callback_query_id;    ///< Telegram: answer it with telegram::answer_callback
    std::int64_t unix_time = 0;       ///< seconds; 0 when the platform gives none (button presses)
};

/// A webhook's body read for the webhook: how to treat it and, for an update to store, its
/// events (nullopt when they do not parse: the update is then stored raw and fails later, on
/// record, without holding up the answer).
struct webhook_update {
    channels::envelope envelope;
    std::optional<std::vector<inbound_event>> events;
};

/// Stable lower-case name of the body's alternative ("text", "command", ..., "ignored").
std::string_view kind_name(const event_body& body);
std::string_view media_kind_name(media_kind kind);
std::string_view delivery_state_name(delivery_state state);

// ---- outbound -----------------------------------------------------------------------------

struct choice {
    std::string id;     ///< stable key from the dialog script
    std::string label;  ///< already translated
    friend bool operator==(const choice&, const choice&) = default;
};

/// One reply, already translated, in UTF-8. urgent = crisis help: jumps queues and pacing.
struct outgoing_message {
    std::string text;
    std::vector<choice> choices;
    bool urgent = false;
};

/// One HTTP call to a platform: method name and JSON body. A long text becomes several calls
/// with part_index 0..part_count-1; send them in order.
struct api_call {
    std::string method;  ///< "sendMessage", "answerCallbackQuery", "send_message", ...
    std::string body;    ///< JSON
    std::string chat_key;
    int part_index = 0;
    int part_count = 1;
};

// ---- what a send's answer means -------------------------------------------------------------

namespace outcome {
struct sent {
    std::string platform_message_id;  ///< Telegram message_id, Viber message_token; may be empty
    friend bool operator==(const sent&, const sent&) = default;
};

/// The platform said exactly when to try again (Telegram 429 parameters.retry_after).
struct retry_after {
    std::int64_t seconds = 0;
    friend bool operator==(const retry_after&, const retry_after&) = default;
};

/// Worth retrying with backoff: network failure, 5xx, rate limiting without a time.
struct transient {
    std::string reason;
    friend bool operator==(const transient&, const transient&) = default;
};

/// Final and a fault on our side or in the content: admins must see it.
struct permanent {
    std::string reason;
    friend bool operator==(const permanent&, const permanent&) = default;
};

/// Final for this person: blocked, deactivated, unsubscribed. Mark them and stop sending.
struct unreachable {
    std::string reason;
    friend bool operator==(const unreachable&, const unreachable&) = default;
};
}  // namespace outcome

using send_outcome = std::variant<
    outcome::sent,
    outcome::retry_after,
    outcome::transient,
    outcome::permanent,
    outcome::unreachable>;

/// "sent", "retry_after", "transient", "permanent" or "unreachable" (for metrics labels).
std::string_view outcome_name(const send_outcome& outcome);

/// Whether the delivery code should try this call again later.
bool is_retryable(const send_outcome& outcome);

}  // namespace zaedno::channels
