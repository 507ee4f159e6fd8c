// The content REST calls as an admin uses them: draft → validate → diff → publish → roll back,
// a refused invalid draft, roles, and a publish that removes the node a live conversation
// stands on (over the fake Telegram API).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/protection/telegram_person.hpp"
#include "tests/support/api_session.hpp"

namespace zaedno::test {
namespace {

using nlohmann::json;
using ordered = nlohmann::ordered_json;

constexpr const char* new_prompt = "What do you need today?";

struct admin_session {
    test_app& app;
    std::string token;

    explicit admin_session(test_app& a) : app(a), token(login_as(a, "ana", auth::role::admin)) {}

    http_reply call(
        const std::string& method, const std::string& target, const std::string& body = ""
    ) {
        return api_call(app, token, method, target, body);
    }

    json ok(const std::string& method, const std::string& target, const std::string& body = "") {
        auto reply = call(method, target, body);
        EXPECT_EQ(reply.status, 200u) << method << " " << target << ": " << reply.body;
        return json::parse(reply.body, nullptr, false);
    }

    ordered published_file(const std::string& path) {
        auto reply = call("GET", "/api/v1/content/published");
        return ordered::parse(reply.body)["files"][path];
    }
};

std::string english_prompt(test_app& app) {
    return app.app().dialogs()->catalog().format("en", "menu.prompt").text;
}

TEST(content_api, draft_validate_diff_publish_and_roll_back) {
    test_app app;
    admin_session admin(app);
    auto published = admin.ok("GET", "/api/v1/content/published");
    EXPECT_EQ(published["version"]["id"], 1);
    EXPECT_EQ(published["version"]["source"], "seed");
    EXPECT_TRUE(published["files"].contains("dialogs/main_menu.json"));
    EXPECT_EQ(admin.call("GET", "/api/v1/content/draft").status, 404u);
    auto old_prompt = english_prompt(app);

    auto en = admin.published_file("locales/en.json");
    en["menu.prompt"] = new_prompt;
    auto saved = admin.ok("PUT", "/api/v1/content/draft/locales/en", en.dump());
    EXPECT_EQ(saved["version"]["state"], "draft");
    EXPECT_EQ(saved["version"]["based_on"], 1);
    EXPECT_EQ(saved["version"]["revision"], 1);
    EXPECT_EQ(english_prompt(app), old_prompt);  // a draft changes nothing live

    auto draft = admin.ok("GET", "/api/v1/content/draft");
    EXPECT_EQ(draft["files"]["locales/en.json"]["menu.prompt"], new_prompt);
    EXPECT_EQ(draft["files"].size(), published["files"].size());

    auto diff = admin.ok("GET", "/api/v1/content/draft/diff");
    EXPECT_TRUE(diff["flows"].empty());
    ASSERT_EQ(diff["locales"].size(), 1u);
    EXPECT_EQ(diff["locales"][0]["language"], "en");
    ASSERT_EQ(diff["locales"][0]["keys"].size(), 1u);
    EXPECT_EQ(
        diff["locales"][0]["keys"][0],
        (json{
            {"key", "menu.prompt"},
            {"status", "changed"},
            {"published", old_prompt},
            {"draft", new_prompt}})
    );

    auto checked = admin.ok("POST", "/api/v1/content/draft/validate");
    EXPECT_EQ(checked["valid"], true);
    EXPECT_TRUE(checked["errors"].empty());

    auto live = admin.ok("POST", "/api/v1/content/draft/publish", R"({"note":"clearer menu"})");
    EXPECT_EQ(live["version"]["id"], 2);
    EXPECT_EQ(live["version"]["state"], "published");
    EXPECT_EQ(live["version"]["note"], "clearer menu");
    EXPECT_EQ(app.app().content_version(), 2);
    EXPECT_EQ(english_prompt(app), new_prompt);
    EXPECT_EQ(admin.call("GET", "/api/v1/content/draft").status, 404u);

    auto history = admin.ok("GET", "/api/v1/content/versions");
    ASSERT_EQ(history["items"].size(), 2u);
    EXPECT_EQ(history["items"][0]["id"], 2);
    EXPECT_EQ(history["items"][1]["state"], "superseded");

    auto back = admin.ok("POST", "/api/v1/content/versions/1/rollback");
    EXPECT_EQ(back["version"]["id"], 3);
    EXPECT_EQ(back["version"]["source"], "rollback");
    EXPECT_EQ(back["version"]["based_on"], 1);
    EXPECT_EQ(english_prompt(app), old_prompt);
    auto v1 = admin.ok("GET", "/api/v1/content/versions/1");
    auto v3 = admin.ok("GET", "/api/v1/content/versions/3");
    EXPECT_EQ(v1["files"], v3["files"]);
    EXPECT_EQ(admin.call("POST", "/api/v1/content/versions/99/rollback").status, 404u);

    EXPECT_EQ(app.scalar("SELECT count(*) FROM audit_log WHERE action = 'content.draft_saved'"), 1);
    EXPECT_EQ(app.scalar("SELECT count(*) FROM audit_log WHERE action = 'content.published'"), 1);
    EXPECT_EQ(app.scalar("SELECT count(*) FROM audit_log WHERE action = 'content.rolled_back'"), 1);
    EXPECT_EQ(
        app.scalar(
            "SELECT count(*) FROM audit_log WHERE action LIKE 'content.%' AND username = 'ana'"
        ),
        3
    );
}

TEST(content_api, an_invalid_draft_is_refused_with_flow_node_and_field) {
    test_app app;
    admin_session admin(app);
    auto flow = admin.published_file("dialogs/main_menu.json");
    flow["nodes"]["about"]["choices"][0]["next"] = "gone_node";
    admin.ok("PUT", "/api/v1/content/draft/dialogs/main_menu", flow.dump());

    auto checked = admin.ok("POST", "/api/v1/content/draft/validate");
    EXPECT_EQ(checked["valid"], false);
    ASSERT_FALSE(checked["errors"].empty());
    auto first = checked["errors"][0];
    EXPECT_EQ(first["file"], "dialogs/main_menu.json");
    EXPECT_EQ(first["flow"], "main_menu");
    EXPECT_EQ(first["node"], "about");
    EXPECT_EQ(first["field"], "choices/0/next");
    EXPECT_NE(first["message"].get<std::string>().find("gone_node"), std::string::npos);

    auto refused = admin.call("POST", "/api/v1/content/draft/publish");
    EXPECT_EQ(refused.status, 422u);
    auto body = json::parse(refused.body);
    EXPECT_EQ(body["error"], "the draft does not validate");
    EXPECT_EQ(body["errors"][0]["node"], "about");
    EXPECT_EQ(app.app().content_version(), 1);
    EXPECT_EQ(app.scalar("SELECT count(*) FROM content_versions WHERE state = 'published'"), 1);
    EXPECT_EQ(app.scalar("SELECT id FROM content_versions WHERE state = 'published'"), 1);

    // A raw text with a syntax error can be saved, read back as text, and is reported.
    admin.ok("PUT", "/api/v1/content/draft/dialogs/help", json("{ \"flow\": ").dump());
    auto draft = admin.ok("GET", "/api/v1/content/draft");
    EXPECT_EQ(draft["files"]["dialogs/help.json"], "{ \"flow\": ");
    auto syntax = admin.ok("POST", "/api/v1/content/draft/validate");
    bool named = false;
    for (const auto& e : syntax["errors"]) {
        named = named || e["file"] == "dialogs/help.json";
    }
    EXPECT_TRUE(named) << syntax.dump();
    EXPECT_EQ(admin.call("DELETE", "/api/v1/content/draft").status, 204u);
    EXPECT_EQ(admin.call("POST", "/api/v1/content/draft/publish").status, 404u);
}

TEST(content_api, bad_requests_and_roles) {
    test_app app;
    admin_session admin(app);
    EXPECT_EQ(admin.call("PUT", "/api/v1/content/draft/dialogs/..%2Fx", "{}").status, 400u);
    EXPECT_EQ(admin.call("PUT", "/api/v1/content/draft/dialogs/help", "[1]").status, 400u);
    EXPECT_EQ(
        admin.call("PUT", "/api/v1/content/draft", R"({"files":{"../etc/x.json":{}}})").status, 400u
    );
    EXPECT_EQ(admin.call("PUT", "/api/v1/content/draft", "not json").status, 400u);
    EXPECT_EQ(admin.call("GET", "/api/v1/content/versions/abc").status, 400u);
    auto caseworker = login_as(app, "ben", auth::role::caseworker);
    EXPECT_EQ(api_call(app, caseworker, "GET", "/api/v1/content/published").status, 403u);
    EXPECT_EQ(api_call(app, caseworker, "POST", "/api/v1/content/draft/publish").status, 403u);
    EXPECT_EQ(http_call(app.port(), "GET", "/api/v1/content/versions").status, 401u);
}

TEST(content_api, whole_content_replace_removes_files_not_named) {
    test_app app;
    admin_session admin(app);
    auto files = admin.ok("GET", "/api/v1/content/published")["files"];
    files.erase("dialogs/help.json");
    admin.ok("PUT", "/api/v1/content/draft", json{{"files", files}}.dump());
    auto diff = admin.ok("GET", "/api/v1/content/draft/diff");
    ASSERT_EQ(diff["flows"].size(), 1u);
    EXPECT_EQ(diff["flows"][0]["flow"], "help");
    EXPECT_EQ(diff["flows"][0]["status"], "removed");
    // help is a global word's target: without it the draft cannot be published.
    EXPECT_EQ(admin.call("POST", "/api/v1/content/draft/publish").status, 422u);
}

TEST(content_api, a_conversation_whose_node_was_removed_continues_at_the_menu_with_an_apology) {
    telegram_world world;
    constexpr std::int64_t chat = 3300;
    world.greet(chat);
    auto about = world.press(chat, "about");
    ASSERT_FALSE(about.empty());
    EXPECT_EQ(
        world.app().scalar(
            "SELECT count(*) FROM conversations WHERE state LIKE '%\"node\":\"about\"%'"
        ),
        1
    );

    admin_session admin(world.app());
    auto flow = admin.published_file("dialogs/main_menu.json");
    flow["nodes"]["about_us"] = flow["nodes"]["about"];
    flow["nodes"].erase("about");
    for (auto& choice : flow["nodes"]["menu"]["choices"]) {
        if (choice["next"] == "about") {
            choice["next"] = "about_us";
        }
    }
    admin.ok("PUT", "/api/v1/content/draft/dialogs/main_menu", flow.dump());
    admin.ok("POST", "/api/v1/content/draft/publish");

    auto answer = world.press(chat, "privacy");
    ASSERT_EQ(answer.size(), 2u);
    EXPECT_EQ(
        answer[0],
        "Sorry, this part of the conversation has changed. Let us start again from the menu."
    );
    EXPECT_EQ(answer[1], "How can I help you?");
    // And the renamed node works for the next visit.
    auto again = world.press(chat, "about");
    ASSERT_FALSE(again.empty());
    EXPECT_EQ(again.back(), about.back());
}

TEST(content_api, the_apology_is_in_every_language) {
    test_app app;
    auto runtime = app.app().dialogs();
    std::set<std::string> texts;
    for (const char* lang : {"bg", "en", "ar", "fa", "uk", "ru"}) {
        EXPECT_TRUE(runtime->catalog().has(lang, "system.flow_changed")) << lang;
        texts.insert(runtime->catalog().format(lang, "system.flow_changed").text);
    }
    EXPECT_EQ(texts.size(), 6u);
    EXPECT_EQ(runtime->script().moved_on_key, "system.flow_changed");
}

}  // namespace
}  // namespace zaedno::test
