// A webhook's update is handled in the transaction that stores it, unless the chat has an
// older update still waiting: then it queues behind, so the chat's order holds.
#include <gtest/gtest.h>

#include "bot/storage/connection.hpp"
#include "tests/support/fake_http_server.hpp"
#include "tests/support/telegram_updates.hpp"
#include "tests/support/test_app.hpp"
#include "tests/support/wait_until.hpp"

namespace zaedno::test {
namespace {

constexpr const char* secret = "intake-secret";

struct intake_fixture {
    fake_http_server api;
    std::unique_ptr<test_app> app;

    intake_fixture() {
        auto base = api.base_url();
        app = std::make_unique<test_app>([&](app::config& c) {
            c.telegram.token = "1:INTAKE";
            c.telegram.secret = secret;
            c.telegram.api = base;
        });
    }

    int post(const std::string& body) {
        return http_call(
                   app->port(),
                   "POST",
                   "/webhooks/telegram",
                   body,
                   {{"Content-Type", "application/json"},
                    {"X-Telegram-Bot-Api-Secret-Token", secret}}
        ).status;
    }

    std::int64_t count(const std::string& sql) const { return app->scalar(sql); }
};

TEST(webhook_intake, the_answer_comes_after_the_update_is_handled_and_its_reply_queued) {
    intake_fixture f;
    ASSERT_EQ(f.post(telegram_text(1, 5101, "/start")), 200);
    // Read at once, before the delivery could have raced anything: all of it is committed.
    EXPECT_EQ(
        f.count("SELECT count(*) FROM inbox WHERE chat_key = '5101' AND processed_ms IS NOT NULL "
                "AND body IS NULL AND failure IS NULL"),
        1
    );
    EXPECT_EQ(
        f.count(
            "SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id "
            "JOIN people p ON p.id = c.person_id WHERE p.channel_user = '5101' AND m.direction = "
            "'in'"
        ),
        1
    );
    EXPECT_GE(f.count("SELECT count(*) FROM outbox WHERE chat_key = '5101'"), 1);
    EXPECT_EQ(
        f.count("SELECT count(*) FROM conversations c JOIN people p ON p.id = c.person_id "
                "WHERE p.channel_user = '5101' AND c.state <> '{}'"),
        1
    );
}

TEST(webhook_intake, an_update_waiting_from_before_is_handled_before_the_new_one) {
    intake_fixture f;
    {
        // As if a previous process stored this and died before processing it.
        auto db = storage::connection::open(
            f.app->dir().path() / "zaedno.db", storage::open_mode::read_write_create
        );
        db.prepared(
              "INSERT INTO inbox (channel, dedupe_key, chat_key, body, received_ms) "
              "VALUES ('telegram', '10', '5102', ?, 0)"
        )
            .bind(1, telegram_text(10, 5102, "/start"))
            .run();
    }
    ASSERT_EQ(f.post(telegram_text(11, 5102, "second words")), 200);
    ASSERT_TRUE(wait_until([&] {
        return f.count("SELECT count(*) FROM inbox WHERE processed_ms IS NULL") == 0;
    }));
    auto position = [&](const std::string& text) {
        return f.count(
            "SELECT m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id "
            "JOIN people p ON p.id = c.person_id WHERE p.channel_user = '5102' AND m.direction = "
            "'in' AND m.text = '" +
            text + "'"
        );
    };
    EXPECT_GT(position("/start"), 0);
    EXPECT_GT(position("second words"), position("/start"));
    EXPECT_EQ(f.count("SELECT count(*) FROM inbox WHERE failure IS NOT NULL"), 0);
}

TEST(webhook_intake, a_duplicate_of_an_update_handled_at_once_has_no_second_effect) {
    intake_fixture f;
    auto update = telegram_text(21, 5103, "/start");
    ASSERT_EQ(f.post(update), 200);
    auto queued = f.count("SELECT count(*) FROM outbox WHERE chat_key = '5103'");
    ASSERT_EQ(f.post(update), 200);
    EXPECT_EQ(f.count("SELECT count(*) FROM outbox WHERE chat_key = '5103'"), queued);
    EXPECT_EQ(f.count("SELECT count(*) FROM inbox WHERE chat_key = '5103'"), 1);
}

}  // namespace
}  // namespace zaedno::test
