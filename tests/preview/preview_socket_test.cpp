// The draft preview over its real socket on loopback: an admin sees the draft's text (not the
// published one), others are refused, a long walk through booking, handoff, crisis and
// erasure leaves every table as it was, and an invalid draft is explained, not run.
#include <map>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "bot/appointments/repository.hpp"
#include "tests/appointments/appointments_fixture.hpp"
#include "tests/support/api_session.hpp"
#include "tests/support/websocket_test_client.hpp"

namespace zaedno::test {
namespace {

using nlohmann::json;
using ordered = nlohmann::ordered_json;

constexpr const char* socket_path = "/admin/preview/socket?token=";
constexpr const char* draft_greeting = "أهلاً! هذا نص المسودة للمعاينة. اختر لغتك:";

/// One preview socket, read frame by frame: a (re)start ends with ready, a turn with its ack.
class preview_chat {
public:
    preview_chat(test_app& app, const std::string& token, const std::string& language)
        : ws_(app.port(), socket_path + token) {
        ws_.send(json{{"type", "hello"}, {"language", language}}.dump());
        opening = until("ready");
    }

    std::vector<json> choose(const std::string& id) {
        ws_.send(json{{"type", "choice"}, {"id", id}, {"client_msg_id", next_id()}}.dump());
        return until("ack");
    }

    std::vector<json> say(const std::string& text) {
        ws_.send(json{{"type", "text"}, {"text", text}, {"client_msg_id", next_id()}}.dump());
        return until("ack");
    }

    std::vector<json> restart(const std::string& language) {
        ws_.send(json{{"type", "restart"}, {"language", language}}.dump());
        return until("ready");
    }

    std::vector<json> opening;

private:
    std::vector<json> until(const std::string& type) {
        std::vector<json> frames;
        for (;;) {
            frames.push_back(json::parse(ws_.receive()));
            if (frames.back()["type"] == type) {
                return frames;
            }
        }
    }

    std::string next_id() { return "m-" + std::to_string(++sent_); }

    websocket_client ws_;
    int sent_ = 0;
};

std::vector<json> of_type(const std::vector<json>& frames, const std::string& type) {
    std::vector<json> out;
    for (const auto& f : frames) {
        if (f["type"] == type) {
            out.push_back(f);
        }
    }
    return out;
}

/// The last message frame (the question now waiting for an answer).
json last_message(const std::vector<json>& frames) {
    auto messages = of_type(frames, "message");
    return messages.empty() ? json::object() : messages.back();
}

std::vector<std::string> choice_ids(const json& message) {
    std::vector<std::string> out;
    for (const auto& c : message.value("choices", json::array())) {
        out.push_back(c["id"].get<std::string>());
    }
    return out;
}

std::string all_text(const std::vector<json>& frames, const std::string& type) {
    std::string out;
    for (const auto& f : of_type(frames, type)) {
        out += f["text"].get<std::string>() + "\n";
    }
    return out;
}

void save_draft_text(
    test_app& app,
    const std::string& token,
    const std::string& language,
    const std::string& key,
    const std::string& text
) {
    auto published = ordered::parse(api_call(app, token, "GET", "/api/v1/content/published").body);
    auto file = published["files"]["locales/" + language + ".json"];
    file[key] = text;
    auto saved =
        api_call(app, token, "PUT", "/api/v1/content/draft/locales/" + language, file.dump());
    ASSERT_EQ(saved.status, 200u) << saved.body;
}

/// Row counts of every table: what a preview must leave exactly as it found it.
std::map<std::string, std::int64_t> table_counts(test_app& app) {
    auto names_job = [](storage::connection& db) {
        std::vector<std::string> names;
        auto& st = db.prepared(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        );
        while (st.step()) {
            names.push_back(st.text(0));
        }
        st.reset();
        return names;
    };
    std::map<std::string, std::int64_t> counts;
    for (const auto& name : app.app().database().run_sync(names_job)) {
        counts[name] = app.scalar("SELECT count(*) FROM \"" + name + "\"");
    }
    return counts;
}

TEST(preview_socket, an_admin_sees_the_draft_text_while_people_still_get_the_published_one) {
    test_app app;
    auto token = login_as(app, "ana", auth::role::admin);
    const auto published_greeting =
        app.app().dialogs()->catalog().format("ar", "welcome.choose_language").text;
    save_draft_text(app, token, "ar", "welcome.choose_language", draft_greeting);

    preview_chat chat(app, token, "ar");
    auto about = of_type(chat.opening, "preview");
    ASSERT_EQ(about.size(), 1u);
    EXPECT_EQ(about[0]["usable"], true);
    EXPECT_EQ(about[0]["source"], "draft");
    EXPECT_EQ(about[0]["version"]["state"], "draft");
    EXPECT_EQ(about[0]["version"]["revision"], 1);
    EXPECT_EQ(about[0]["language"], "ar");
    EXPECT_NE(about[0]["languages"].dump().find(R"({"code":"ar")"), std::string::npos);
    auto greeting = last_message(chat.opening);
    EXPECT_EQ(greeting["text"], std::string("\u200F") + draft_greeting);  // the catalog's RLM
    EXPECT_EQ(greeting["direction"], "rtl");
    EXPECT_EQ(greeting["seq"], 1);
    EXPECT_FALSE(choice_ids(greeting).empty());
    EXPECT_EQ(
        app.app().dialogs()->catalog().format("ar", "welcome.choose_language").text,
        published_greeting
    );

    // Restarting in English starts a new conversation from the same draft.
    auto english = chat.restart("en");
    EXPECT_EQ(of_type(english, "preview")[0]["language"], "en");
    EXPECT_EQ(
        last_message(english)["text"],
        app.app().dialogs()->catalog().format("en", "welcome.choose_language").text
    );
    EXPECT_EQ(last_message(english)["direction"], "ltr");
    EXPECT_GT(last_message(english)["seq"].get<int>(), 1);  // a page never drops it as seen

    // A draft changed meanwhile is what the next restart runs.
    save_draft_text(app, token, "en", "welcome.choose_language", "Hello from revision two");
    auto again = chat.restart("en");
    EXPECT_EQ(of_type(again, "preview")[0]["version"]["revision"], 2);
    EXPECT_EQ(last_message(again)["text"], "Hello from revision two");
}

TEST(preview_socket, without_a_draft_the_published_version_runs_and_says_so) {
    test_app app;
    auto token = login_as(app, "ana", auth::role::admin);
    preview_chat chat(app, token, "bg");
    auto about = of_type(chat.opening, "preview")[0];
    EXPECT_EQ(about["usable"], true);
    EXPECT_EQ(about["source"], "published");
    EXPECT_EQ(about["version"]["id"], 1);
    EXPECT_NE(about["message"].get<std::string>().find("no draft"), std::string::npos);
    EXPECT_EQ(
        last_message(chat.opening)["text"],
        app.app().dialogs()->catalog().format("bg", "welcome.choose_language").text
    );
}

TEST(preview_socket, caseworkers_and_strangers_are_refused_before_the_upgrade) {
    test_app app;
    auto caseworker = login_as(app, "cvetan", auth::role::caseworker);
    EXPECT_ANY_THROW(websocket_client(app.port(), socket_path + caseworker));
    EXPECT_ANY_THROW(websocket_client(app.port(), "/admin/preview/socket"));
    EXPECT_ANY_THROW(websocket_client(app.port(), std::string(socket_path) + "not-a-session"));
    auto answer = http_call(app.port(), "GET", "/admin/preview/socket");
    EXPECT_NE(answer.status, 101);
    const auto upgrade = websocket_upgrade_headers();
    auto refused = http_call(app.port(), "GET", std::string(socket_path) + caseworker, "", upgrade);
    EXPECT_EQ(refused.status, 403u);
    EXPECT_EQ(json::parse(refused.body)["error"], "the preview is for the role admin and above");
    EXPECT_EQ(http_call(app.port(), "GET", "/admin/preview/socket", "", upgrade).status, 401u);
    auto foreign = upgrade;
    foreign.emplace_back("Origin", "https://evil.example");
    auto admin = login_as(app, "ana", auth::role::admin);
    EXPECT_EQ(
        http_call(app.port(), "GET", std::string(socket_path) + admin, "", foreign).status, 403u
    );
}

void open_legal_every_day(app::application& a) {
    auto job = [](storage::connection& c) {
        appointments::test::clear_sample_holidays(c);
        auto legal = appointments::find_service(c, std::string("legal"));
        for (int weekday = 1; weekday <= 7; ++weekday) {
            appointments::schedule_record r;
            r.service_id = legal->id;
            r.window = {
                appointments::test::location_id(c, "centre"), weekday, 8 * 60, 20 * 60, 1, {}, {}};
            appointments::add_schedule(c, r);
        }
    };
    a.database().run_sync(job);
}

TEST(preview_socket, a_walk_through_booking_handoff_crisis_and_erasure_leaves_no_trace) {
    test_app app({}, open_legal_every_day);
    auto token = login_as(app, "ana", auth::role::admin);
    auto before = table_counts(app);

    preview_chat chat(app, token, "bg");
    EXPECT_EQ(choice_ids(last_message(chat.choose("bg"))).front(), "agree");
    auto menu = chat.choose("agree");
    EXPECT_EQ(choice_ids(last_message(menu)).front(), "appointments");
    chat.choose("appointments");
    auto services = chat.choose("book");
    auto service_ids = choice_ids(last_message(services));
    ASSERT_NE(std::find(service_ids.begin(), service_ids.end(), "legal"), service_ids.end())
        << last_message(services).dump();  // read from the real schedule
    auto days = choice_ids(last_message(chat.choose("legal")));
    ASSERT_FALSE(days.empty());
    auto times = choice_ids(last_message(chat.choose(days.front())));
    ASSERT_FALSE(times.empty());
    auto confirm = chat.choose(times.front());
    EXPECT_EQ(choice_ids(last_message(confirm)).front(), "yes") << last_message(confirm).dump();
    auto booked = chat.choose("yes");
    EXPECT_NE(all_text(booked, "notice").find("no appointment is booked"), std::string::npos);
    EXPECT_NE(all_text(booked, "message").find("Правна консултация"), std::string::npos)
        << all_text(booked, "message");

    auto human = chat.say("/menu");
    human = chat.choose("human");
    EXPECT_NE(all_text(human, "notice").find("no handoff is opened"), std::string::npos)
        << all_text(human, "notice");

    auto crisis = chat.say("I want to die");
    auto urgent = of_type(crisis, "message");
    ASSERT_FALSE(urgent.empty());
    EXPECT_EQ(urgent.front()["urgent"], true);
    EXPECT_NE(all_text(crisis, "message").find("112"), std::string::npos);
    EXPECT_NE(all_text(crisis, "notice").find("no handoff is opened"), std::string::npos);

    chat.say("/forget");
    auto erased = chat.say("да");
    EXPECT_NE(all_text(erased, "notice").find("nothing is erased"), std::string::npos)
        << all_text(erased, "notice") << all_text(erased, "message");

    EXPECT_EQ(table_counts(app), before);
    EXPECT_EQ(app.scalar("SELECT count(*) FROM people"), 0);
    EXPECT_EQ(app.scalar("SELECT count(*) FROM appointment_bookings"), 0);
    EXPECT_EQ(app.scalar("SELECT count(*) FROM outbox"), 0);
    EXPECT_EQ(app.scalar("SELECT count(*) FROM inbox"), 0);
}

TEST(preview_socket, an_invalid_draft_is_explained_and_the_socket_stays_usable) {
    test_app app;
    auto token = login_as(app, "ana", auth::role::admin);
    auto published = ordered::parse(api_call(app, token, "GET", "/api/v1/content/published").body);
    auto flow = published["files"]["dialogs/main_menu.json"];
    flow["nodes"]["about"]["choices"][0]["next"] = "gone_node";
    ASSERT_EQ(
        api_call(app, token, "PUT", "/api/v1/content/draft/dialogs/main_menu", flow.dump()).status,
        200u
    );

    preview_chat chat(app, token, "en");
    auto about = of_type(chat.opening, "preview")[0];
    EXPECT_EQ(about["usable"], false);
    EXPECT_EQ(about["source"], "draft");
    ASSERT_FALSE(about["errors"].empty());
    EXPECT_EQ(about["errors"][0]["node"], "about");
    EXPECT_NE(about["message"].get<std::string>().find("cannot be previewed"), std::string::npos);
    auto refusal = of_type(chat.opening, "error");
    ASSERT_EQ(refusal.size(), 1u);
    EXPECT_EQ(refusal[0]["code"], "preview_unavailable");
    EXPECT_NE(refusal[0]["message"].get<std::string>().find("gone_node"), std::string::npos);
    EXPECT_TRUE(of_type(chat.opening, "message").empty());

    auto typed = chat.say("hello");
    EXPECT_EQ(of_type(typed, "error")[0]["code"], "preview_unavailable");

    ASSERT_EQ(api_call(app, token, "DELETE", "/api/v1/content/draft").status, 204u);
    auto fixed = chat.restart("en");
    EXPECT_EQ(of_type(fixed, "preview")[0]["usable"], true);
    EXPECT_EQ(of_type(fixed, "preview")[0]["source"], "published");
    EXPECT_FALSE(of_type(fixed, "message").empty());
}

}  // namespace
}  // namespace zaedno::test
