// Web-chat frames: parsing with pointed errors, events with session-scoped dedupe keys, rendering.
#include "integrations/webchat/protocol.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace zaedno::webchat {
namespace {

using nlohmann::json;

constexpr std::string_view session = "s_0123456789abcdef";

template <class T>
T frame_as(std::string_view text) {
    auto frame = parse_client_frame(text);
    EXPECT_TRUE(frame.has_value()) << text << ": " << (frame ? "" : frame.error().describe());
    if (!frame || !std::holds_alternative<T>(*frame)) {
        ADD_FAILURE() << "unexpected frame kind for " << text;
        return T{};
    }
    return std::get<T>(*frame);
}

std::string pointer_of_refusal(std::string_view text) {
    auto frame = parse_client_frame(text);
    EXPECT_FALSE(frame.has_value()) << text;
    return frame ? "" : frame.error().pointer;
}

TEST(webchat_protocol, hello_resumes_a_session_from_the_last_seen_seq) {
    auto hello = frame_as<hello_frame>(
        R"({"type":"hello","session":"s_0123456789abcdef","last_seen_seq":12,"language":"ar"})"
    );
    EXPECT_EQ(hello.session, session);
    EXPECT_EQ(hello.last_seen_seq, 12);
    EXPECT_EQ(hello.language, "ar");
}

TEST(webchat_protocol, hello_without_session_asks_for_a_new_one) {
    auto hello = frame_as<hello_frame>(R"({"type":"hello"})");
    EXPECT_EQ(hello.session, "");
    EXPECT_EQ(hello.last_seen_seq, 0);
    EXPECT_EQ(frame_as<hello_frame>(R"({"type":"hello","session":null})").session, "");
}

TEST(webchat_protocol, hello_with_bad_members_is_refused_at_the_member) {
    EXPECT_EQ(pointer_of_refusal(R"({"type":"hello","session":"short"})"), "/session");
    EXPECT_EQ(pointer_of_refusal(R"({"type":"hello","session":"s_0123456789abcde!"})"), "/session");
    EXPECT_EQ(pointer_of_refusal(R"({"type":"hello","session":42})"), "/session");
    EXPECT_EQ(pointer_of_refusal(R"({"type":"hello","last_seen_seq":-1})"), "/last_seen_seq");
    EXPECT_EQ(pointer_of_refusal(R"({"type":"hello","last_seen_seq":"3"})"), "/last_seen_seq");
    EXPECT_EQ(
        pointer_of_refusal(R"({"type":"hello","language":")" + std::string(40, 'a') + R"("})"),
        "/language"
    );
}

TEST(webchat_protocol, text_frame_becomes_text_event_keyed_by_session_and_client_id) {
    auto frame = frame_as<text_frame>(R"({"type":"text","text":"مرحبا","client_msg_id":"m-1"})");
    auto event = to_event(session, frame, 1764072000, "ar");
    EXPECT_EQ(event.channel, "webchat");
    EXPECT_EQ(event.chat_key, session);
    EXPECT_EQ(event.dedupe_key, "s_0123456789abcdef:m-1");
    EXPECT_EQ(event.language_hint, "ar");
    EXPECT_EQ(event.unix_time, 1764072000);
    ASSERT_TRUE(std::holds_alternative<channels::text_event>(event.body));
    EXPECT_EQ(std::get<channels::text_event>(event.body).text, "مرحبا");
}

TEST(webchat_protocol, typed_command_becomes_command_event) {
    auto frame = frame_as<text_frame>(R"({"type":"text","text":"/forget","client_msg_id":"m-2"})");
    auto event = to_event(session, frame, 0);
    ASSERT_TRUE(std::holds_alternative<channels::command_event>(event.body));
    EXPECT_EQ(std::get<channels::command_event>(event.body).name, "forget");
}

TEST(webchat_protocol, choice_frame_becomes_choice_event) {
    auto frame =
        frame_as<choice_frame>(R"({"type":"choice","id":"housing","client_msg_id":"m-3"})");
    auto event = to_event(session, frame, 0);
    ASSERT_TRUE(std::holds_alternative<channels::choice_event>(event.body));
    EXPECT_EQ(std::get<channels::choice_event>(event.body).id, "housing");
    EXPECT_EQ(event.dedupe_key, "s_0123456789abcdef:m-3");
}

TEST(webchat_protocol, resending_a_frame_gives_the_same_dedupe_key) {
    auto first = frame_as<text_frame>(R"({"type":"text","text":"a","client_msg_id":"m-9"})");
    auto again = frame_as<text_frame>(R"({"type":"text","text":"a","client_msg_id":"m-9"})");
    EXPECT_EQ(to_event(session, first, 1).dedupe_key, to_event(session, again, 2).dedupe_key);
}

TEST(webchat_protocol, bad_text_and_choice_frames_are_refused_at_the_member) {
    EXPECT_EQ(pointer_of_refusal(R"({"type":"text","text":"hi"})"), "/client_msg_id");
    EXPECT_EQ(
        pointer_of_refusal(R"({"type":"text","text":"hi","client_msg_id":""})"), "/client_msg_id"
    );
    EXPECT_EQ(
        pointer_of_refusal(R"({"type":"text","text":"hi","client_msg_id":"a b"})"), "/client_msg_id"
    );
    EXPECT_EQ(pointer_of_refusal(R"({"type":"text","client_msg_id":"m"})"), "/text");
    EXPECT_EQ(pointer_of_refusal(R"({"type":"text","text":"  \n","client_msg_id":"m"})"), "/text");
    EXPECT_EQ(
        pointer_of_refusal(
            R"({"type":"text","text":")" + std::string(4097, 'a') + R"(","client_msg_id":"m"})"
        ),
        "/text"
    );
    EXPECT_EQ(pointer_of_refusal(R"({"type":"choice","client_msg_id":"m"})"), "/id");
    EXPECT_EQ(pointer_of_refusal(R"({"type":"choice","id":"","client_msg_id":"m"})"), "/id");
    EXPECT_EQ(pointer_of_refusal(R"({"type":"typing"})"), "/type");
    EXPECT_EQ(pointer_of_refusal(R"({"text":"hi"})"), "/type");
}

TEST(webchat_protocol, text_of_exactly_the_limit_is_accepted) {
    std::string text;
    for (std::size_t i = 0; i < max_text_length; ++i) {
        text += "ж";
    }
    auto frame =
        parse_client_frame(json({{"type", "text"}, {"text", text}, {"client_msg_id", "m"}}).dump());
    EXPECT_TRUE(frame.has_value());
}

TEST(webchat_protocol, malformed_oversized_and_non_object_frames_are_refused) {
    EXPECT_FALSE(parse_client_frame("{\"type\":").has_value());
    EXPECT_FALSE(parse_client_frame("[]").has_value());
    EXPECT_FALSE(parse_client_frame("").has_value());
    EXPECT_FALSE(parse_client_frame(std::string(max_frame_bytes + 1, ' ')).has_value());
}

TEST(webchat_protocol, invalid_utf8_text_is_repaired) {
    auto frame =
        frame_as<text_frame>("{\"type\":\"text\",\"text\":\"a\xff\",\"client_msg_id\":\"m\"}");
    EXPECT_EQ(frame.text, "a\uFFFD");
}

TEST(webchat_protocol, message_frame_carries_seq_choices_and_direction) {
    channels::outgoing_message message;
    message.text = "اختر:";
    message.choices = {{"housing", "السكن"}, {"doctor", ""}};
    message.urgent = true;
    auto frame = json::parse(render_message(7, message, text_direction::rtl));
    EXPECT_EQ(frame["type"], "message");
    EXPECT_EQ(frame["seq"], 7);
    EXPECT_EQ(frame["text"], "اختر:");
    EXPECT_EQ(frame["direction"], "rtl");
    EXPECT_EQ(frame["urgent"], true);
    EXPECT_EQ(
        frame["choices"],
        json::parse(R"([{"id":"housing","label":"السكن"},{"id":"doctor","label":"doctor"}])")
    );
    auto plain = json::parse(
        render_message(1, channels::outgoing_message{"hi", {}, false}, text_direction::ltr)
    );
    EXPECT_EQ(plain["direction"], "ltr");
    EXPECT_EQ(plain["choices"], json::array());
}

TEST(webchat_protocol, ready_ack_and_error_frames) {
    EXPECT_EQ(
        json::parse(render_ready(session, 12)),
        json({{"type", "ready"}, {"session", session}, {"last_seq", 12}})
    );
    EXPECT_EQ(json::parse(render_ack("m-1")), json({{"type", "ack"}, {"client_msg_id", "m-1"}}));
    auto error = json::parse(render_error("bad_frame", {"/text", "empty"}));
    EXPECT_EQ(error["type"], "error");
    EXPECT_EQ(error["code"], "bad_frame");
    EXPECT_EQ(error["pointer"], "/text");
    EXPECT_EQ(error["message"], "empty");
}

TEST(webchat_protocol, session_and_client_id_rules) {
    EXPECT_TRUE(is_valid_session_id(std::string(16, 'a')));
    EXPECT_TRUE(is_valid_session_id(std::string(128, 'Z')));
    EXPECT_FALSE(is_valid_session_id(std::string(15, 'a')));
    EXPECT_FALSE(is_valid_session_id(std::string(129, 'a')));
    EXPECT_TRUE(is_valid_client_msg_id("a"));
    EXPECT_FALSE(is_valid_client_msg_id(std::string(65, 'a')));
    EXPECT_FALSE(is_valid_client_msg_id("m:1"));
}

}  // namespace
}  // namespace zaedno::webchat
