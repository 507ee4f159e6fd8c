// The console's live socket over loopback: authenticated upgrade, then events for new waiting
// people, claims, transcript lines and notes.
#include <gtest/gtest.h>

#include "tests/handoff/handoff_fixture.hpp"
#include "tests/support/websocket_test_client.hpp"

namespace zaedno::test {
namespace {

using nlohmann::json;

/// Reads frames until one satisfies `wanted` (the receive timeout bounds the wait).
template <class Predicate>
json receive_until(websocket_client& socket, Predicate wanted) {
    for (int i = 0; i < 100; ++i) {
        auto event = json::parse(socket.receive());
        if (wanted(event)) {
            return event;
        }
    }
    throw std::runtime_error("no such event among 100 frames");
}

TEST(console_socket, refuses_without_a_session_or_from_another_site) {
    handoff_fixture f;
    auto token = login_as(*f.app, "mira", auth::role::caseworker);
    EXPECT_EQ(
        http_call(f.app->port(), "GET", "/console/socket", "", websocket_upgrade_headers()).status,
        401
    );
    EXPECT_EQ(
        http_call(
            f.app->port(),
            "GET",
            "/console/socket?token=" + std::string(64, 'a'),
            "",
            websocket_upgrade_headers()
        )
            .status,
        401
    );
    auto foreign = websocket_upgrade_headers();
    foreign.emplace_back("Origin", "https://evil.example");
    EXPECT_EQ(
        http_call(f.app->port(), "GET", "/console/socket?token=" + token, "", foreign).status, 403
    );
}

TEST(console_socket, a_new_waiting_person_claims_lines_and_notes_arrive_live) {
    handoff_fixture f;
    auto token = login_as(*f.app, "mira", auth::role::caseworker);
    auto omar = login_as(*f.app, "omar", auth::role::caseworker);
    websocket_client socket(f.app->port(), "/console/socket?token=" + token);

    f.write(9001, "/human");
    auto waiting = receive_until(socket, [](const json& e) {
        return e["type"] == "conversation" && e["conversation"]["status"] == "waiting";
    });
    auto id = waiting["conversation"]["id"].get<std::int64_t>();
    EXPECT_EQ(id, f.conversation_of(9001));
    EXPECT_EQ(waiting["conversation"]["channel"], "telegram");
    EXPECT_EQ(waiting["conversation"]["unread"], 1);

    ASSERT_EQ(f.call(omar, "POST", handoff_fixture::conversation_path(id, "/claim")).status, 200);
    auto claimed = receive_until(socket, [](const json& e) {
        return e["type"] == "conversation" && e["conversation"]["status"] == "assigned";
    });
    EXPECT_EQ(claimed["conversation"]["assigned_to"], "omar");

    f.write(9001, "My documents were stolen");
    auto line = receive_until(socket, [](const json& e) {
        return e["type"] == "message" && e["message"]["author"] == "user";
    });
    EXPECT_EQ(line["conversation_id"], id);
    EXPECT_EQ(line["message"]["text"], "My documents were stolen");
    EXPECT_EQ(line["message"]["direction"], "in");

    ASSERT_EQ(
        f.call(
             omar,
             "POST",
             handoff_fixture::conversation_path(id, "/notes"),
             json{{"text", "Refer to legal aid."}}
        ).status,
        201
    );
    auto note = receive_until(socket, [](const json& e) { return e["type"] == "note"; });
    EXPECT_EQ(note["conversation_id"], id);
    EXPECT_EQ(note["note"]["text"], "Refer to legal aid.");
    EXPECT_EQ(note["note"]["author"], "omar");

    ASSERT_EQ(f.call(omar, "POST", handoff_fixture::conversation_path(id, "/close")).status, 200);
    auto closed = receive_until(socket, [](const json& e) {
        return e["type"] == "conversation" && e["conversation"]["status"] == "closed";
    });
    EXPECT_EQ(closed["conversation"]["id"], id);
    socket.close();
}

TEST(console_socket, the_assistants_own_conversations_stay_off_the_socket) {
    handoff_fixture f;
    auto token = login_as(*f.app, "mira", auth::role::caseworker);
    websocket_client socket(f.app->port(), "/console/socket?token=" + token);
    f.write(9101, "/start");  // a conversation with the assistant only
    ASSERT_TRUE(f.settle());
    f.write(9102, "/human");
    auto first = json::parse(socket.receive());
    // The first thing the page hears about is the person who asked for a human.
    auto conversation =
        first.contains("conversation_id") ? first["conversation_id"] : first["conversation"]["id"];
    EXPECT_EQ(conversation, f.conversation_of(9102));
}

}  // namespace
}  // namespace zaedno::test
