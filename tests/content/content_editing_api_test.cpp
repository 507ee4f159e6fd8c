// The REST calls the content pages add: the source language, the translation table with its
// missing and stale marks from the real version history, validator messages with their line,
// and a draft started from an older version refused at publishing.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/api_session.hpp"

namespace zaedno::test {
namespace {

using nlohmann::json;
using ordered = nlohmann::ordered_json;

struct editor {
    test_app& app;
    std::string token;

    explicit editor(test_app& a) : app(a), token(login_as(a, "ana", auth::role::admin)) {}

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

    ordered working_file(const std::string& path) {
        auto draft = call("GET", "/api/v1/content/draft");
        auto source = draft.status == 200 ? draft : call("GET", "/api/v1/content/published");
        return ordered::parse(source.body)["files"][path];
    }

    void set_text(const std::string& language, const std::string& key, const std::string& text) {
        auto doc = working_file("locales/" + language + ".json");
        if (text.empty()) {
            doc.erase(key);
        } else {
            doc[key] = text;
        }
        ok("PUT", "/api/v1/content/draft/locales/" + language, doc.dump());
    }

    json row(const std::string& key) {
        auto table = ok("GET", "/api/v1/content/translations");
        for (const auto& r : table["keys"]) {
            if (r["key"] == key) {
                return r;
            }
        }
        ADD_FAILURE() << "no row for " << key;
        return json::object();
    }
};

TEST(content_editing_api, settings_name_the_configured_source_language) {
    test_app app([](app::config& c) { c.default_language = "bg"; });
    editor admin(app);
    auto settings = admin.ok("GET", "/api/v1/content/settings");
    EXPECT_EQ(settings["default_language"], "bg");
    EXPECT_FALSE(settings["time_zone"].get<std::string>().empty());
    EXPECT_EQ(admin.ok("GET", "/api/v1/content/translations")["source_language"], "bg");
}

TEST(content_editing_api, translations_mark_missing_and_stale_texts_across_versions) {
    test_app app;
    editor admin(app);
    auto table = admin.ok("GET", "/api/v1/content/translations");
    EXPECT_EQ(table["source_language"], "en");
    EXPECT_EQ(table["version"]["id"], 1);
    EXPECT_EQ(table["languages"].size(), 6u);
    EXPECT_EQ(table["languages"][0], "en");
    auto prompt = admin.row("menu.prompt");
    for (const auto& [language, status] : prompt["status"].items()) {
        EXPECT_EQ(status, language == "en" ? "source" : "ok") << language;
    }

    // The draft: the source text changes, Bulgarian follows, Arabic loses its text.
    admin.set_text("en", "menu.prompt", "What do you need today?");
    admin.set_text("bg", "menu.prompt", "От какво имате нужда днес?");
    admin.set_text("ar", "menu.prompt", "");
    auto draft_row = admin.row("menu.prompt");
    EXPECT_EQ(draft_row["texts"]["en"], "What do you need today?");
    EXPECT_EQ(draft_row["status"]["bg"], "ok");
    EXPECT_EQ(draft_row["status"]["ar"], "missing");
    EXPECT_EQ(draft_row["status"]["uk"], "stale");
    EXPECT_EQ(draft_row["source_was"]["uk"], admin.row("menu.prompt")["source_was"]["uk"]);
    EXPECT_FALSE(draft_row["source_was"]["uk"].get<std::string>().empty());
    EXPECT_NE(draft_row["source_was"]["uk"], "What do you need today?");
    auto draft_table = admin.ok("GET", "/api/v1/content/translations");
    EXPECT_EQ(draft_table["version"]["state"], "draft");
    EXPECT_GE(draft_table["counts"]["uk"]["stale"].get<int>(), 1);

    // Published, and the Ukrainian text updated in a later version: current again, while
    // Russian stays stale across the versions.
    admin.set_text("ar", "menu.prompt", "ماذا تحتاج اليوم؟");
    admin.ok("POST", "/api/v1/content/draft/publish", R"({"note":"new prompt"})");
    EXPECT_EQ(admin.row("menu.prompt")["status"]["uk"], "stale");
    admin.set_text("uk", "menu.prompt", "Що вам потрібно сьогодні?");
    admin.ok("POST", "/api/v1/content/draft/publish");
    auto later = admin.row("menu.prompt");
    EXPECT_EQ(later["status"]["uk"], "ok");
    EXPECT_EQ(later["status"]["ar"], "ok");
    EXPECT_EQ(later["status"]["ru"], "stale");
    EXPECT_EQ(later["changed_in"]["uk"], 3);
    EXPECT_EQ(later["changed_in"]["ru"], 1);

    // Rolling back to the seed makes the old source text current again.
    admin.ok("POST", "/api/v1/content/versions/1/rollback");
    EXPECT_EQ(admin.row("menu.prompt")["status"]["ru"], "ok");

    auto caseworker = login_as(app, "ben", auth::role::caseworker);
    EXPECT_EQ(api_call(app, caseworker, "GET", "/api/v1/content/translations").status, 403u);
}

TEST(content_editing_api, a_stale_translation_can_be_marked_still_correct) {
    test_app app;
    editor admin(app);
    // A typo fix in the source leaves every translation's meaning intact.
    auto source = admin.row("menu.prompt")["texts"]["en"].get<std::string>();
    admin.set_text("en", "menu.prompt", source + " ");
    ASSERT_EQ(admin.row("menu.prompt")["status"]["uk"], "stale");
    const std::string path = "/api/v1/content/translations/review";

    auto marked = admin.ok("POST", path, R"({"language": "uk", "key": "menu.prompt"})");
    EXPECT_EQ(marked["status"], "ok");
    auto row = admin.row("menu.prompt");
    EXPECT_EQ(row["status"]["uk"], "ok");
    EXPECT_EQ(row["reviewed"]["uk"], true);
    EXPECT_EQ(row["status"]["ru"], "stale");  // only the language that was checked
    EXPECT_EQ(
        app.scalar("SELECT count(*) FROM audit_log WHERE action = 'content.translation_reviewed'"),
        1
    );

    // Kept through publishing; lost when the source changes again.
    admin.ok("POST", "/api/v1/content/draft/publish");
    EXPECT_EQ(admin.row("menu.prompt")["status"]["uk"], "ok");
    admin.set_text("en", "menu.prompt", "Something else entirely");
    EXPECT_EQ(admin.row("menu.prompt")["status"]["uk"], "stale");

    // Only a stale cell can be marked, and the request must name one.
    auto current = admin.call("POST", path, R"({"language": "en", "key": "menu.prompt"})");
    EXPECT_EQ(current.status, 409u);
    EXPECT_EQ(json::parse(current.body)["status"], "source");
    EXPECT_EQ(admin.call("POST", path, R"({"language": "uk", "key": "no.such.key"})").status, 404u);
    EXPECT_EQ(admin.call("POST", path, R"({"language": "uk"})").status, 400u);
    EXPECT_EQ(admin.call("POST", path, "not json").status, 400u);
    auto caseworker = login_as(app, "ben", auth::role::caseworker);
    EXPECT_EQ(
        api_call(app, caseworker, "POST", path, R"({"language": "uk", "key": "menu.prompt"})")
            .status,
        403u
    );
}

TEST(content_editing_api, validator_messages_carry_the_line_in_the_raw_file) {
    test_app app;
    editor admin(app);
    // A raw text with a dangling reference on line 6 and an unknown field on line 7.
    std::string flow = R"({
  "flow": "help",
  "start": "start",
  "nodes": {
    "start": {
      "kind": "say", "text": "help.text", "next": "nowhere",
      "colour": "red"
    }
  }
}
)";
    admin.ok("PUT", "/api/v1/content/draft/dialogs/help", json(flow).dump());
    auto raw = admin.ok("GET", "/api/v1/content/draft?format=raw");
    EXPECT_EQ(raw["files"]["dialogs/help.json"], flow);
    EXPECT_TRUE(raw["files"]["locales/en.json"].is_string());
    EXPECT_TRUE(admin.ok("GET", "/api/v1/content/draft")["files"]["dialogs/help.json"].is_object());
    EXPECT_TRUE(admin.ok("GET", "/api/v1/content/versions/1?format=raw")["files"]["locales/en.json"]
                    .is_string());
    auto checked = admin.ok("POST", "/api/v1/content/draft/validate");
    std::map<std::string, int> lines;
    for (const auto& e : checked["errors"]) {
        if (e["file"] == "dialogs/help.json") {
            lines[e["field"].get<std::string>()] = e.value("line", 0);
        }
    }
    EXPECT_EQ(lines["colour"], 7) << checked.dump(2);

    // A syntax error: its line comes from the parser's byte position.
    admin.ok(
        "PUT",
        "/api/v1/content/draft/dialogs/help",
        json("{\n  \"flow\": \"help\",\n  \"start\" \"x\"\n}").dump()
    );
    auto syntax = admin.ok("POST", "/api/v1/content/draft/validate");
    int syntax_line = 0;
    for (const auto& e : syntax["errors"]) {
        if (e["file"] == "dialogs/help.json") {
            syntax_line = e.value("line", 0);
        }
    }
    EXPECT_EQ(syntax_line, 3) << syntax.dump(2);
    auto refused = admin.call("POST", "/api/v1/content/draft/publish");
    EXPECT_EQ(refused.status, 422u);
    EXPECT_EQ(json::parse(refused.body)["errors"][0]["line"], 3);
}

TEST(content_editing_api, a_draft_started_before_a_newer_publish_is_refused_until_confirmed) {
    test_app app;
    editor admin(app);
    admin.set_text("en", "menu.prompt", "Draft text");
    // Meanwhile another admin rolls back (publishing version 2).
    auto other = login_as(app, "olga", auth::role::admin);
    auto rolled = api_call(app, other, "POST", "/api/v1/content/versions/1/rollback");
    ASSERT_EQ(rolled.status, 200u);
    auto newer = json::parse(rolled.body)["version"]["id"].get<std::int64_t>();
    EXPECT_EQ(app.app().content_version(), newer);
    auto newer_text = std::to_string(newer);

    auto refused = admin.call("POST", "/api/v1/content/draft/publish", R"({"note":"mine"})");
    ASSERT_EQ(refused.status, 409u) << refused.body;
    auto body = json::parse(refused.body);
    EXPECT_EQ(body["reason"], "outdated");
    EXPECT_EQ(body["draft"]["based_on"], 1);
    EXPECT_EQ(body["published"]["id"], newer);
    EXPECT_NE(body["error"].get<std::string>().find("version " + newer_text), std::string::npos);
    EXPECT_EQ(app.app().content_version(), newer);
    EXPECT_EQ(app.scalar("SELECT count(*) FROM content_versions WHERE state = 'draft'"), 1);

    // Naming a version that is not the published one changes nothing.
    EXPECT_EQ(
        admin.call("POST", "/api/v1/content/draft/publish", R"({"replaces": 1})").status, 409u
    );
    EXPECT_EQ(
        admin.call("POST", "/api/v1/content/draft/publish", R"({"replaces": "2"})").status, 400u
    );
    auto published = admin.ok(
        "POST", "/api/v1/content/draft/publish", R"({"note":"mine","replaces":)" + newer_text + "}"
    );
    EXPECT_EQ(published["version"]["state"], "published");
    EXPECT_EQ(published["version"]["based_on"], 1);
    // Published under a new id, so the server (which runs the highest id) switches to it.
    EXPECT_GT(published["version"]["id"].get<std::int64_t>(), newer);
    EXPECT_EQ(published["version"]["note"], "mine");
    EXPECT_EQ(app.scalar("SELECT count(*) FROM content_versions WHERE state = 'draft'"), 0);
    EXPECT_EQ(app.app().dialogs()->catalog().format("en", "menu.prompt").text, "Draft text");
    EXPECT_EQ(app.app().content_version(), published["version"]["id"].get<std::int64_t>());
    EXPECT_EQ(
        app.scalar(
            "SELECT count(*) FROM audit_log WHERE action = 'content.published' AND "
            "json_extract(details, '$.replaced') = " +
            newer_text
        ),
        1
    );
}

}  // namespace
}  // namespace zaedno::test
