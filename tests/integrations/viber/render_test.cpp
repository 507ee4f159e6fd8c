// Viber send_message rendering: sender, keyboard limits, long-text parts, welcome, webhook.
#include "integrations/viber/render.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "integrations/text.hpp"

namespace zaedno::viber {
namespace {

using nlohmann::json;

channels::outgoing_message message_with(
    std::string text, std::vector<channels::choice> choices = {}
) {
    channels::outgoing_message m;
    m.text = std::move(text);
    m.choices = std::move(choices);
    return m;
}

TEST(viber_render, text_message_has_receiver_sender_and_type) {
    auto calls = render("01234567890A=", message_with("Добрий день"), sender_profile{});
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0].method, "send_message");
    EXPECT_EQ(calls[0].chat_key, "01234567890A=");
    auto body = json::parse(calls[0].body);
    EXPECT_EQ(body["receiver"], "01234567890A=");
    EXPECT_EQ(body["type"], "text");
    EXPECT_EQ(body["text"], "Добрий день");
    EXPECT_EQ(body["min_api_version"], 1);
    EXPECT_EQ(body["sender"], json({{"name", "Zaedno"}}));
    EXPECT_FALSE(body.contains("keyboard"));
}

TEST(viber_render, sender_name_is_cut_to_28_and_avatar_is_optional) {
    sender_profile sender;
    sender.name = "Червоний Хрест — служба підтримки біженців";
    sender.avatar = "https://example.org/a.png";
    auto body = json::parse(render("u", message_with("hi"), sender)[0].body);
    const std::string name = body["sender"]["name"];
    EXPECT_LE(channels::text_length(name, channels::length_unit::utf16_units), sender_name_limit);
    EXPECT_EQ(body["sender"]["avatar"], "https://example.org/a.png");
    sender_profile unnamed;
    unnamed.name = "";
    EXPECT_EQ(
        json::parse(render("u", message_with("hi"), unnamed)[0].body)["sender"]["name"], "Zaedno"
    );
}

TEST(viber_render, keyboard_buttons_reply_with_prefixed_action_body) {
    auto calls = render(
        "u",
        message_with(
            "Оберіть:",
            {{"yes", "Так"}, {"no", "Ні"}, {"housing", "Житло та допомога з орендою <2026>"}}
        ),
        sender_profile{}
    );
    auto keyboard = json::parse(calls[0].body)["keyboard"];
    EXPECT_EQ(keyboard["Type"], "keyboard");
    EXPECT_EQ(keyboard["DefaultHeight"], false);
    auto buttons = keyboard["Buttons"];
    ASSERT_EQ(buttons.size(), 3u);
    EXPECT_EQ(buttons[0]["Columns"], 3);
    EXPECT_EQ(buttons[1]["Columns"], 3);
    EXPECT_EQ(buttons[2]["Columns"], 6);
    EXPECT_EQ(buttons[0]["Rows"], 1);
    EXPECT_EQ(buttons[0]["ActionType"], "reply");
    EXPECT_EQ(buttons[0]["ActionBody"], "c:yes");
    EXPECT_EQ(buttons[0]["Text"], "Так");
    EXPECT_EQ(buttons[0]["TextSize"], "regular");
    EXPECT_EQ(buttons[2]["Text"], "Житло та допомога з орендою &lt;2026&gt;");
}

TEST(viber_render, button_text_fits_250_even_after_escaping) {
    auto body = json::parse(
        render("u", message_with("?", {{"a", std::string(300, '&')}}), sender_profile{})[0].body
    );
    const std::string text = body["keyboard"]["Buttons"][0]["Text"];
    EXPECT_LE(channels::text_length(text, channels::length_unit::utf16_units), button_text_limit);
    EXPECT_EQ(text.rfind("&amp;", 0), 0u);
}

TEST(viber_render, many_choices_pack_two_per_row_within_twelve_rows) {
    std::vector<channels::choice> choices;
    for (int i = 0; i < 30; ++i) {
        choices.push_back(
            {"id" + std::to_string(i), "A rather long label number " + std::to_string(i)}
        );
    }
    auto buttons = json::parse(render("u", message_with("?", choices), sender_profile{})[0].body
    )["keyboard"]["Buttons"];
    ASSERT_EQ(buttons.size(), 24u);
    int columns = 0;
    for (const auto& b : buttons) {
        columns += b["Columns"].get<int>();
    }
    EXPECT_EQ(columns, 6 * 12);
    EXPECT_EQ(buttons[23]["ActionBody"], "c:id23");
}

TEST(viber_render, long_text_splits_at_the_viber_limit_with_keyboard_last) {
    std::string text;
    while (channels::text_length(text, channels::length_unit::code_points) < 15000) {
        text += "مرحبا، يمكنك حجز موعد مع الأخصائي الاجتماعي. ";
    }
    auto calls = render("u", message_with(text, {{"ok", "OK"}}), sender_profile{});
    ASSERT_EQ(calls.size(), 3u);
    for (std::size_t i = 0; i < calls.size(); ++i) {
        auto body = json::parse(calls[i].body);
        EXPECT_LE(
            channels::text_length(
                body["text"].get<std::string>(), channels::length_unit::utf16_units
            ),
            text_limit
        );
        EXPECT_EQ(body.contains("keyboard"), i == 2);
        EXPECT_EQ(calls[i].part_index, static_cast<int>(i));
        EXPECT_EQ(calls[i].part_count, 3);
        EXPECT_LT(calls[i].body.size(), 30u * 1024u);  // Viber's request size cap
    }
}

TEST(viber_render, empty_text_with_choices_still_carries_the_keyboard) {
    EXPECT_TRUE(render("u", message_with(""), sender_profile{}).empty());
    EXPECT_TRUE(render("u", message_with(" \n "), sender_profile{}).empty());
    auto calls = render("u", message_with("", {{"a", "A"}}), sender_profile{});
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_TRUE(json::parse(calls[0].body).contains("keyboard"));
}

TEST(viber_render, welcome_answer_has_no_receiver) {
    auto welcome = json::parse(render_welcome(
        message_with("Оберіть мову / Choose a language", {{"uk", "Українська"}, {"en", "English"}}),
        sender_profile{}
    ));
    EXPECT_FALSE(welcome.contains("receiver"));
    EXPECT_EQ(welcome["type"], "text");
    EXPECT_EQ(welcome["sender"]["name"], "Zaedno");
    EXPECT_EQ(welcome["keyboard"]["Buttons"].size(), 2u);
    EXPECT_EQ(render_welcome(message_with(""), sender_profile{}), "");
}

TEST(viber_render, set_webhook_subscribes_to_all_six_events) {
    auto call = set_webhook_call("https://bot.example.org/webhooks/viber");
    ASSERT_TRUE(call.has_value());
    EXPECT_EQ(call->method, "set_webhook");
    auto body = json::parse(call->body);
    EXPECT_EQ(body["url"], "https://bot.example.org/webhooks/viber");
    EXPECT_EQ(
        body["event_types"],
        json({"delivered", "seen", "failed", "subscribed", "unsubscribed", "conversation_started"})
    );
    EXPECT_EQ(body["send_name"], true);
    EXPECT_EQ(body["send_photo"], false);
    EXPECT_FALSE(set_webhook_call("").has_value());
}

}  // namespace
}  // namespace zaedno::viber
