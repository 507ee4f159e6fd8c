// PUT /api/v1/content/draft/data/{name}: a data file saved into the draft, the contact
// directory's shape checked with JSON pointers, and the published directory read by the
// `contacts` action after a publish.
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "bot/content/contacts_file.hpp"
#include "tests/support/api_session.hpp"
#include "tests/support/paths.hpp"

namespace zaedno::test {
namespace {

using ordered = nlohmann::ordered_json;

struct admin_calls {
    test_app& app;
    std::string token;

    explicit admin_calls(test_app& a) : app(a), token(login_as(a, "ana", auth::role::admin)) {}

    http_reply call(
        const std::string& method, const std::string& target, const std::string& body = ""
    ) {
        return api_call(app, token, method, target, body);
    }

    ordered file(const std::string& which, const std::string& path) {
        auto reply = call("GET", "/api/v1/content/" + which);
        EXPECT_EQ(reply.status, 200U) << reply.body;
        return ordered::parse(reply.body)["files"][path];
    }
};

constexpr const char* contacts = "dialogs/data/contacts.json";

TEST(content_data_api, saves_the_contact_directory_into_the_draft_and_publishes_it) {
    test_app app;
    admin_calls admin(app);
    auto directory = admin.file("published", contacts);
    ASSERT_TRUE(directory["contacts"].is_array());
    directory["contacts"][0]["phone"] = "+359 888 123 456";
    directory["contacts"].push_back(
        {{"topic", "mental_health"},
         {"name", "Линия за подкрепа"},
         {"phone", "0800 11 11"},
         {"hours", "Mon-Fri 9-17"},
         {"languages", {"bg", "uk"}}}
    );
    auto saved = admin.call("PUT", "/api/v1/content/draft/data/contacts", directory.dump());
    ASSERT_EQ(saved.status, 200U) << saved.body;
    EXPECT_EQ(admin.file("draft", contacts), directory);  // key order kept as sent
    EXPECT_EQ(admin.file("published", contacts)["contacts"][0]["phone"], "112");
    EXPECT_EQ(
        app.scalar(
            "SELECT count(*) FROM audit_log WHERE action = 'content.draft_saved' AND details "
            "LIKE '%dialogs/data/contacts.json%'"
        ),
        1
    );

    ASSERT_EQ(admin.call("POST", "/api/v1/content/draft/publish").status, 200U);
    EXPECT_EQ(admin.file("published", contacts), directory);
}

TEST(content_data_api, refuses_a_malformed_directory_naming_each_place) {
    test_app app;
    admin_calls admin(app);
    ordered bad = {
        {"contacts",
         {{{"topic", "mental_health"}, {"name", "Line"}, {"phone", "call us"}},
          {{"topic", "Mental Health"}, {"name", 5}, {"phone", "112"}, {"languages", {"English"}}},
          "not an entry"}}};
    auto reply = admin.call("PUT", "/api/v1/content/draft/data/contacts", bad.dump());
    ASSERT_EQ(reply.status, 422U) << reply.body;
    auto errors = ordered::parse(reply.body)["errors"];
    std::vector<std::string> paths;
    for (const auto& e : errors) {
        EXPECT_EQ(e["file"], contacts);
        paths.push_back(e["path"].get<std::string>());
    }
    EXPECT_EQ(
        paths,
        (std::vector<std::string>{
            "/contacts/0/phone",
            "/contacts/1/name",
            "/contacts/1/topic",
            "/contacts/1/languages/0",
            "/contacts/2"})
    );
    EXPECT_NE(reply.body.find("does not look like a phone number"), std::string::npos);
    EXPECT_EQ(admin.call("GET", "/api/v1/content/draft").status, 404U);  // nothing saved

    auto no_list = admin.call("PUT", "/api/v1/content/draft/data/contacts", R"({"contacts":{}})");
    EXPECT_EQ(no_list.status, 422U);
}

TEST(content_data_api, a_directory_saved_another_way_is_still_checked_before_publishing) {
    test_app app;
    admin_calls admin(app);
    auto published = admin.call("GET", "/api/v1/content/published");
    ASSERT_EQ(published.status, 200U);
    auto files = ordered::parse(published.body)["files"];
    files[contacts]["contacts"][0]["phone"] = "ask at the desk";
    auto saved = admin.call("PUT", "/api/v1/content/draft", ordered{{"files", files}}.dump());
    ASSERT_EQ(saved.status, 200U) << saved.body;  // a whole draft may be saved half-done

    auto publish = admin.call("POST", "/api/v1/content/draft/publish");
    ASSERT_EQ(publish.status, 422U) << publish.body;
    auto errors = ordered::parse(publish.body)["errors"];
    ASSERT_EQ(errors.size(), 1U) << publish.body;
    EXPECT_EQ(errors[0]["file"], contacts);
    EXPECT_EQ(errors[0]["path"], "/contacts/0/phone");
    EXPECT_TRUE(errors[0]["line"].is_number());
    EXPECT_EQ(admin.file("published", contacts)["contacts"][0]["phone"], "112");
}

TEST(content_data_api, other_data_files_need_only_be_objects_and_names_stay_plain) {
    test_app app;
    admin_calls admin(app);
    EXPECT_EQ(
        admin.call("PUT", "/api/v1/content/draft/data/extra", R"({"any":[1,2]})").status, 200U
    );
    EXPECT_EQ(admin.file("draft", "dialogs/data/extra.json")["any"][1], 2);
    EXPECT_EQ(admin.call("PUT", "/api/v1/content/draft/data/extra", "[1]").status, 400U);
    EXPECT_EQ(admin.call("PUT", "/api/v1/content/draft/data/extra", "nope").status, 400U);
    EXPECT_EQ(admin.call("PUT", "/api/v1/content/draft/data/Bad.Name", "{}").status, 400U);
    auto caseworker = login_as(app, "mira", auth::role::caseworker);
    EXPECT_EQ(
        api_call(app, caseworker, "PUT", "/api/v1/content/draft/data/extra", "{}").status, 403U
    );
}

TEST(contacts_file, phone_numbers_look_like_phone_numbers) {
    for (const char* good : {"112", "116 111", "+359 2 000 0000", "(02) 123-45-67", "0800/11.11"}) {
        EXPECT_TRUE(content::looks_like_phone(good)) << good;
    }
    for (const char* bad :
         {"",
          "12",
          "call 112",
          "+",
          "359+2",
          "1234567890123456",
          "112 ",
          "ext. 5",
          "+359 2 000 0000 x"}) {
        EXPECT_FALSE(content::looks_like_phone(bad)) << bad;
    }
}

TEST(contacts_file, the_shipped_directory_is_clean) {
    std::ifstream file(source_dir() / "dialogs" / "data" / "contacts.json");
    auto doc = ordered::parse(file);
    ASSERT_FALSE(doc["contacts"].empty());
    EXPECT_TRUE(content::check_contacts(doc).empty());
    EXPECT_EQ(content::check_contacts(ordered::array()).size(), 1U);
    EXPECT_EQ(content::check_contacts(ordered::object()).front().path, "/contacts");
    auto missing = content::check_contacts(ordered::parse(R"({"contacts":[{"hours":3}]})"));
    std::vector<std::string> messages;
    for (const auto& p : missing) {
        messages.push_back(p.path + ": " + p.message);
    }
    EXPECT_EQ(
        messages,
        (std::vector<std::string>{
            "/contacts/0/topic: topic is missing",
            "/contacts/0/name: name is missing",
            "/contacts/0/phone: phone is missing",
            "/contacts/0/hours: hours must be text"})
    );
}

}  // namespace
}  // namespace zaedno::test
