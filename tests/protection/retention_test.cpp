// The retention period: only what is older than it goes, the purge is counted, and the daily
// job's body runs once on demand in a live server.
#include "bot/protection/retention.hpp"

#include <future>

#include <gtest/gtest.h>

#include "bot/protection/person_data.hpp"
#include "bot/storage/database.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_app.hpp"

namespace zaedno::test {
namespace {

constexpr std::int64_t day = 86'400;
constexpr std::int64_t now = 1'800'000'000;  // a fixed "now": nothing here reads the clock

struct seeded_db {
    temp_dir dir;
    storage::database db{dir.path() / "z.db"};

    ~seeded_db() { db.close(); }

    /// A person with a conversation in `status`, last touched `idle_days` ago, with one
    /// message in and one out per entry of `message_ages` (days ago).
    std::int64_t person(
        const std::string& user,
        const std::string& status,
        std::int64_t idle_days,
        std::vector<std::int64_t> message_ages
    ) {
        auto job = [&](storage::connection& c) {
            c.prepared(
                 "INSERT INTO people (channel, channel_user, language, display_name, created_at) "
                 "VALUES ('telegram', ?, 'uk', 'Name of ' || ?, ?)"
            )
                .bind(1, user)
                .bind(2, user)
                .bind(3, now - 400 * day)
                .run();
            auto person_id = c.last_insert_rowid();
            c.prepared(
                 "INSERT INTO conversations (person_id, status, state, updated_at, created_at) "
                 "VALUES (?, ?, '{}', ?, ?)"
            )
                .bind(1, person_id)
                .bind(2, status)
                .bind(3, now - idle_days * day)
                .bind(4, now - 400 * day)
                .run();
            auto conversation_id = c.last_insert_rowid();
            for (auto age : message_ages) {
                for (const char* direction : {"in", "out"}) {
                    c.prepared(
                         "INSERT INTO messages (conversation_id, direction, author, text, at) "
                         "VALUES (?, ?, ?, 'text of ' || ?, ?)"
                    )
                        .bind(1, conversation_id)
                        .bind(2, direction)
                        .bind(3, std::string(direction) == "in" ? "user" : "bot")
                        .bind(4, user)
                        .bind(5, now - age * day)
                        .run();
                }
            }
            return person_id;
        };
        return db.run_sync(job);
    }

    std::int64_t count(const std::string& sql) {
        auto job = [&](storage::connection& c) {
            auto& st = c.prepared(sql);
            st.step();
            auto n = st.is_null(0) ? 0 : st.int64(0);
            st.reset();
            return n;
        };
        return db.run_sync(job);
    }
};

TEST(retention, purges_only_what_is_older_than_the_period) {
    seeded_db f;
    f.person("old_closed", "closed", 200, {300, 200});
    f.person("old_idle", "bot", 181, {181});
    f.person("recent_closed", "closed", 10, {190, 10});
    f.person("old_waiting", "waiting", 300, {300});
    f.person("old_assigned", "assigned", 250, {250});
    auto job = [](storage::connection& c) {
        c.prepared(
             "INSERT INTO inbox (channel, dedupe_key, chat_key, body, received_ms, processed_ms) "
             "VALUES ('telegram', 'old', 'x', NULL, ?, ?), ('telegram', 'new', 'x', NULL, ?, ?), "
             "('telegram', 'pending', 'x', '{}', ?, NULL)"
        )
            .bind(1, (now - 200 * day) * 1000)
            .bind(2, (now - 200 * day) * 1000)
            .bind(3, (now - day) * 1000)
            .bind(4, (now - day) * 1000)
            .bind(5, (now - 200 * day) * 1000)
            .run();
        c.prepared(
             "INSERT INTO outbox (channel, chat_key, method, body, status, created_ms, sent_ms) "
             "VALUES ('telegram', 'x', 'sendMessage', '{}', 'sent', ?, ?), "
             "('telegram', 'x', 'sendMessage', '{}', 'sent', ?, ?), "
             "('telegram', 'x', 'sendMessage', '{}', 'dead', ?, NULL), "
             "('telegram', 'x', 'sendMessage', '{}', 'pending', ?, NULL)"
        )
            .bind(1, (now - 200 * day) * 1000)
            .bind(2, (now - 200 * day) * 1000)
            .bind(3, (now - 2 * day) * 1000)
            .bind(4, (now - 2 * day) * 1000)
            .bind(5, (now - 190 * day) * 1000)
            .bind(6, (now - 300 * day) * 1000)
            .run();
        return protection::purge_expired(c, 180, now);
    };
    auto report = f.db.run_sync(job);
    EXPECT_EQ(report, (protection::purge_report{2, 6, 1, 2}));

    EXPECT_EQ(f.count("SELECT count(*) FROM people"), 3);
    EXPECT_EQ(
        f.count("SELECT count(*) FROM people WHERE channel_user IN ('old_closed', 'old_idle')"), 0
    );
    // recent_closed keeps its recent lines and loses the 190-day-old ones; conversations with
    // a caseworker stay, but their old lines go like everyone's.
    EXPECT_EQ(f.count("SELECT count(*) FROM messages WHERE text = 'text of recent_closed'"), 2);
    EXPECT_EQ(f.count("SELECT count(*) FROM messages WHERE text = 'text of old_waiting'"), 0);
    EXPECT_EQ(f.count("SELECT count(*) FROM messages WHERE text = 'text of old_assigned'"), 0);
    EXPECT_EQ(
        f.count("SELECT count(*) FROM conversations WHERE status IN ('waiting', 'assigned')"), 2
    );
    EXPECT_EQ(f.count("SELECT count(*) FROM inbox"), 2);
    EXPECT_EQ(f.count("SELECT count(*) FROM inbox WHERE dedupe_key = 'old'"), 0);
    EXPECT_EQ(f.count("SELECT count(*) FROM outbox"), 2);
    EXPECT_EQ(f.count("SELECT count(*) FROM outbox WHERE status = 'pending'"), 1);

    // What these people did was counted for reports when it happened (tests/reports); the
    // purge adds only itself, and folds nothing in a second time.
    EXPECT_EQ(
        f.count("SELECT sum(count) FROM anonymous_counts WHERE metric = 'purged_conversations'"), 2
    );
    EXPECT_EQ(
        f.count("SELECT count(*) FROM anonymous_counts WHERE metric <> 'purged_conversations'"), 0
    );
}

TEST(retention, nothing_is_due_inside_the_period) {
    seeded_db f;
    f.person("a", "closed", 179, {179, 1});
    auto job = [](storage::connection& c) {
        return protection::purge_expired(c, 180, now);
    };
    EXPECT_EQ(f.db.run_sync(job), protection::purge_report{});
    EXPECT_EQ(f.count("SELECT count(*) FROM messages"), 4);
    EXPECT_EQ(f.count("SELECT count(*) FROM anonymous_counts"), 0);
}

TEST(retention, the_daily_job_runs_once_on_demand_in_the_server) {
    test_app app([](app::config& c) { c.retention_days = 30; });
    auto job = [](storage::connection& c) {
        auto t = std::int64_t{std::time(nullptr)};
        c.prepared(
             "INSERT INTO people (channel, channel_user, created_at) VALUES ('viber', 'v1', ?)"
        )
            .bind(1, t - 90 * day)
            .run();
        c.prepared(
             "INSERT INTO conversations (person_id, status, updated_at, created_at) "
             "VALUES (?, 'closed', ?, ?)"
        )
            .bind(1, c.last_insert_rowid())
            .bind(2, t - 31 * day)
            .bind(3, t - 90 * day)
            .run();
    };
    app.app().database().run_sync(job);
    auto once =
        net::co_spawn(app.app().io_context(), app.app().retention().run_once(), net::use_future);
    auto report = once.get();
    EXPECT_EQ(report.conversations, 1);
    EXPECT_EQ(app.scalar("SELECT count(*) FROM people"), 0);
}

}  // namespace
}  // namespace zaedno::test
