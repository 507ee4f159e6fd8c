// Telegram sendMessage rendering: plain text, no previews, inline keyboards, long-text parts.
#include "integrations/telegram/render.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "integrations/text.hpp"

namespace zaedno::telegram {
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

TEST(telegram_render, plain_text_without_parse_mode_and_previews_off) {
    auto calls = render("111222333", message_with("Ціна_1 *без* знижки https://example.org"));
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0].method, "sendMessage");
    EXPECT_EQ(calls[0].chat_key, "111222333");
    EXPECT_EQ(calls[0].part_index, 0);
    EXPECT_EQ(calls[0].part_count, 1);
    auto body = json::parse(calls[0].body);
    EXPECT_EQ(body["chat_id"], 111222333);
    EXPECT_EQ(body["text"], "Ціна_1 *без* знижки https://example.org");
    EXPECT_FALSE(body.contains("parse_mode"));
    EXPECT_EQ(body["link_preview_options"]["is_disabled"], true);
    EXPECT_FALSE(body.contains("reply_markup"));
}

TEST(telegram_render, negative_and_large_chat_ids_stay_integers) {
    auto body = json::parse(render("-1001234567890123", message_with("hi"))[0].body);
    EXPECT_EQ(body["chat_id"].get<std::int64_t>(), -1001234567890123);
    auto named = json::parse(render("@zaedno_news", message_with("hi"))[0].body);
    EXPECT_EQ(named["chat_id"], "@zaedno_news");
}

TEST(telegram_render, short_labels_pair_up_and_long_labels_get_their_own_row) {
    auto calls = render(
        "1",
        message_with(
            "Оберіть:",
            {{"yes", "Так"},
             {"no", "Ні"},
             {"housing", "Житло та допомога з орендою"},
             {"doctor", "Лікар"},
             {"school", "Школа"},
             {"other", "Інше"}}
        )
    );
    ASSERT_EQ(calls.size(), 1u);
    auto keyboard = json::parse(calls[0].body)["reply_markup"]["inline_keyboard"];
    ASSERT_EQ(keyboard.size(), 4u);
    EXPECT_EQ(keyboard[0].size(), 2u);
    EXPECT_EQ(keyboard[0][0]["text"], "Так");
    EXPECT_EQ(keyboard[0][0]["callback_data"], "yes");
    EXPECT_EQ(keyboard[0][1]["callback_data"], "no");
    EXPECT_EQ(keyboard[1].size(), 1u);
    EXPECT_EQ(keyboard[1][0]["callback_data"], "housing");
    EXPECT_EQ(keyboard[2].size(), 2u);
    EXPECT_EQ(keyboard[3].size(), 1u);
    EXPECT_EQ(keyboard[3][0]["callback_data"], "other");
}

TEST(telegram_render, long_choice_ids_become_short_stable_hashes) {
    const std::string long_id(80, 'x');
    const std::string cyrillic_id = "вибір_житло_оренда_кімната_квартира_гуртожиток";  // > 64 bytes
    ASSERT_GT(cyrillic_id.size(), callback_data_limit);
    auto body = json::parse(
        render("1", message_with("?", {{long_id, "A"}, {cyrillic_id, "B"}, {"~tilde", "C"}}))[0]
            .body
    );
    auto keyboard = body["reply_markup"]["inline_keyboard"];
    std::vector<std::string> data;
    for (const auto& row : keyboard) {
        for (const auto& button : row) {
            data.push_back(button["callback_data"]);
        }
    }
    ASSERT_EQ(data.size(), 3u);
    for (const auto& d : data) {
        EXPECT_LE(d.size(), callback_data_limit);
        EXPECT_EQ(d.front(), '~');
        EXPECT_EQ(d.size(), 41u);
    }
    EXPECT_EQ(data[0], callback_data_for(long_id));
    EXPECT_NE(data[0], data[1]);
    const std::vector<std::string> offered = {"yes", long_id, cyrillic_id, "~tilde"};
    EXPECT_EQ(resolve_choice(data[0], offered), long_id);
    EXPECT_EQ(resolve_choice(data[1], offered), cyrillic_id);
    EXPECT_EQ(resolve_choice(data[2], offered), "~tilde");
    EXPECT_EQ(resolve_choice("yes", offered), "yes");
    EXPECT_EQ(resolve_choice("nope", offered), std::nullopt);
}

TEST(telegram_render, an_id_of_exactly_64_bytes_is_kept) {
    const std::string id(64, 'a');
    EXPECT_EQ(callback_data_for(id), id);
    EXPECT_NE(callback_data_for(id + "a"), id + "a");
    EXPECT_EQ(callback_data_for(""), callback_data_for(""));
    EXPECT_EQ(callback_data_for("").size(), 41u);
}

TEST(telegram_render, empty_label_falls_back_to_the_id) {
    auto body = json::parse(render("1", message_with("?", {{"ok", ""}}))[0].body);
    EXPECT_EQ(body["reply_markup"]["inline_keyboard"][0][0]["text"], "ok");
}

TEST(telegram_render, long_text_is_split_with_keyboard_only_on_the_last_part) {
    std::string text;
    while (channels::text_length(text, channels::length_unit::code_points) < 9000) {
        text += "Слово за словом, рядок за рядком. ";
    }
    auto calls = render("7", message_with(text, {{"next", "Далі"}}));
    ASSERT_EQ(calls.size(), 3u);
    for (std::size_t i = 0; i < calls.size(); ++i) {
        EXPECT_EQ(calls[i].part_index, static_cast<int>(i));
        EXPECT_EQ(calls[i].part_count, 3);
        auto body = json::parse(calls[i].body);
        const std::string part = body["text"];
        EXPECT_LE(channels::text_length(part, channels::length_unit::code_points), text_limit);
        EXPECT_EQ(body.contains("reply_markup"), i == 2);
    }
}

TEST(telegram_render, empty_text_sends_nothing_unless_there_are_choices) {
    EXPECT_TRUE(render("1", message_with("")).empty());
    EXPECT_TRUE(render("1", message_with("   \n\u00A0")).empty());
    auto calls = render("1", message_with("", {{"a", "A"}}));
    ASSERT_EQ(calls.size(), 1u);
    auto body = json::parse(calls[0].body);
    EXPECT_EQ(body["text"], "\u2026");
    EXPECT_TRUE(body.contains("reply_markup"));
}

TEST(telegram_render, invalid_utf8_in_text_or_labels_is_repaired) {
    auto calls = render("1", message_with("bad \xff text", {{"a", "bad \xc3"}}));
    ASSERT_EQ(calls.size(), 1u);
    auto body = json::parse(calls[0].body);
    EXPECT_EQ(body["text"], "bad \uFFFD text");
    EXPECT_EQ(body["reply_markup"]["inline_keyboard"][0][0]["text"], "bad \uFFFD");
}

TEST(telegram_render, answer_callback_names_the_query) {
    auto call = answer_callback("4382bfdwdsb323b2d9", "111");
    EXPECT_EQ(call.method, "answerCallbackQuery");
    EXPECT_EQ(call.chat_key, "111");
    EXPECT_EQ(json::parse(call.body), json({{"callback_query_id", "4382bfdwdsb323b2d9"}}));
}

TEST(telegram_render, remove_keyboard_edits_the_pressed_message) {
    auto call = remove_keyboard_call("111222333", "77");
    EXPECT_EQ(call.method, "editMessageReplyMarkup");
    EXPECT_EQ(call.chat_key, "111222333");
    EXPECT_EQ(json::parse(call.body), json({{"chat_id", 111222333}, {"message_id", 77}}));
}

TEST(telegram_render, set_webhook_carries_secret_and_the_kinds_the_bot_uses) {
    auto call = set_webhook_call("https://bot.example.org/webhooks/telegram", "s3cr3t_Token-1");
    ASSERT_TRUE(call.has_value());
    EXPECT_EQ(call->method, "setWebhook");
    auto body = json::parse(call->body);
    EXPECT_EQ(body["url"], "https://bot.example.org/webhooks/telegram");
    EXPECT_EQ(body["secret_token"], "s3cr3t_Token-1");
    EXPECT_EQ(body["allowed_updates"], json({"message", "callback_query", "my_chat_member"}));
}

TEST(telegram_render, set_webhook_refuses_a_bot_token_as_secret_and_an_empty_url) {
    auto with_token = set_webhook_call("https://x", "123456:ABC-DEF");
    ASSERT_FALSE(with_token.has_value());
    EXPECT_EQ(with_token.error().pointer, "secret_token");
    EXPECT_FALSE(set_webhook_call("https://x", "").has_value());
    EXPECT_FALSE(set_webhook_call("https://x", std::string(257, 'a')).has_value());
    EXPECT_TRUE(set_webhook_call("https://x", std::string(256, 'a')).has_value());
    EXPECT_FALSE(set_webhook_call("", "secret").has_value());
}

}  // namespace
}  // namespace zaedno::telegram
