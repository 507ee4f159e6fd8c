// The caseworker REST API over real HTTP: queue, claim, relay both ways through the fake
// Telegram server, release, close, notes, assign, canned replies and the audit trail.
#include <latch>
#include <thread>

#include <gtest/gtest.h>

#include "tests/handoff/handoff_fixture.hpp"

namespace zaedno::test {
namespace {

using nlohmann::json;

json body_of(const http_reply& r) {
    return json::parse(r.body);
}

TEST(handoff_api, every_call_needs_a_session_and_admin_calls_need_the_admin_role) {
    handoff_fixture f;
    auto caseworker = login_as(*f.app, "mira", auth::role::caseworker);
    EXPECT_EQ(f.app->get("/api/v1/conversations").status, 401);
    EXPECT_EQ(f.app->get("/api/v1/canned-replies").status, 401);
    EXPECT_EQ(http_call(f.app->port(), "POST", "/api/v1/conversations/1/claim").status, 401);
    auto canned = json{{"language", "en"}, {"title", "Hello"}, {"text", "Hello!"}};
    EXPECT_EQ(f.call(caseworker, "POST", "/api/v1/canned-replies", canned).status, 403);
    EXPECT_EQ(f.call(caseworker, "DELETE", "/api/v1/canned-replies/1").status, 403);
    EXPECT_EQ(f.call(caseworker, "GET", "/api/v1/audit").status, 403);
    EXPECT_EQ(f.call(caseworker, "GET", "/api/v1/conversations").status, 200);
    EXPECT_EQ(f.call(caseworker, "GET", "/api/v1/conversations?status=lost").status, 400);
    EXPECT_EQ(f.call(caseworker, "GET", "/api/v1/conversations/999").status, 404);
}

TEST(handoff_api, the_queue_lists_waiting_people_longest_waiting_first_with_their_details) {
    handoff_fixture f;
    auto first = f.waiting_person(7001, "ar");
    auto second = f.waiting_person(7002, "uk");
    auto token = login_as(*f.app, "mira", auth::role::caseworker);
    auto reply = f.call(token, "GET", "/api/v1/conversations?status=waiting");
    ASSERT_EQ(reply.status, 200);
    auto items = body_of(reply)["items"];
    ASSERT_EQ(items.size(), 2U);
    EXPECT_EQ(items[0]["id"], first);
    EXPECT_EQ(items[1]["id"], second);
    EXPECT_EQ(items[0]["channel"], "telegram");
    EXPECT_EQ(items[0]["status"], "waiting");
    EXPECT_EQ(items[0]["priority"], "normal");
    EXPECT_EQ(items[0]["language"], "ar");
    EXPECT_EQ(items[0]["handoff_reason"], "requested");
    EXPECT_TRUE(items[0]["assigned_to"].is_null());
    EXPECT_EQ(items[0]["crisis"], false);
    EXPECT_EQ(items[0]["unread"], 1);  // the /human line
    EXPECT_EQ(items[0]["waiting_since"].get<std::string>().size(), 20U);
    EXPECT_EQ(items[0]["display_name"], "Test");
    EXPECT_FALSE(items[0]["last_message_at"].is_null());
    auto bots = body_of(f.call(token, "GET", "/api/v1/conversations?status=bot,closed"))["items"];
    EXPECT_TRUE(bots.empty());
}

TEST(handoff_api, two_caseworkers_claiming_at_once_exactly_one_wins) {
    handoff_fixture f;
    auto mira = login_as(*f.app, "mira", auth::role::caseworker);
    auto omar = login_as(*f.app, "omar", auth::role::caseworker);
    for (std::int64_t chat = 7101; chat < 7106; ++chat) {
        auto id = f.waiting_person(chat);
        auto path = handoff_fixture::conversation_path(id, "/claim");
        http_reply a;
        http_reply b;
        std::latch start(2);
        std::thread first([&] {
            start.arrive_and_wait();
            a = api_call(*f.app, mira, "POST", path);
        });
        std::thread second([&] {
            start.arrive_and_wait();
            b = api_call(*f.app, omar, "POST", path);
        });
        first.join();
        second.join();
        ASSERT_EQ(std::min(a.status, b.status), 200U) << a.body << b.body;
        ASSERT_EQ(std::max(a.status, b.status), 409U) << a.body << b.body;
        const auto& won = a.status == 200 ? a : b;
        const auto& lost = a.status == 200 ? b : a;
        auto winner = body_of(won)["assigned_to"].get<std::string>();
        EXPECT_EQ(body_of(lost)["assigned_to"], winner);
        EXPECT_EQ(body_of(won)["status"], "assigned");
        // Claiming again is harmless for the holder and still refused for the other.
        const auto& holder = winner == "mira" ? mira : omar;
        const auto& other = winner == "mira" ? omar : mira;
        EXPECT_EQ(api_call(*f.app, holder, "POST", path).status, 200);
        EXPECT_EQ(api_call(*f.app, other, "POST", path).status, 409);
    }
}

TEST(handoff_api, replies_relay_both_ways_and_the_assistant_stays_quiet) {
    handoff_fixture f;
    auto id = f.waiting_person(7201);
    auto token = login_as(*f.app, "mira", auth::role::caseworker);
    auto sent_before = f.sent_to(7201).size();
    ASSERT_EQ(f.call(token, "POST", handoff_fixture::conversation_path(id, "/claim")).status, 200);
    ASSERT_TRUE(wait_until([&] { return f.received(7201, f.text("en", "handoff.claimed")); }));

    auto reply = f.call(
        token,
        "POST",
        handoff_fixture::conversation_path(id, "/messages"),
        json{{"text", "Hello, I am Mira. How can I help?"}}
    );
    ASSERT_EQ(reply.status, 202) << reply.body;
    EXPECT_EQ(body_of(reply)["author"], "caseworker");
    EXPECT_EQ(body_of(reply)["caseworker"], "mira");
    ASSERT_TRUE(wait_until([&] { return f.received(7201, "Hello, I am Mira. How can I help?"); }));

    f.write(7201, "I need help with my rent contract");
    ASSERT_TRUE(f.settle());
    auto view = f.call(token, "GET", handoff_fixture::conversation_path(id));
    ASSERT_EQ(view.status, 200);
    auto conversation = body_of(view);
    const auto& messages = conversation["messages"];
    ASSERT_GE(messages.size(), 3U);
    const auto& last = messages.back();
    EXPECT_EQ(last["direction"], "in");
    EXPECT_EQ(last["author"], "user");
    EXPECT_EQ(last["text"], "I need help with my rent contract");
    EXPECT_TRUE(last["attachment"].is_null());
    EXPECT_EQ(messages[messages.size() - 2]["author"], "caseworker");
    EXPECT_EQ(messages[messages.size() - 2]["caseworker"], "mira");
    EXPECT_TRUE(last["caseworker"].is_null());
    EXPECT_EQ(conversation["unread"], 1);
    EXPECT_EQ(conversation["status"], "assigned");
    EXPECT_EQ(conversation["assigned_to"], "mira");
    EXPECT_TRUE(conversation["appointments"].is_array());
    EXPECT_TRUE(conversation["office_hours_open"].get<bool>());
    // The claim notice and the caseworker's reply only: the assistant said nothing more.
    EXPECT_EQ(f.sent_to(7201).size(), sent_before + 2);

    ASSERT_EQ(f.call(token, "POST", handoff_fixture::conversation_path(id, "/read")).status, 204);
    EXPECT_EQ(body_of(f.call(token, "GET", handoff_fixture::conversation_path(id)))["unread"], 0);
}

TEST(handoff_api, only_the_holder_may_reply) {
    handoff_fixture f;
    auto id = f.waiting_person(7301);
    auto mira = login_as(*f.app, "mira", auth::role::caseworker);
    auto omar = login_as(*f.app, "omar", auth::role::caseworker);
    auto path = handoff_fixture::conversation_path(id, "/messages");
    auto unclaimed = f.call(mira, "POST", path, json{{"text", "hi"}});
    EXPECT_EQ(unclaimed.status, 409);
    EXPECT_TRUE(body_of(unclaimed)["assigned_to"].is_null());
    ASSERT_EQ(f.call(mira, "POST", handoff_fixture::conversation_path(id, "/claim")).status, 200);
    auto stranger = f.call(omar, "POST", path, json{{"text", "hi"}});
    EXPECT_EQ(stranger.status, 409);
    EXPECT_EQ(body_of(stranger)["assigned_to"], "mira");
    EXPECT_EQ(f.call(mira, "POST", path, json{{"text", "  "}}).status, 400);
    EXPECT_EQ(f.call(mira, "POST", path, json{{"words", "hi"}}).status, 400);
    EXPECT_EQ(f.call(omar, "POST", handoff_fixture::conversation_path(id, "/release")).status, 409);
}

TEST(handoff_api, release_returns_the_person_to_the_main_menu) {
    handoff_fixture f;
    f.onboard(7401, "bg");
    auto id = f.waiting_person(7401, "bg");
    auto token = login_as(*f.app, "mira", auth::role::caseworker);
    ASSERT_EQ(f.call(token, "POST", handoff_fixture::conversation_path(id, "/claim")).status, 200);
    auto released = f.call(token, "POST", handoff_fixture::conversation_path(id, "/release"));
    ASSERT_EQ(released.status, 200) << released.body;
    EXPECT_EQ(body_of(released)["status"], "bot");
    EXPECT_TRUE(body_of(released)["assigned_to"].is_null());
    auto released_text = f.text("bg", "handoff.released");
    auto menu_text = f.text("bg", "menu.prompt");
    ASSERT_TRUE(wait_until([&] {
        auto texts = f.texts_to(7401);
        return texts.size() >= 2 && texts[texts.size() - 2] == released_text &&
               texts.back() == menu_text;
    }));
    EXPECT_TRUE(f.sent_to(7401).back().contains("reply_markup"));  // the menu's buttons
    EXPECT_EQ(f.status_of(7401), "bot");
    // The assistant answers again.
    auto before = f.sent_to(7401).size();
    f.write(7401, "/menu", "bg");
    ASSERT_TRUE(wait_until([&] { return f.sent_to(7401).size() > before; }));
    EXPECT_EQ(
        f.call(token, "POST", handoff_fixture::conversation_path(id, "/release")).status, 409
    );
}

TEST(handoff_api, close_ends_the_handoff_and_tells_the_person) {
    handoff_fixture f;
    auto id = f.waiting_person(7501);
    auto token = login_as(*f.app, "mira", auth::role::caseworker);
    auto closed = f.call(token, "POST", handoff_fixture::conversation_path(id, "/close"));
    ASSERT_EQ(closed.status, 200);
    EXPECT_EQ(body_of(closed)["status"], "closed");
    ASSERT_TRUE(wait_until([&] { return f.received(7501, f.text("en", "handoff.closed")); }));
    EXPECT_EQ(f.call(token, "POST", handoff_fixture::conversation_path(id, "/claim")).status, 409);
    auto closed_list =
        body_of(f.call(token, "GET", "/api/v1/conversations?status=closed"))["items"];
    ASSERT_EQ(closed_list.size(), 1U);
    EXPECT_EQ(closed_list[0]["id"], id);
}

TEST(handoff_api, notes_are_private_to_the_console_and_audited_without_text) {
    handoff_fixture f;
    auto id = f.waiting_person(7601);
    auto token = login_as(*f.app, "mira", auth::role::caseworker);
    auto sent = f.sent_to(7601).size();
    auto note = f.call(
        token,
        "POST",
        handoff_fixture::conversation_path(id, "/notes"),
        json{{"text", "Has a lease until March; landlord unreachable."}}
    );
    ASSERT_EQ(note.status, 201);
    EXPECT_EQ(body_of(note)["author"], "mira");
    auto view = body_of(f.call(token, "GET", handoff_fixture::conversation_path(id)));
    ASSERT_EQ(view["notes"].size(), 1U);
    EXPECT_EQ(view["notes"][0]["text"], "Has a lease until March; landlord unreachable.");
    EXPECT_EQ(f.sent_to(7601).size(), sent);  // nothing went to the person
    auto admin = login_as(*f.app, "lead", auth::role::admin);
    auto audit = f.call(admin, "GET", "/api/v1/audit");
    EXPECT_NE(audit.body.find("\"note\""), std::string::npos);
    EXPECT_EQ(audit.body.find("landlord"), std::string::npos);
}

TEST(handoff_api, a_conversation_can_be_handed_to_a_colleague) {
    handoff_fixture f;
    auto id = f.waiting_person(7701);
    auto mira = login_as(*f.app, "mira", auth::role::caseworker);
    auto omar = login_as(*f.app, "omar", auth::role::caseworker);
    auto path = handoff_fixture::conversation_path(id, "/assign");
    ASSERT_EQ(f.call(mira, "POST", handoff_fixture::conversation_path(id, "/claim")).status, 200);
    EXPECT_EQ(f.call(mira, "POST", path, json{{"username", "nobody"}}).status, 400);
    auto handed = f.call(mira, "POST", path, json{{"username", "omar"}});
    ASSERT_EQ(handed.status, 200);
    EXPECT_EQ(body_of(handed)["assigned_to"], "omar");
    EXPECT_EQ(f.call(mira, "POST", path, json{{"username", "mira"}}).status, 409);
    auto messages = handoff_fixture::conversation_path(id, "/messages");
    EXPECT_EQ(f.call(mira, "POST", messages, json{{"text", "hi"}}).status, 409);
    EXPECT_EQ(f.call(omar, "POST", messages, json{{"text", "Omar here."}}).status, 202);
    ASSERT_TRUE(wait_until([&] { return f.received(7701, "Omar here."); }));
}

TEST(handoff_api, canned_replies_per_language_are_managed_by_admins) {
    handoff_fixture f;
    auto admin = login_as(*f.app, "lead", auth::role::admin);
    auto caseworker = login_as(*f.app, "mira", auth::role::caseworker);
    auto arabic = f.call(
        admin,
        "POST",
        "/api/v1/canned-replies",
        json{{"language", "ar"}, {"title", "ترحيب"}, {"text", "مرحبا، كيف أستطيع مساعدتك؟"}}
    );
    ASSERT_EQ(arabic.status, 201);
    ASSERT_EQ(
        f.call(
             admin,
             "POST",
             "/api/v1/canned-replies",
             json{{"language", "en"}, {"title", "Greeting"}, {"text", "Hello, how can I help?"}}
        ).status,
        201
    );
    EXPECT_EQ(
        f.call(admin, "POST", "/api/v1/canned-replies", json{{"language", "english"}}).status, 400
    );
    auto listed = body_of(f.call(caseworker, "GET", "/api/v1/canned-replies?language=ar"))["items"];
    ASSERT_EQ(listed.size(), 1U);
    EXPECT_EQ(listed[0]["text"], "مرحبا، كيف أستطيع مساعدتك؟");
    EXPECT_EQ(body_of(f.call(caseworker, "GET", "/api/v1/canned-replies"))["items"].size(), 2U);
    auto path = "/api/v1/canned-replies/" + std::to_string(body_of(arabic)["id"].get<int>());
    EXPECT_EQ(f.call(admin, "DELETE", path).status, 204);
    EXPECT_EQ(f.call(admin, "DELETE", path).status, 404);
    EXPECT_TRUE(
        body_of(f.call(caseworker, "GET", "/api/v1/canned-replies?language=ar"))["items"].empty()
    );
}

TEST(handoff_api, every_caseworker_action_is_audited_without_message_text) {
    handoff_fixture f;
    auto id = f.waiting_person(7801);
    auto mira = login_as(*f.app, "mira", auth::role::caseworker);
    ASSERT_EQ(f.call(mira, "POST", handoff_fixture::conversation_path(id, "/claim")).status, 200);
    ASSERT_EQ(
        f.call(
             mira,
             "POST",
             handoff_fixture::conversation_path(id, "/messages"),
             json{{"text", "Your appointment secret text"}}
        ).status,
        202
    );
    ASSERT_EQ(f.call(mira, "GET", handoff_fixture::conversation_path(id)).status, 200);
    ASSERT_EQ(f.call(mira, "POST", handoff_fixture::conversation_path(id, "/close")).status, 200);
    auto admin = login_as(*f.app, "lead", auth::role::admin);
    auto items = body_of(f.call(admin, "GET", "/api/v1/audit"))["items"];
    std::vector<std::string> mira_did;
    for (const auto& item : items) {
        if (item["username"] == "mira" && item["conversation_id"] == id) {
            mira_did.push_back(item["action"]);
        }
    }
    EXPECT_EQ(mira_did, (std::vector<std::string>{"close", "view", "message", "claim"}));
    EXPECT_EQ(items.dump().find("secret text"), std::string::npos);
}

}  // namespace
}  // namespace zaedno::test
