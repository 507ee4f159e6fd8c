// Viber through the whole server over loopback: signed callbacks in, send_message out to a
// fake REST API; the welcome for a new chat travels in the webhook answer.
#include <atomic>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "bot/storage/connection.hpp"
#include "integrations/viber/auth.hpp"
#include "tests/support/fake_http_server.hpp"
#include "tests/support/test_app.hpp"
#include "tests/support/wait_until.hpp"

namespace zaedno::test {
namespace {

using nlohmann::json;

constexpr const char* token = "viber-auth-token-for-tests";

std::string text_message(
    std::uint64_t message_token, const std::string& user, const std::string& text
) {
    return json{
        {"event", "message"},
        {"timestamp", 1764072000123},
        {"message_token", message_token},
        {"sender", {{"id", user}, {"name", "Olena"}, {"language", "uk"}, {"api_version", 10}}},
        {"message", {{"type", "text"}, {"text", text}}}}
        .dump();
}

std::string opened(std::uint64_t message_token, const std::string& user) {
    return json{
        {"event", "conversation_started"},
        {"timestamp", 1764072000123},
        {"message_token", message_token},
        {"type", "open"},
        {"user", {{"id", user}, {"name", "Olena"}, {"language", "uk"}, {"api_version", 10}}},
        {"subscribed", false}}
        .dump();
}

struct viber_fixture {
    fake_http_server api;
    std::unique_ptr<test_app> app;

    static scripted_reply viber_ok(const recorded_request&) {
        return json_reply(200, R"({"status":0,"status_message":"ok","message_token":1})");
    }

    explicit viber_fixture(fake_http_server::responder respond = viber_ok)
        : api(std::move(respond)) {
        auto base = api.base_url();
        auto adjust = [&](app::config& c) {
            c.viber.token = token;
            c.viber.api = base;
            c.viber.name = "Help Desk";
        };
        auto delivery = delivery::default_worker_settings();
        delivery.retry.base = delivery::duration(20);
        app = std::make_unique<test_app>(adjust, nullptr, delivery);
    }

    http_reply post(const std::string& body, bool sign = true) {
        header_list headers{{"Content-Type", "application/json"}};
        if (sign) {
            headers.emplace_back("X-Viber-Content-Signature", viber::sign(token, body));
        }
        return http_call(app->port(), "POST", "/webhooks/viber", body, headers);
    }

    std::vector<recorded_request> sends() const {
        std::vector<recorded_request> out;
        for (auto& r : api.requests()) {
            if (r.target == "/send_message") {
                out.push_back(r);
            }
        }
        return out;
    }

    bool settled() const { return app->settled(); }

    std::int64_t count(const std::string& sql) const { return app->scalar(sql); }
};

TEST(viber_end_to_end, the_webhook_verification_event_gets_200) {
    viber_fixture f;
    auto reply = f.post(
        R"({"event":"webhook","timestamp":1764072000123,"chat_hostname":"SN-1_","message_token":1})"
    );
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(f.count("SELECT count(*) FROM inbox"), 0);
}

TEST(viber_end_to_end, a_bad_or_missing_signature_is_401_and_nothing_is_stored) {
    viber_fixture f;
    auto body = text_message(11, "u1", "hello");
    EXPECT_EQ(f.post(body, false).status, 401);
    header_list forged{{"X-Viber-Content-Signature", viber::sign("another-token", body)}};
    EXPECT_EQ(http_call(f.app->port(), "POST", "/webhooks/viber", body, forged).status, 401);
    EXPECT_EQ(f.count("SELECT count(*) FROM inbox"), 0);
}

TEST(viber_end_to_end, opening_the_chat_is_answered_with_a_welcome_in_the_webhook_reply) {
    viber_fixture f;
    auto reply = f.post(opened(21, "u2"));
    ASSERT_EQ(reply.status, 200);
    auto body = json::parse(reply.body);
    EXPECT_EQ(body["type"], "text");
    EXPECT_FALSE(body["text"].get<std::string>().empty());
    EXPECT_EQ(body["sender"]["name"], "Help Desk");
    EXPECT_TRUE(body.contains("keyboard"));
    // Nothing may be sent with send_message before the person subscribes.
    ASSERT_TRUE(wait_until([&] {
        return f.count("SELECT count(*) FROM inbox WHERE processed_ms IS NULL") == 0;
    }));
    EXPECT_TRUE(f.sends().empty());
    EXPECT_EQ(f.count("SELECT count(*) FROM people WHERE channel = 'viber'"), 1);
}

TEST(viber_end_to_end, a_message_is_answered_with_send_message_and_a_keyboard) {
    viber_fixture f;
    ASSERT_EQ(f.post(text_message(31, "u3", "Добрий день")).status, 200);
    ASSERT_TRUE(wait_until([&] { return !f.sends().empty(); }));
    auto call = f.sends().front();
    EXPECT_EQ(call.headers["x-viber-auth-token"], token);
    auto body = json::parse(call.body);
    EXPECT_EQ(body["receiver"], "u3");
    EXPECT_EQ(body["type"], "text");
    EXPECT_EQ(body["keyboard"]["Type"], "keyboard");
    EXPECT_FALSE(body["keyboard"]["Buttons"].empty());
    ASSERT_TRUE(wait_until([&] { return f.settled(); }));
    EXPECT_EQ(f.count("SELECT count(*) FROM outbox WHERE status <> 'sent'"), 0);
}

TEST(viber_end_to_end, a_repeated_message_token_has_no_second_effect) {
    viber_fixture f;
    auto body = text_message(5121398412345678901ULL, "u4", "hello");
    ASSERT_EQ(f.post(body).status, 200);
    ASSERT_TRUE(wait_until([&] { return !f.sends().empty() && f.settled(); }));
    auto once = f.sends().size();
    ASSERT_EQ(f.post(body).status, 200);
    ASSERT_EQ(f.post(text_message(41, "u5", "hello")).status, 200);
    ASSERT_TRUE(wait_until([&] {
        for (auto& s : f.sends()) {
            if (json::parse(s.body)["receiver"] == "u5") {
                return true;
            }
        }
        return false;
    }));
    std::size_t to_u4 = 0;
    for (auto& s : f.sends()) {
        to_u4 += json::parse(s.body)["receiver"] == "u4" ? 1 : 0;
    }
    EXPECT_EQ(to_u4, once);
}

TEST(viber_end_to_end, a_receiver_who_is_not_subscribed_is_marked_and_not_retried) {
    std::atomic<int> calls{0};
    viber_fixture f{[&](const recorded_request& r) {
        if (r.target != "/send_message") {
            return scripted_reply{};
        }
        ++calls;
        return json_reply(
            200, R"({"status":6,"status_message":"notSubscribed","chat_hostname":"SN-1_"})"
        );
    }};
    ASSERT_EQ(f.post(text_message(51, "u6", "hello")).status, 200);
    ASSERT_TRUE(wait_until([&] {
        return f.count("SELECT count(*) FROM people WHERE reachable = 0") == 1;
    }));
    EXPECT_EQ(f.count("SELECT count(*) FROM outbox WHERE status = 'pending'"), 0);
    EXPECT_EQ(calls.load(), 1);
}

TEST(viber_end_to_end, viber_rate_limit_status_is_retried_not_dropped) {
    std::atomic<int> calls{0};
    viber_fixture f{[&](const recorded_request& r) {
        if (r.target != "/send_message") {
            return scripted_reply{};
        }
        if (calls++ == 0) {
            return json_reply(200, R"({"status":12,"status_message":"tooManyRequests"})");
        }
        return json_reply(200, R"({"status":0,"status_message":"ok","message_token":99})");
    }};
    ASSERT_EQ(f.post(text_message(61, "u7", "hello")).status, 200);
    ASSERT_TRUE(wait_until(
        [&] { return f.count("SELECT count(*) FROM outbox WHERE status = 'sent'") >= 1; },
        std::chrono::seconds(20)
    ));
    EXPECT_GE(calls.load(), 2);
}

}  // namespace
}  // namespace zaedno::test
