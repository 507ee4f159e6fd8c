// Telegram Update fixtures → envelope and events, one captured-style case per file.
#include "integrations/telegram/parse.hpp"

#include <filesystem>

#include <gtest/gtest.h>

#include "integrations/text.hpp"
#include "tests/integrations/fixture.hpp"
#include "tests/support/paths.hpp"

namespace zaedno::telegram {
namespace {

using channels::envelope_action;

std::string fixture(std::string_view name) {
    return test::read_fixture("telegram/" + std::string(name) + ".json");
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

TEST(telegram_parse, text_message_is_stored_by_update_id_and_chat) {
    auto env = envelope_of("text_hello");
    EXPECT_EQ(env.action, envelope_action::store);
    EXPECT_EQ(env.dedupe_key, "700000001");
    EXPECT_EQ(env.chat_key, "111222333");
    EXPECT_EQ(env.kind, "message");
}

TEST(telegram_parse, text_message_becomes_text_event_with_hints) {
    auto event = only_event("text_hello");
    EXPECT_EQ(event.channel, "telegram");
    EXPECT_EQ(event.chat_key, "111222333");
    EXPECT_EQ(event.dedupe_key, "700000001");
    EXPECT_EQ(body_as<channels::text_event>(event).text, "Привіт");
    EXPECT_EQ(event.language_hint, "uk");
    EXPECT_EQ(event.display_name, "Олена");
    EXPECT_EQ(event.platform_message_id, "42");
    EXPECT_EQ(event.unix_time, 1764072000);
    EXPECT_TRUE(event.callback_query_id.empty());
}

TEST(telegram_parse, start_command_drops_bot_suffix_and_keeps_deep_link_payload) {
    auto command = body_as<channels::command_event>(only_event("command_start_with_payload"));
    EXPECT_EQ(command.name, "start");
    EXPECT_EQ(command.payload, "ref-clinic_42");
}

TEST(telegram_parse, bare_command_has_empty_payload) {
    auto command = body_as<channels::command_event>(only_event("command_forget"));
    EXPECT_EQ(command.name, "forget");
    EXPECT_EQ(command.payload, "");
}

TEST(telegram_parse, slash_path_is_text_not_command) {
    EXPECT_EQ(
        body_as<channels::text_event>(only_event("text_not_a_command")).text, "/path/to/file"
    );
}

TEST(telegram_parse, callback_query_becomes_choice_event) {
    auto env = envelope_of("callback_query");
    EXPECT_EQ(env.action, envelope_action::store);
    EXPECT_EQ(env.chat_key, "111222333");
    EXPECT_EQ(env.kind, "callback_query");
    auto event = only_event("callback_query");
    EXPECT_EQ(body_as<channels::choice_event>(event).id, "housing");
    EXPECT_EQ(event.callback_query_id, "4382bfdwdsb323b2d9");
    EXPECT_EQ(event.platform_message_id, "77");
    EXPECT_EQ(event.language_hint, "uk");
    EXPECT_EQ(event.display_name, "Олена");  // the presser, not the bot that sent the message
}

TEST(telegram_parse, callback_query_without_data_is_ignored_but_keeps_callback_id) {
    auto event = only_event("callback_query_without_data");
    EXPECT_TRUE(std::holds_alternative<channels::ignored_event>(event.body));
    EXPECT_EQ(event.callback_query_id, "9911");
}

TEST(telegram_parse, callback_on_inline_message_uses_the_presser_as_chat) {
    auto env = envelope_of("callback_query_inline_message");
    EXPECT_EQ(env.action, envelope_action::store);
    EXPECT_EQ(env.chat_key, "555666777");
}

TEST(telegram_parse, callback_in_group_is_ignored) {
    EXPECT_EQ(envelope_of("callback_query_in_group").action, envelope_action::ignore);
    auto events = to_events(fixture("callback_query_in_group"));
    ASSERT_TRUE(events.has_value());
    EXPECT_TRUE(events->empty());
}

TEST(telegram_parse, own_contact_share_becomes_contact_event) {
    auto contact = body_as<channels::contact_event>(only_event("contact_own"));
    EXPECT_EQ(contact.phone, "+359888123456");
    EXPECT_EQ(contact.name, "Олена Коваль");
    EXPECT_TRUE(contact.own);
}

TEST(telegram_parse, forwarded_contact_is_not_own) {
    auto contact = body_as<channels::contact_event>(only_event("contact_other"));
    EXPECT_EQ(contact.phone, "+380501112233");
    EXPECT_EQ(contact.name, "Ivan");
    EXPECT_FALSE(contact.own);
}

TEST(telegram_parse, location_becomes_location_event) {
    auto location = body_as<channels::location_event>(only_event("location"));
    EXPECT_DOUBLE_EQ(location.latitude, 42.697708);
    EXPECT_DOUBLE_EQ(location.longitude, 23.321867);
}

TEST(telegram_parse, venue_becomes_location_event) {
    auto location = body_as<channels::location_event>(only_event("venue"));
    EXPECT_DOUBLE_EQ(location.latitude, 42.69);
}

TEST(telegram_parse, location_with_bad_coordinates_is_ignored_event) {
    EXPECT_TRUE(std::holds_alternative<channels::ignored_event>(
        only_event("location_without_coordinates").body
    ));
}

TEST(telegram_parse, photo_keeps_largest_size_and_caption) {
    auto media = body_as<channels::media_event>(only_event("photo_with_caption"));
    EXPECT_EQ(media.kind, channels::media_kind::photo);
    EXPECT_EQ(media.reference, "large-id");
    EXPECT_EQ(media.caption, "мій документ");
}

TEST(telegram_parse, voice_document_video_sticker_become_media_events) {
    struct expectation {
        std::string_view fixture;
        channels::media_kind kind;
        std::string_view reference;
    };

    const expectation cases[] = {
        {"voice", channels::media_kind::voice, "voice-id"},
        {"document", channels::media_kind::document, "doc-id"},
        {"video", channels::media_kind::video, "video-id"},
        {"sticker", channels::media_kind::sticker, "sticker-id"},
        {"animation_gif", channels::media_kind::video, "anim-id"},
    };
    for (const auto& c : cases) {
        auto media = body_as<channels::media_event>(only_event(c.fixture));
        EXPECT_EQ(media.kind, c.kind) << c.fixture;
        EXPECT_EQ(media.reference, c.reference) << c.fixture;
    }
    EXPECT_EQ(body_as<channels::media_event>(only_event("document")).file_name, "passport.pdf");
}

TEST(telegram_parse, kicked_membership_becomes_blocked) {
    auto env = envelope_of("my_chat_member_kicked");
    EXPECT_EQ(env.action, envelope_action::store);
    EXPECT_EQ(env.kind, "my_chat_member");
    auto event = only_event("my_chat_member_kicked");
    EXPECT_TRUE(std::holds_alternative<channels::blocked_event>(event.body));
    EXPECT_EQ(event.unix_time, 1764072100);
}

TEST(telegram_parse, member_again_becomes_unblocked) {
    EXPECT_TRUE(
        std::holds_alternative<channels::unblocked_event>(only_event("my_chat_member_member").body)
    );
}

TEST(telegram_parse, bot_added_to_group_is_ignored) {
    EXPECT_EQ(envelope_of("my_chat_member_in_group").action, envelope_action::ignore);
}

TEST(telegram_parse, edited_message_is_ignored) {
    auto env = envelope_of("edited_message");
    EXPECT_EQ(env.action, envelope_action::ignore);
    EXPECT_EQ(env.kind, "edited_message");
    EXPECT_FALSE(env.note.empty());
}

TEST(telegram_parse, group_and_supergroup_messages_are_ignored) {
    EXPECT_EQ(envelope_of("group_message").action, envelope_action::ignore);
    EXPECT_EQ(envelope_of("supergroup_message").action, envelope_action::ignore);
    EXPECT_EQ(envelope_of("channel_post").action, envelope_action::ignore);
}

TEST(telegram_parse, unknown_update_kinds_are_ignored_not_errors) {
    EXPECT_EQ(envelope_of("unknown_future_kind").action, envelope_action::ignore);
    EXPECT_EQ(envelope_of("only_update_id").action, envelope_action::ignore);
    auto events = to_events(fixture("unknown_future_kind"));
    ASSERT_TRUE(events.has_value());
    EXPECT_TRUE(events->empty());
}

TEST(telegram_parse, unsupported_content_in_private_chat_is_stored_as_ignored_event) {
    EXPECT_EQ(envelope_of("poll_in_private_chat").action, envelope_action::store);
    auto event = only_event("poll_in_private_chat");
    EXPECT_EQ(body_as<channels::ignored_event>(event).reason, "unsupported message content");
}

TEST(telegram_parse, ids_above_32_bits_survive_as_decimal) {
    auto env = envelope_of("large_ids");
    EXPECT_EQ(env.dedupe_key, "2147483648123");
    EXPECT_EQ(env.chat_key, "4503599627370495");
    auto event = only_event("large_ids");
    EXPECT_EQ(event.platform_message_id, "4294967297");
    EXPECT_EQ(event.language_hint, "");
}

TEST(telegram_parse, malformed_json_is_a_parse_error) {
    for (std::string_view name : {"malformed_truncated", "not_an_object", "empty_body"}) {
        auto env = read_envelope(fixture(name));
        EXPECT_FALSE(env.has_value()) << name;
        EXPECT_FALSE(to_events(fixture(name)).has_value()) << name;
    }
}

TEST(telegram_parse, update_without_integer_update_id_is_a_parse_error_at_that_pointer) {
    for (std::string_view name :
         {"missing_update_id", "update_id_as_string", "update_id_as_float"}) {
        auto env = read_envelope(fixture(name));
        ASSERT_FALSE(env.has_value()) << name;
        EXPECT_EQ(env.error().pointer, "/update_id") << name;
    }
}

TEST(telegram_parse, message_without_sender_still_reads) {
    auto event = only_event("message_without_from");
    EXPECT_EQ(body_as<channels::text_event>(event).text, "anon");
    EXPECT_EQ(event.display_name, "");
}

TEST(telegram_parse, message_without_chat_is_ignored) {
    EXPECT_EQ(envelope_of("message_without_chat").action, envelope_action::ignore);
}

TEST(telegram_parse, null_fields_do_not_crash) {
    auto event = only_event("message_with_null_fields");
    EXPECT_TRUE(std::holds_alternative<channels::ignored_event>(event.body));
}

TEST(telegram_parse, invalid_utf8_in_text_is_repaired_not_rejected) {
    auto env = envelope_of("text_with_invalid_utf8");
    EXPECT_EQ(env.action, envelope_action::store);
    auto text = body_as<channels::text_event>(only_event("text_with_invalid_utf8")).text;
    EXPECT_TRUE(channels::is_valid_utf8(text));
    EXPECT_EQ(text.rfind("hello ", 0), 0u);
    EXPECT_NE(text.find("\uFFFD"), std::string::npos);
    EXPECT_NE(text.find(" world"), std::string::npos);
}

TEST(telegram_parse, arabic_text_and_language_hint) {
    auto event = only_event("text_arabic_rtl");
    EXPECT_EQ(body_as<channels::text_event>(event).text, "مرحبا، أحتاج مساعدة");
    EXPECT_EQ(event.language_hint, "ar");
}

}  // namespace
}  // namespace zaedno::telegram

namespace zaedno::telegram {
namespace {

// The envelope and the events of one update must agree.
void expect_store(std::string_view body, std::string_view dedupe_key, std::string_view chat_key) {
    auto env = read_envelope(body);
    ASSERT_TRUE(env.has_value()) << body;
    EXPECT_EQ(env->action, channels::envelope_action::store) << body;
    EXPECT_EQ(env->dedupe_key, dedupe_key) << body;
    EXPECT_EQ(env->chat_key, chat_key) << body;
    auto events = to_events(body);
    ASSERT_TRUE(events.has_value()) << body;
    ASSERT_EQ(events->size(), 1u) << body;
    EXPECT_EQ(events->front().chat_key, chat_key) << body;
    EXPECT_EQ(events->front().dedupe_key, dedupe_key) << body;
}

void expect_ignore(std::string_view body, std::string_view kind) {
    auto env = read_envelope(body);
    ASSERT_TRUE(env.has_value()) << body;
    EXPECT_EQ(env->action, channels::envelope_action::ignore) << body;
    EXPECT_EQ(env->kind, kind) << body;
    auto events = to_events(body);
    ASSERT_TRUE(events.has_value()) << body;
    EXPECT_TRUE(events->empty()) << body;
}

TEST(telegram_parse, the_webhook_reading_gives_what_the_two_readers_give_for_every_fixture) {
    int compared = 0;
    for (const auto& entry :
         std::filesystem::directory_iterator(zaedno::test::fixtures_dir() / "telegram")) {
        if (entry.path().extension() != ".json") {
            continue;
        }
        const std::string name = entry.path().stem().string();
        const std::string body = fixture(name);
        auto both = read_webhook(body);
        auto env = read_envelope(body);
        ASSERT_EQ(both.has_value(), env.has_value()) << name;
        ++compared;
        if (!env) {
            EXPECT_EQ(both.error(), env.error()) << name;
            continue;
        }
        EXPECT_EQ(both->envelope.action, env->action) << name;
        EXPECT_EQ(both->envelope.kind, env->kind) << name;
        EXPECT_EQ(both->envelope.note, env->note) << name;
        EXPECT_EQ(both->envelope.dedupe_key, env->dedupe_key) << name;
        EXPECT_EQ(both->envelope.chat_key, env->chat_key) << name;
        if (env->ignorable()) {
            EXPECT_FALSE(both->events.has_value()) << name;  // nothing to process
            continue;
        }
        auto events = to_events(body);
        ASSERT_TRUE(events.has_value()) << name;
        ASSERT_TRUE(both->events.has_value()) << name;
        ASSERT_EQ(both->events->size(), events->size()) << name;
        for (std::size_t i = 0; i < events->size(); ++i) {
            const auto& a = (*both->events)[i];
            const auto& b = (*events)[i];
            EXPECT_EQ(a.body, b.body) << name;
            EXPECT_EQ(a.chat_key, b.chat_key) << name;
            EXPECT_EQ(a.dedupe_key, b.dedupe_key) << name;
            EXPECT_EQ(a.language_hint, b.language_hint) << name;
            EXPECT_EQ(a.display_name, b.display_name) << name;
            EXPECT_EQ(a.callback_query_id, b.callback_query_id) << name;
        }
    }
    EXPECT_GE(compared, 40);
}

TEST(telegram_parse, duplicate_members_resolve_to_the_last_in_both_readers) {
    expect_store(
        R"({"update_id":1,"message":{"chat":{"id":5,"type":"group"},"chat":{"id":6,"type":"private"},"text":"x"}})",
        "1",
        "6"
    );
    expect_store(
        R"({"update_id":"x","update_id":7,"message":{"chat":{"type":"private","id":8}}})", "7", "8"
    );
    expect_ignore(
        R"({"update_id":1,"message":{"chat":{"id":5,"type":"private"}},"message":null})", "message"
    );
    expect_ignore(
        R"({"update_id":1,"message":{"chat":{"id":5,"type":"private"},"chat":{"id":5,"type":"group"}}})",
        "message"
    );
}

TEST(telegram_parse, chat_ids_given_as_decimal_strings_are_accepted) {
    expect_store(
        R"({"update_id":2,"message":{"chat":{"id":"-100123","type":"private"}}})", "2", "-100123"
    );
    expect_ignore(R"({"update_id":2,"message":{"chat":{"id":"12a","type":"private"}}})", "message");
    expect_ignore(R"({"update_id":2,"message":{"chat":{"id":1.5,"type":"private"}}})", "message");
}

TEST(telegram_parse, handled_kinds_take_priority_over_other_members) {
    expect_store(
        R"({"update_id":3,"aaa":{},"my_chat_member":{"chat":{"id":9,"type":"private"},"new_chat_member":{"status":"kicked"}}})",
        "3",
        "9"
    );
    expect_store(
        R"({"update_id":4,"callback_query":{"id":"q","from":{"id":11},"data":"d"},"message":{"chat":{"id":12,"type":"private"}}})",
        "4",
        "12"
    );
    expect_store(
        R"({"update_id":5,"callback_query":{"id":"q","message":[],"from":{"id":13}}})", "5", "13"
    );
    expect_ignore(R"({"update_id":6,"zzz":1,"bbb":[{"message":{}}]})", "bbb");
}

TEST(telegram_parse, members_nested_in_arrays_are_not_mistaken_for_the_chat) {
    expect_ignore(
        R"({"update_id":7,"message":{"x":[{"chat":{"id":1,"type":"private"}}]}})", "message"
    );
}

}  // namespace
}  // namespace zaedno::telegram
