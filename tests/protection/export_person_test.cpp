// `zaedno export-person CHANNEL ID` through the real binary: everything stored about one
// person, and nothing about anyone else.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/protection/telegram_person.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/paths.hpp"

namespace zaedno::test {
namespace {

TEST(export_person, prints_profile_state_transcript_and_deliveries_as_json) {
    telegram_world world;
    world.greet(4401);
    world.greet(4402);
    world.say(4401, "I need a doctor for my son");
    auto& app = world.app();
    // A table of another part that names the conversation (as appointments or notes do).
    auto job = [](storage::connection& c) {
        c.exec(
            "CREATE TABLE IF NOT EXISTS appointments (id INTEGER PRIMARY KEY, person_id INTEGER "
            "NOT NULL, service TEXT NOT NULL, at INTEGER NOT NULL) STRICT"
        );
        c.exec(
            "INSERT INTO appointments (person_id, service, at) SELECT id, 'doctor', 1800000000 "
            "FROM people WHERE channel_user = '4401'"
        );
    };
    app.app().database().run_sync(job);
    auto db_path = (app.dir().path() / "zaedno.db").string();

    auto result = run_process(
        zaedno_binary(), {"export-person", "telegram", "4401"}, {{"ZAEDNO_DB", db_path}}
    );
    ASSERT_EQ(result.exit_code, 0) << result.err;
    auto doc = nlohmann::json::parse(result.out);
    EXPECT_EQ(doc["channel"], "telegram");
    EXPECT_EQ(doc["id"], "4401");
    EXPECT_EQ(doc["profile"]["language"], "en");
    EXPECT_FALSE(doc["profile"]["consent_at"].is_null());
    EXPECT_EQ(doc["profile"]["consent_notice"].get<std::string>().size(), 16u);
    EXPECT_EQ(doc["conversation"]["status"], "bot");
    EXPECT_EQ(doc["conversation"]["state"]["language"], "en");
    bool saw_text = false;
    bool saw_reply = false;
    for (const auto& m : doc["messages"]) {
        saw_text = saw_text || m["text"] == "I need a doctor for my son";
        saw_reply = saw_reply || m["author"] == "bot";
    }
    EXPECT_TRUE(saw_text);
    EXPECT_TRUE(saw_reply);
    ASSERT_EQ(doc["related"]["appointments"].size(), 1u);
    EXPECT_EQ(doc["related"]["appointments"][0]["service"], "doctor");
    EXPECT_GE(doc["outbox"].size(), 4u);
    EXPECT_EQ(doc["outbox"][0]["method"], "sendMessage");
    EXPECT_GE(doc["inbox"].size(), 4u);
    EXPECT_EQ(result.out.find("4402"), std::string::npos);

    auto unknown = run_process(
        zaedno_binary(), {"export-person", "telegram", "999"}, {{"ZAEDNO_DB", db_path}}
    );
    EXPECT_EQ(unknown.exit_code, 1);
    EXPECT_TRUE(unknown.out.empty());
}

}  // namespace
}  // namespace zaedno::test
