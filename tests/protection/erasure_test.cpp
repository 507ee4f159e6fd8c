// /forget over the fake Telegram API: the person's texts and profile leave the SQLite file,
// anonymous counts stay, the confirmation goes out; consent keeps its notice version.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "bot/storage/connection.hpp"
#include "tests/protection/telegram_person.hpp"

namespace zaedno::test {
namespace {

constexpr std::int64_t chat = 7700123;
const std::string secret_text = "my name is Olena Kovalenko, I live at Zlatovrah 12";

std::string file_bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST(erasure, consent_records_its_time_and_the_published_notice_version) {
    telegram_world world;
    world.greet(chat);
    auto& app = world.app();
    EXPECT_EQ(app.scalar("SELECT count(*) FROM people WHERE consent_at IS NOT NULL"), 1);
    EXPECT_EQ(
        app.scalar("SELECT count(*) FROM people p, content_versions v WHERE v.state = 'published' "
                   "AND p.consent_notice = v.notice_version AND length(v.notice_version) = 16"),
        1
    );
}

TEST(erasure, forget_leaves_no_text_or_profile_and_keeps_anonymous_counts) {
    telegram_world world;
    world.greet(chat);
    world.greet(chat + 1);  // someone else, who stays
    world.say(chat, secret_text);
    world.say(chat + 1, "hello from the other person");
    auto asked = world.say(chat, "/forget");
    ASSERT_FALSE(asked.empty());
    EXPECT_EQ(asked.back(), "Delete all your messages and data? This cannot be undone.");
    auto done = world.say(chat, "yes");
    ASSERT_FALSE(done.empty());
    EXPECT_EQ(done.back(), "Your data has been deleted. Goodbye, and take care.");
    auto& app = world.app();
    ASSERT_TRUE(wait_until([&] { return app.settled(); }));

    auto key = std::to_string(chat);
    EXPECT_EQ(app.scalar("SELECT count(*) FROM people WHERE channel_user = '" + key + "'"), 0);
    EXPECT_EQ(app.scalar("SELECT count(*) FROM people"), 1);
    EXPECT_EQ(app.scalar("SELECT count(*) FROM conversations"), 1);
    EXPECT_EQ(
        app.scalar("SELECT count(*) FROM messages WHERE text LIKE '%Olena%' OR text = '/forget'"), 0
    );
    EXPECT_GT(app.scalar("SELECT count(*) FROM messages"), 0);  // the other person's transcript
    EXPECT_EQ(
        app.scalar(
            "SELECT count(*) FROM outbox WHERE chat_key = '" + key + "' AND status <> 'pending'"
        ),
        1  // only the confirmation, sent after the erasure
    );
    EXPECT_EQ(app.scalar("SELECT count(*) FROM inbox WHERE chat_key = '" + key + "'"), 0);
    EXPECT_EQ(app.scalar("SELECT count(*) FROM inbox WHERE body IS NOT NULL"), 0);
    EXPECT_EQ(
        app.scalar("SELECT count FROM anonymous_counts WHERE metric = 'erasures' AND channel = "
                   "'telegram' AND language = 'en'"),
        1
    );
    // Both people were counted when they first wrote; erasing one takes nothing away.
    EXPECT_EQ(
        app.scalar("SELECT sum(count) FROM anonymous_counts WHERE metric = 'new_people' AND "
                   "channel = 'telegram'"),
        2
    );
    EXPECT_EQ(
        app.scalar("SELECT sum(count) FROM anonymous_counts WHERE metric = 'people_reached_day'"), 2
    );

    // Not even in freed pages or the write-ahead log: checkpoint, then read the raw bytes.
    app.stop();
    auto db = storage::connection::open(
        app.dir().path() / "zaedno.db", storage::open_mode::read_write_create
    );
    db.exec("PRAGMA wal_checkpoint(TRUNCATE); VACUUM;");
    auto bytes = file_bytes(app.dir().path() / "zaedno.db");
    EXPECT_EQ(bytes.find("Olena"), std::string::npos);
    EXPECT_EQ(bytes.find("Zlatovrah"), std::string::npos);
}

TEST(erasure, the_person_who_writes_again_starts_as_new_and_is_asked_for_consent) {
    telegram_world world;
    world.greet(chat);
    world.say(chat, "/forget");
    world.say(chat, "yes");
    auto again = world.say(chat, "hello");
    ASSERT_FALSE(again.empty());
    EXPECT_EQ(world.app().scalar("SELECT count(*) FROM people WHERE consent_at IS NULL"), 1);
}

TEST(erasure, answering_no_keeps_everything) {
    telegram_world world;
    world.greet(chat);
    world.say(chat, secret_text);
    world.say(chat, "/forget");
    auto kept = world.say(chat, "no");
    ASSERT_FALSE(kept.empty());
    EXPECT_EQ(kept.front(), "Nothing was deleted.");
    EXPECT_EQ(world.app().scalar("SELECT count(*) FROM messages WHERE text LIKE '%Olena%'"), 1);
    EXPECT_EQ(
        world.app().scalar("SELECT count(*) FROM anonymous_counts WHERE metric = 'erasures'"), 0
    );
}

}  // namespace
}  // namespace zaedno::test
