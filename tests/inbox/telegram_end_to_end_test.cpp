// Telegram through the whole server over loopback: webhook in, sendMessage out to a fake
// Bot API, with the durability, dedupe, retry and pacing rules of PRODUCT.md.
#include <atomic>
#include <mutex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "bot/storage/connection.hpp"
#include "tests/support/fake_http_server.hpp"
#include "tests/support/telegram_updates.hpp"
#include "tests/support/test_app.hpp"
#include "tests/support/wait_until.hpp"

namespace zaedno::test {
namespace {

using nlohmann::json;

constexpr const char* token = "123456:TEST-TOKEN";
constexpr const char* secret = "webhook-secret_1";

delivery::worker_settings fast_delivery() {
    auto s = delivery::default_worker_settings();
    s.retry.base = delivery::duration(20);
    s.retry.cap = delivery::duration(100);
    for (auto& [name, rates] : s.rates) {
        rates.per_chat_per_second = 50;
        rates.global_per_second = 1000;
    }
    return s;
}

struct telegram_fixture {
    fake_http_server api;
    std::unique_ptr<test_app> app;

    explicit telegram_fixture(
        fake_http_server::responder respond = {},
        delivery::worker_settings delivery = fast_delivery()
    )
        : api(std::move(respond)) {
        auto base = api.base_url();
        auto adjust = [&](app::config& c) {
            c.telegram.token = token;
            c.telegram.secret = secret;
            c.telegram.api = base;
        };
        app = std::make_unique<test_app>(adjust, nullptr, delivery);
    }

    http_reply post(const std::string& body, const std::string& with_secret = secret) {
        header_list headers{{"Content-Type", "application/json"}};
        if (!with_secret.empty()) {
            headers.emplace_back("X-Telegram-Bot-Api-Secret-Token", with_secret);
        }
        return http_call(app->port(), "POST", "/webhooks/telegram", body, headers);
    }

    std::vector<recorded_request> sends() const {
        std::vector<recorded_request> out;
        for (auto& r : api.requests()) {
            if (r.target.ends_with("/sendMessage")) {
                out.push_back(r);
            }
        }
        return out;
    }

    bool settled() const { return app->settled(); }

    std::int64_t count(const std::string& sql) const { return app->scalar(sql); }
};

TEST(telegram_end_to_end, start_gets_the_welcome_with_an_inline_keyboard) {
    telegram_fixture f;
    ASSERT_EQ(f.post(telegram_text(1, 5001, "/start", "bg")).status, 200);
    ASSERT_TRUE(wait_until([&] { return !f.sends().empty(); }));
    auto call = f.sends().front();
    EXPECT_EQ(call.target, std::string("/bot") + token + "/sendMessage");
    auto body = json::parse(call.body);
    EXPECT_EQ(body["chat_id"].dump(), "5001");
    EXPECT_FALSE(body["text"].get<std::string>().empty());
    EXPECT_FALSE(body.contains("parse_mode"));  // plain text: no Markdown surprises
    ASSERT_TRUE(body.contains("reply_markup"));
    EXPECT_FALSE(body["reply_markup"]["inline_keyboard"].empty());
}

TEST(telegram_end_to_end, a_button_press_is_answered_and_moves_the_dialog_on) {
    telegram_fixture f;
    ASSERT_EQ(f.post(telegram_text(1, 5002, "/start")).status, 200);
    ASSERT_TRUE(wait_until([&] { return f.sends().size() >= 1; }));
    auto first = json::parse(f.sends().back().body);
    auto button =
        first["reply_markup"]["inline_keyboard"][0][0]["callback_data"].get<std::string>();
    ASSERT_EQ(f.post(telegram_button(2, 5002, button)).status, 200);
    ASSERT_TRUE(wait_until([&] {
        for (auto& r : f.api.requests()) {
            if (r.target.ends_with("/answerCallbackQuery")) {
                return f.sends().size() >= 2;
            }
        }
        return false;
    }));
    auto second = json::parse(f.sends().back().body);
    EXPECT_NE(second["text"], first["text"]);
}

TEST(telegram_end_to_end, a_duplicate_delivery_gets_200_and_one_reply) {
    telegram_fixture f;
    auto update = telegram_text(77, 5003, "/start");
    auto sends_to = [&](const std::string& chat) {
        std::size_t n = 0;
        for (auto& s : f.sends()) {
            n += json::parse(s.body)["chat_id"].dump() == chat ? 1 : 0;
        }
        return n;
    };
    ASSERT_EQ(f.post(update).status, 200);
    ASSERT_TRUE(wait_until([&] { return sends_to("5003") >= 1 && f.settled(); }));
    auto once = sends_to("5003");
    ASSERT_EQ(f.post(update).status, 200);  // the same update_id again
    // Another chat's update proves processing went on past the duplicate.
    ASSERT_EQ(f.post(telegram_text(78, 6003, "/start")).status, 200);
    ASSERT_TRUE(wait_until([&] { return sends_to("6003") >= 1; }));
    EXPECT_EQ(sends_to("5003"), once);
    EXPECT_EQ(f.count("SELECT count(*) FROM inbox WHERE channel = 'telegram'"), 2);
    auto scrape = f.app->get("/metrics").body;
    EXPECT_NE(
        scrape.find("zaedno_updates_duplicate_total{channel=\"telegram\"} 1"), std::string::npos
    );
}

TEST(telegram_end_to_end, an_older_update_id_arriving_late_is_still_processed) {
    telegram_fixture f;
    ASSERT_EQ(f.post(telegram_text(500, 5004, "/start")).status, 200);
    ASSERT_EQ(f.post(telegram_text(499, 5005, "/start")).status, 200);  // other chat, lower id
    ASSERT_TRUE(wait_until([&] { return f.sends().size() >= 2; }));
}

TEST(telegram_end_to_end, wrong_or_missing_secret_is_401_and_nothing_is_stored) {
    telegram_fixture f;
    auto wrong = f.post(telegram_text(1, 5006, "/start"), "not-the-secret");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_TRUE(json::parse(wrong.body).contains("error"));
    EXPECT_EQ(f.post(telegram_text(2, 5006, "/start"), "").status, 401);
    EXPECT_EQ(f.count("SELECT count(*) FROM inbox"), 0);
}

TEST(telegram_end_to_end, malformed_json_is_400_and_oversized_is_413) {
    telegram_fixture f;
    auto bad = f.post("{\"update_id\": 1, \"message\": ");
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(json::parse(bad.body).contains("error"));
    std::string huge = telegram_text(3, 5007, std::string(1024 * 1024, 'a'));
    EXPECT_EQ(f.post(huge).status, 413);
    EXPECT_EQ(f.count("SELECT count(*) FROM inbox"), 0);
    EXPECT_EQ(f.app->get("/healthz").status, 200);
}

TEST(telegram_end_to_end, unknown_update_kinds_get_200_and_are_ignored) {
    telegram_fixture f;
    EXPECT_EQ(f.post(R"({"update_id": 9, "message_reaction": {"chat": {"id": 1}}})").status, 200);
    EXPECT_EQ(f.post(R"({"update_id": 10, "edited_message": {"message_id": 1}})").status, 200);
    EXPECT_EQ(f.count("SELECT count(*) FROM inbox"), 0);
}

TEST(telegram_end_to_end, a_429_is_waited_out_for_retry_after_then_sent_once) {
    std::atomic<int> calls{0};
    std::mutex times_mutex;
    std::vector<std::chrono::steady_clock::time_point> times;
    telegram_fixture f{[&](const recorded_request& r) {
        if (!r.target.ends_with("/sendMessage")) {
            return scripted_reply{};
        }
        {
            std::lock_guard lock(times_mutex);
            times.push_back(std::chrono::steady_clock::now());
        }
        if (calls++ == 0) {
            return json_reply(
                429,
                R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}})"
            );
        }
        return json_reply(200, R"({"ok":true,"result":{"message_id":7}})");
    }};
    ASSERT_EQ(f.post(telegram_text(1, 5008, "/start")).status, 200);
    ASSERT_TRUE(wait_until([&] { return calls.load() >= 2; }));
    std::lock_guard lock(times_mutex);
    // A lower bound only: the resend may come later, never earlier than Telegram said.
    EXPECT_GE(times[1] - times[0], std::chrono::milliseconds(1000));
    ASSERT_TRUE(wait_until([&] {
        return f.count("SELECT count(*) FROM outbox WHERE status = 'sent'") >= 1;
    }));
    EXPECT_EQ(f.count("SELECT count(*) FROM outbox WHERE status = 'pending'"), 0);
}

TEST(telegram_end_to_end, server_errors_and_dropped_connections_are_retried_and_delivered_once) {
    std::atomic<int> calls{0};
    std::atomic<int> delivered{0};
    telegram_fixture f{[&](const recorded_request& r) {
        if (!r.target.ends_with("/sendMessage")) {
            return scripted_reply{};
        }
        int n = calls++;
        if (n == 0) {
            return json_reply(502, "bad gateway");
        }
        if (n == 1) {
            scripted_reply drop;
            drop.drop_connection = true;
            return drop;
        }
        ++delivered;
        return json_reply(200, R"({"ok":true,"result":{"message_id":8}})");
    }};
    ASSERT_EQ(f.post(telegram_text(1, 5009, "/start")).status, 200);
    ASSERT_TRUE(wait_until([&] {
        return f.count("SELECT count(*) FROM outbox WHERE status = 'sent'") >= 1;
    }));
    EXPECT_EQ(delivered.load(), 1);
    EXPECT_GE(calls.load(), 3);
}

TEST(telegram_end_to_end, a_person_who_blocked_the_bot_is_not_retried) {
    std::atomic<int> calls{0};
    telegram_fixture f{[&](const recorded_request& r) {
        if (!r.target.ends_with("/sendMessage")) {
            return scripted_reply{};
        }
        ++calls;
        return json_reply(
            403,
            R"({"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"})"
        );
    }};
    ASSERT_EQ(f.post(telegram_text(1, 5010, "/start")).status, 200);
    ASSERT_TRUE(wait_until([&] {
        return f.count("SELECT count(*) FROM people WHERE reachable = 0") == 1;
    }));
    EXPECT_EQ(f.count("SELECT count(*) FROM outbox WHERE status = 'pending'"), 0);
    int seen = calls.load();
    EXPECT_EQ(seen, 1);
    // A later message from the same person (they unblocked) makes them reachable again.
    ASSERT_EQ(f.post(telegram_blocked(2, 5010)).status, 200);
    EXPECT_GE(seen, 1);
}

TEST(telegram_end_to_end, rapid_messages_to_one_chat_are_answered_in_order) {
    std::mutex times_mutex;
    std::vector<std::chrono::steady_clock::time_point> times;
    auto paced = fast_delivery();
    paced.rates["telegram"].per_chat_per_second = 10;  // a burst of 3, then every 100 ms
    telegram_fixture f{
        [&](const recorded_request& r) {
            if (r.target.ends_with("/sendMessage")) {
                std::lock_guard lock(times_mutex);
                times.push_back(std::chrono::steady_clock::now());
            }
            return scripted_reply{};
        },
        paced};
    ASSERT_EQ(f.post(telegram_text(1, 5011, "/start")).status, 200);
    ASSERT_TRUE(wait_until([&] { return !f.sends().empty(); }));
    // Alternate two commands whose answers differ: any reordering shows in the replies.
    const int rounds = 20;
    for (int i = 0; i < rounds; ++i) {
        ASSERT_EQ(
            f.post(telegram_text(100 + i, 5011, i % 2 == 0 ? "/help" : "/language")).status, 200
        );
    }
    ASSERT_TRUE(wait_until([&] {
        return f.count("SELECT count(*) FROM outbox WHERE status = 'pending'") == 0 &&
               f.count("SELECT count(*) FROM inbox WHERE processed_ms IS NULL") == 0;
    }));
    auto db =
        storage::connection::open(f.app->dir().path() / "zaedno.db", storage::open_mode::read_only);
    auto& st = db.prepared("SELECT text FROM messages WHERE direction = 'in' ORDER BY id");
    std::vector<std::string> inbound;
    while (st.step()) {
        inbound.push_back(st.text(0));
    }
    st.reset();
    ASSERT_EQ(inbound.size(), static_cast<std::size_t>(rounds + 1));
    for (int i = 0; i < rounds; ++i) {
        EXPECT_EQ(inbound[static_cast<std::size_t>(i) + 1], i % 2 == 0 ? "/help" : "/language")
            << i;
    }
    {
        // Within the chat's pace: n sends take at least (n - burst) intervals. A lower bound
        // only, so a slow machine cannot fail it.
        std::lock_guard lock(times_mutex);
        ASSERT_GE(times.size(), static_cast<std::size_t>(rounds));
        auto spread = times.back() - times.front();
        auto minimum = std::chrono::milliseconds(100) * static_cast<int>(times.size() - 3);
        EXPECT_GE(spread, minimum * 9 / 10);
    }
    // Outbound: the sendMessage calls arrive in the order the replies were queued.
    auto& out =
        db.prepared("SELECT count(*) FROM outbox WHERE method = 'sendMessage' AND status = 'sent'");
    out.step();
    EXPECT_EQ(static_cast<std::size_t>(out.int64(0)), f.sends().size());
    out.reset();
}

}  // namespace
}  // namespace zaedno::test

namespace zaedno::test {
namespace {

TEST(telegram_end_to_end, a_photo_is_acknowledged_kindly_and_kept_in_the_transcript) {
    telegram_fixture f;
    ASSERT_EQ(f.post(telegram_text(1, 5012, "/start")).status, 200);
    ASSERT_TRUE(wait_until([&] { return !f.sends().empty() && f.settled(); }));
    auto photo = json::parse(telegram_text(2, 5012, "x"));
    photo["message"].erase("text");
    photo["message"]["photo"] = json::array(
        {{{"file_id", "AgADBAAD-photo"}, {"file_unique_id", "u1"}, {"width", 90}, {"height", 90}}}
    );
    ASSERT_EQ(f.post(photo.dump()).status, 200);
    ASSERT_TRUE(wait_until([&] { return f.sends().size() >= 2 && f.settled(); }));
    auto reply = json::parse(f.sends().back().body)["text"].get<std::string>();
    EXPECT_NE(reply.find("file"), std::string::npos) << reply;
    EXPECT_EQ(
        f.count("SELECT count(*) FROM messages WHERE text LIKE '[photo] AgADBAAD-photo%'"), 1
    );
}

}  // namespace
}  // namespace zaedno::test
