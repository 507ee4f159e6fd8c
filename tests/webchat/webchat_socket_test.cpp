// The web chat over a real WebSocket on loopback: a new session gets the welcome, buttons move
// the dialog on, re-sent frames have no second effect, and a reconnect misses nothing.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "bot/storage/connection.hpp"
#include "tests/support/test_app.hpp"
#include "tests/support/websocket_test_client.hpp"

namespace zaedno::test {
namespace {

using nlohmann::json;

json next_of_type(websocket_client& ws, const std::string& type) {
    for (int i = 0; i < 20; ++i) {
        auto frame = json::parse(ws.receive());
        if (frame["type"] == type) {
            return frame;
        }
    }
    return {};
}

TEST(webchat_socket, the_page_is_served_with_a_strict_policy) {
    test_app app;
    auto page = app.get("/");
    EXPECT_EQ(page.status, 200);
    EXPECT_NE(page.headers["content-type"].find("text/html"), std::string::npos);
    EXPECT_NE(page.body.find("/assets/chat.js"), std::string::npos);
    EXPECT_NE(page.headers["content-security-policy"].find("script-src 'self'"), std::string::npos);
    EXPECT_EQ(app.get("/assets/chat.js").status, 200);
    EXPECT_EQ(app.get("/assets/nothing.js").status, 404);
}

TEST(webchat_socket, a_new_session_is_welcomed_in_the_browser_language) {
    test_app app;
    websocket_client ws(app.port(), "/chat/socket");
    ws.send(R"({"type":"hello","session":"","last_seen_seq":0,"language":"ar-EG"})");
    auto ready = next_of_type(ws, "ready");
    ASSERT_FALSE(ready.is_null());
    EXPECT_TRUE(ready["session"].get<std::string>().starts_with("s_"));
    auto welcome = next_of_type(ws, "message");
    ASSERT_FALSE(welcome.is_null());
    EXPECT_EQ(welcome["direction"], "rtl");
    EXPECT_FALSE(welcome["choices"].empty());
}

TEST(webchat_socket, a_button_press_is_acknowledged_and_answered_once_even_if_resent) {
    test_app app;
    websocket_client ws(app.port(), "/chat/socket");
    ws.send(R"({"type":"hello","language":"en"})");
    auto session = next_of_type(ws, "ready")["session"].get<std::string>();
    auto welcome = next_of_type(ws, "message");
    auto choice = welcome["choices"][0]["id"].get<std::string>();
    json press{{"type", "choice"}, {"id", choice}, {"client_msg_id", "m-1"}};
    ws.send(press.dump());
    ws.send(press.dump());  // the page re-sends until acknowledged: same id
    int acks = 0;
    std::vector<std::int64_t> seqs;
    for (int i = 0; i < 8 && (acks < 2 || seqs.empty()); ++i) {
        auto frame = json::parse(ws.receive());
        if (frame["type"] == "ack") {
            EXPECT_EQ(frame["client_msg_id"], "m-1");
            ++acks;
        } else if (frame["type"] == "message") {
            seqs.push_back(frame["seq"].get<std::int64_t>());
        }
    }
    EXPECT_EQ(acks, 2);
    ASSERT_FALSE(seqs.empty());
    auto db =
        storage::connection::open(app.dir().path() / "zaedno.db", storage::open_mode::read_only);
    auto& st = db.prepared("SELECT count(*) FROM inbox WHERE channel = 'webchat' AND chat_key = ?");
    st.bind(1, session);
    st.step();
    EXPECT_EQ(st.int64(0), 2);  // the start and one press: the re-send stored nothing
    st.reset();
}

TEST(webchat_socket, a_reconnecting_page_gets_only_what_it_has_not_seen) {
    test_app app;
    std::string session;
    std::int64_t seen = 0;
    {
        websocket_client ws(app.port(), "/chat/socket");
        ws.send(R"({"type":"hello","language":"en"})");
        session = next_of_type(ws, "ready")["session"].get<std::string>();
        seen = next_of_type(ws, "message")["seq"].get<std::int64_t>();
        ws.send(R"({"type":"text","text":"/help","client_msg_id":"m-2"})");
        next_of_type(ws, "ack");
    }  // the page drops before reading the answer
    websocket_client again(app.port(), "/chat/socket");
    again.send(json{{"type", "hello"}, {"session", session}, {"last_seen_seq", seen}}.dump());
    auto ready = next_of_type(again, "ready");
    EXPECT_EQ(ready["session"], session);
    auto missed = next_of_type(again, "message");
    ASSERT_FALSE(missed.is_null());
    EXPECT_GT(missed["seq"].get<std::int64_t>(), seen);  // the welcome is not repeated
}

TEST(webchat_socket, bad_frames_get_an_error_and_the_socket_stays_usable) {
    test_app app;
    websocket_client ws(app.port(), "/chat/socket");
    ws.send(R"({"type":"hello","language":"en"})");
    next_of_type(ws, "ready");
    ws.send("not json");
    auto error = next_of_type(ws, "error");
    ASSERT_FALSE(error.is_null());
    EXPECT_EQ(error["code"], "bad_frame");
    ws.send(R"({"type":"text","text":"/help","client_msg_id":"m-3"})");
    EXPECT_FALSE(next_of_type(ws, "ack").is_null());
}

}  // namespace
}  // namespace zaedno::test
