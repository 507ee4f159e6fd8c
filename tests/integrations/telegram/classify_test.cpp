// Telegram answers → delivery outcomes, over captured-style response bodies.
#include "integrations/telegram/classify.hpp"

#include <gtest/gtest.h>

#include "integrations/json_input.hpp"
#include "tests/integrations/fixture.hpp"

namespace zaedno::telegram {
namespace {

using namespace channels::outcome;

std::string response(std::string_view name) {
    return test::read_fixture("telegram/" + std::string(name));
}

TEST(telegram_classify, ok_send_yields_the_message_id) {
    EXPECT_EQ(
        classify(200, response("response_send_ok.json")), channels::send_outcome{sent{"1234"}}
    );
}

/// What the document lookups make of a 2xx answer: sent with the id, or nothing.
std::optional<std::string> sent_id_by_document(std::string_view body) {
    auto parsed = channels::parse_json_object(body);
    if (!parsed || channels::bool_at(*parsed, "ok") != true) {
        return std::nullopt;
    }
    std::string id;
    if (const nlohmann::json* result = channels::object_at(*parsed, "result")) {
        id = channels::integer_text_at(*result, "message_id").value_or("");
    }
    return id;
}

TEST(telegram_classify, a_success_reads_as_the_document_reads_it) {
    const char* answers[] = {
        R"({"ok":true,"result":{"message_id":77,"from":{"id":9,"is_bot":true},"chat":{"id":5,)"
        R"("type":"private"},"date":1,"text":"Здравей \"ти\"","reply_markup":{"inline_keyboard":)"
        R"([[{"text":"English","callback_data":"en"}],[{"text":"العربية","callback_data":"ar"}]]}}})",
        R"({"result":{"message_id":"12"},"ok":true})",
        R"({"ok":true,"result":{"message_id":"12a"}})",
        R"({"ok":true,"result":{"message_id":-5}})",
        R"({"ok":true,"result":{"message_id":18446744073709551615}})",
        R"({"ok":true,"result":{"message_id":1.5}})",
        R"({"ok":true,"result":{"message_id":null}})",
        R"({"ok":true,"result":{"message_id":[3]}})",
        R"({"ok":true,"result":{"chat":{"message_id":4}}})",
        R"({"ok":true,"result":[{"message_id":4}]})",
        R"({"ok":true,"result":true})",
        R"({"ok":true,"result":{"message_id":1},"result":{"text":"x"}})",
        R"({"ok":true,"result":{"message_id":1},"result":7})",
        R"({"ok":true,"result":{"message_id":1,"message_id":2}})",
        R"({"ok":true,"ok":false,"result":{"message_id":1}})",
        R"({"ok":false,"ok":true})",
        R"({"ok":"true"})",
        R"({"ok":[true]})",
        R"({"nested":{"ok":true},"ok":true})",
        R"({"x":[true,{"message_id":9}],"ok":true,"result":{}})",
        R"([{"ok":true}])",
        R"(true)",
        R"({"ok":true,"result":{"message_id":3,"text":"caf\u00e9"}})",
        "{\"ok\":true,\"result\":{\"message_id\":3,\"text\":\"bad \xff byte\"}}",
        R"({"ok":true,"result":{"message_id":3}} trailing)",
        R"({"ok":true)",
        "",
    };
    for (const char* answer : answers) {
        const auto expected = sent_id_by_document(answer);
        const auto outcome = classify(200, answer);
        if (expected) {
            EXPECT_EQ(outcome, channels::send_outcome{sent{*expected}}) << answer;
        } else {
            EXPECT_FALSE(std::holds_alternative<sent>(outcome)) << answer;
        }
    }
}

TEST(telegram_classify, ok_without_a_message_is_sent_without_id) {
    EXPECT_EQ(
        classify(200, response("response_answer_callback_ok.json")),
        channels::send_outcome{sent{""}}
    );
}

TEST(telegram_classify, too_many_requests_honours_retry_after) {
    EXPECT_EQ(
        classify(429, response("response_429_retry_after.json")),
        channels::send_outcome{retry_after{17}}
    );
}

TEST(telegram_classify, too_many_requests_without_time_is_transient) {
    auto outcome = classify(429, response("response_429_without_parameters.json"));
    EXPECT_TRUE(std::holds_alternative<transient>(outcome));
    EXPECT_TRUE(channels::is_retryable(outcome));
}

TEST(telegram_classify, blocked_and_deactivated_users_are_unreachable) {
    auto blocked = classify(403, response("response_403_blocked.json"));
    ASSERT_TRUE(std::holds_alternative<unreachable>(blocked));
    EXPECT_EQ(std::get<unreachable>(blocked).reason, "403 Forbidden: bot was blocked by the user");
    EXPECT_TRUE(std::holds_alternative<unreachable>(
        classify(403, response("response_403_deactivated.json"))
    ));
    EXPECT_FALSE(channels::is_retryable(blocked));
}

TEST(telegram_classify, bad_requests_are_permanent_with_the_description) {
    auto bad = classify(400, response("response_400_bad_request.json"));
    ASSERT_TRUE(std::holds_alternative<permanent>(bad));
    EXPECT_NE(std::get<permanent>(bad).reason.find("can't parse entities"), std::string::npos);
    EXPECT_TRUE(std::holds_alternative<permanent>(
        classify(400, response("response_400_chat_not_found.json"))
    ));
    EXPECT_TRUE(
        std::holds_alternative<permanent>(classify(401, response("response_401_unauthorized.json")))
    );
    EXPECT_TRUE(
        std::holds_alternative<permanent>(classify(409, response("response_409_conflict.json")))
    );
    EXPECT_TRUE(std::holds_alternative<permanent>(
        classify(404, R"({"ok":false,"error_code":404,"description":"Not Found"})")
    ));
}

TEST(telegram_classify, server_errors_and_network_failures_are_transient) {
    EXPECT_TRUE(std::holds_alternative<transient>(classify(500, response("response_500.json"))));
    auto gateway = classify(502, response("response_502_html.html"));
    ASSERT_TRUE(std::holds_alternative<transient>(gateway));
    EXPECT_EQ(std::get<transient>(gateway).reason, "502 HTTP 502");
    EXPECT_EQ(classify(0, ""), channels::send_outcome{transient{"network failure"}});
    EXPECT_TRUE(std::holds_alternative<transient>(classify(503, "")));
}

TEST(telegram_classify, error_code_in_body_wins_over_http_status) {
    EXPECT_EQ(
        classify(200, response("response_429_retry_after.json")),
        channels::send_outcome{retry_after{17}}
    );
}

TEST(telegram_classify, retry_after_header_stands_in_when_the_body_names_no_time) {
    EXPECT_EQ(
        classify(429, response("response_429_without_parameters.json"), 9),
        channels::send_outcome{retry_after{9}}
    );
    EXPECT_EQ(
        classify(429, response("response_429_retry_after.json"), 9),
        channels::send_outcome{retry_after{17}}
    );
    EXPECT_EQ(classify(503, "<html>", 30), channels::send_outcome{retry_after{30}});
    EXPECT_TRUE(std::holds_alternative<transient>(classify(503, "<html>", std::nullopt)));
    EXPECT_TRUE(std::holds_alternative<permanent>(classify(400, "{}", 5)));
}

TEST(telegram_classify, unreadable_success_is_transient) {
    EXPECT_TRUE(std::holds_alternative<transient>(classify(200, "not json")));
    EXPECT_TRUE(std::holds_alternative<transient>(classify(200, R"({"ok":"yes"})")));
}

}  // namespace
}  // namespace zaedno::telegram
