// Viber callback fixtures → envelope and events, one captured-style case per file.
#include "integrations/viber/parse.hpp"

#include <gtest/gtest.h>

#include "integrations/crypto.hpp"
#include "integrations/text.hpp"
#include "tests/integrations/fixture.hpp"

namespace zaedno::viber {
namespace {

using channels::envelope_action;

std::string fixture(std::string_view name) {
    return test::read_fixture("viber/" + std::string(name) + ".json");
}

channels::envelope envelope_of(std::string_view name) {
    auto env = read_envelope(fixture(name));
    EXPECT_TRUE(env.has_value()) << name << ": " << (env ? "" : env.error().describe());
    return env ? *env : channels::envelope{};
}

channels::inbound_event only_event(std::string_view name) {
    auto events = to_events(fixture(name));
    EXPECT_TRUE(events.has_value()) << name;
    if (!events || events->size() != 1) {
        ADD_FAILURE() << name << ": expected exactly one event";
        return {};
    }
    return events->front();
}

template <class T>
T body_as(const channels::inbound_event& event) {
    const T* body = std::get_if<T>(&event.body);
    if (body == nullptr) {
        ADD_FAILURE() << "event kind is " << channels::kind_name(event.body);
        return T{};
    }
    return *body;
}

TEST(viber_parse, webhook_verification_is_acknowledged_without_storing) {
    auto env = envelope_of("webhook_verification");
    EXPECT_EQ(env.action, envelope_action::acknowledge);
    EXPECT_TRUE(env.ignorable());
    auto events = to_events(fixture("webhook_verification"));
    ASSERT_TRUE(events.has_value());
    EXPECT_TRUE(events->empty());
}

TEST(viber_parse, text_message_is_stored_by_message_token_and_sender) {
    auto env = envelope_of("message_text");
    EXPECT_EQ(env.action, envelope_action::store);
    EXPECT_EQ(env.dedupe_key, "5121398412345678901");
    EXPECT_EQ(env.chat_key, "01234567890A=");
    EXPECT_EQ(env.kind, "message");
}

TEST(viber_parse, text_message_becomes_text_event_with_hints) {
    auto event = only_event("message_text");
    EXPECT_EQ(event.channel, "viber");
    EXPECT_EQ(event.chat_key, "01234567890A=");
    EXPECT_EQ(body_as<channels::text_event>(event).text, "Добрий день");
    EXPECT_EQ(event.language_hint, "uk");
    EXPECT_EQ(event.display_name, "Олена");
    EXPECT_EQ(event.unix_time, 1764072000);
    EXPECT_EQ(event.platform_message_id, "5121398412345678901");
}

TEST(viber_parse, keyboard_reply_becomes_choice_event) {
    EXPECT_EQ(body_as<channels::choice_event>(only_event("message_keyboard_reply")).id, "housing");
}

TEST(viber_parse, bare_prefix_is_text) {
    EXPECT_EQ(body_as<channels::text_event>(only_event("message_bare_prefix_is_text")).text, "c:");
}

TEST(viber_parse, slash_text_becomes_command) {
    EXPECT_EQ(body_as<channels::command_event>(only_event("message_command")).name, "forget");
}

TEST(viber_parse, picture_video_file_sticker_become_media_events) {
    auto picture = body_as<channels::media_event>(only_event("message_picture"));
    EXPECT_EQ(picture.kind, channels::media_kind::photo);
    EXPECT_EQ(picture.reference, "https://dl-media.viber.com/1/share/2/long/pic.jpg");
    EXPECT_EQ(picture.caption, "мій паспорт");
    auto video = body_as<channels::media_event>(only_event("message_video"));
    EXPECT_EQ(video.kind, channels::media_kind::video);
    auto file = body_as<channels::media_event>(only_event("message_file"));
    EXPECT_EQ(file.kind, channels::media_kind::document);
    EXPECT_EQ(file.file_name, "lease.pdf");
    auto sticker = body_as<channels::media_event>(only_event("message_sticker"));
    EXPECT_EQ(sticker.kind, channels::media_kind::sticker);
    EXPECT_EQ(sticker.reference, "46105");
}

TEST(viber_parse, contact_location_and_url_messages) {
    auto contact = body_as<channels::contact_event>(only_event("message_contact"));
    EXPECT_EQ(contact.phone, "+359888123456");
    EXPECT_EQ(contact.name, "Olena K");
    auto location = body_as<channels::location_event>(only_event("message_location"));
    EXPECT_DOUBLE_EQ(location.latitude, 42.6977);
    EXPECT_DOUBLE_EQ(location.longitude, 23.3219);
    EXPECT_EQ(
        body_as<channels::text_event>(only_event("message_url")).text, "https://example.org/form"
    );
}

TEST(viber_parse, unknown_message_type_is_stored_as_ignored_event) {
    EXPECT_EQ(envelope_of("message_unknown_type").action, envelope_action::store);
    EXPECT_EQ(
        body_as<channels::ignored_event>(only_event("message_unknown_type")).reason,
        "unsupported message type rich_media"
    );
    EXPECT_TRUE(
        std::holds_alternative<channels::ignored_event>(only_event("message_without_content").body)
    );
}

TEST(viber_parse, sixty_four_bit_tokens_keep_every_digit) {
    EXPECT_EQ(envelope_of("message_token_above_2_53").dedupe_key, "4912661846655238145");
    EXPECT_EQ(envelope_of("message_token_max_uint64").dedupe_key, "18446744073709551615");
    EXPECT_EQ(envelope_of("message_token_as_string").dedupe_key, "5121398412345678913");
}

TEST(viber_parse, missing_or_float_token_falls_back_to_a_body_hash) {
    for (std::string_view name : {"message_without_token", "message_token_as_float"}) {
        auto env = envelope_of(name);
        EXPECT_EQ(env.action, envelope_action::store) << name;
        EXPECT_EQ(env.dedupe_key, "sha256:" + channels::to_hex(channels::sha256(fixture(name))))
            << name;
    }
}

TEST(viber_parse, message_without_sender_is_ignored) {
    EXPECT_EQ(envelope_of("message_without_sender").action, envelope_action::ignore);
}

TEST(viber_parse, conversation_started_carries_context_and_language) {
    auto env = envelope_of("conversation_started");
    EXPECT_EQ(env.action, envelope_action::store);
    EXPECT_EQ(env.dedupe_key, "conversation_started:5121398412345670001");
    auto event = only_event("conversation_started");
    auto started = body_as<channels::conversation_started_event>(event);
    EXPECT_EQ(started.context, "clinic-42");
    EXPECT_FALSE(started.subscribed);
    EXPECT_EQ(event.language_hint, "ar");
    EXPECT_EQ(event.display_name, "أحمد");
}

TEST(viber_parse, subscribe_and_unsubscribe_events) {
    auto subscribed = only_event("subscribed");
    EXPECT_TRUE(std::holds_alternative<channels::subscribed_event>(subscribed.body));
    EXPECT_EQ(subscribed.chat_key, "01234567890A=");
    auto unsubscribed = only_event("unsubscribed");
    EXPECT_TRUE(std::holds_alternative<channels::unsubscribed_event>(unsubscribed.body));
    EXPECT_EQ(unsubscribed.chat_key, "01234567890A=");
}

TEST(viber_parse, delivery_reports_are_keyed_apart_from_the_message_they_report) {
    const auto message = envelope_of("message_text");
    const auto delivered = envelope_of("delivered");
    const auto seen = envelope_of("seen");
    EXPECT_EQ(delivered.dedupe_key, "delivered:5121398412345678901");
    EXPECT_EQ(seen.dedupe_key, "seen:5121398412345678901");
    EXPECT_NE(message.dedupe_key, delivered.dedupe_key);
    auto status = body_as<channels::delivery_status_event>(only_event("seen"));
    EXPECT_EQ(status.state, channels::delivery_state::seen);
    EXPECT_EQ(status.message_token, "5121398412345678901");
    auto failed = body_as<channels::delivery_status_event>(only_event("failed"));
    EXPECT_EQ(failed.state, channels::delivery_state::failed);
    EXPECT_EQ(failed.message_token, "4912661846655238145");
    EXPECT_EQ(failed.description, "failure description");
    EXPECT_EQ(
        body_as<channels::delivery_status_event>(only_event("delivered")).state,
        channels::delivery_state::delivered
    );
}

TEST(viber_parse, unknown_events_and_missing_event_names_are_ignored) {
    EXPECT_EQ(envelope_of("client_status_unknown_event").action, envelope_action::ignore);
    EXPECT_EQ(envelope_of("no_event_field").action, envelope_action::ignore);
}

TEST(viber_parse, malformed_json_is_a_parse_error) {
    for (std::string_view name : {"malformed_truncated", "not_an_object"}) {
        EXPECT_FALSE(read_envelope(fixture(name)).has_value()) << name;
        EXPECT_FALSE(to_events(fixture(name)).has_value()) << name;
    }
}

TEST(viber_parse, invalid_utf8_in_text_is_repaired_not_rejected) {
    auto text = body_as<channels::text_event>(only_event("message_text_invalid_utf8")).text;
    EXPECT_TRUE(channels::is_valid_utf8(text));
    EXPECT_NE(text.find("\uFFFD"), std::string::npos);
}

}  // namespace
}  // namespace zaedno::viber
