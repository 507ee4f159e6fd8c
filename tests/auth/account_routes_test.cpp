// The accounts API over loopback as an admin uses it: list, create with a one-time password
// that must be changed, change role, deactivate (sessions end at once), reset the password;
// the refusals that keep an admin in charge; caseworkers are turned away.
#include <thread>

#include <boost/beast/websocket/error.hpp>
#include <boost/system/system_error.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "bot/auth/accounts.hpp"
#include "bot/auth/secrets.hpp"
#include "tests/support/api_session.hpp"
#include "tests/support/test_app.hpp"
#include "tests/support/websocket_test_client.hpp"

namespace zaedno::test {
namespace {

using nlohmann::json;

http_reply login(test_app& app, const std::string& username, const std::string& password) {
    return http_call(
        app.port(),
        "POST",
        "/api/v1/auth/login",
        json{{"username", username}, {"password", password}}.dump(),
        {{"Content-Type", "application/json"}}
    );
}

struct admin_session {
    test_app& app;
    std::string token;

    explicit admin_session(test_app& a, const std::string& name = "ana")
        : app(a), token(login_as(a, name, auth::role::admin)) {}

    http_reply call(
        const std::string& method, const std::string& target, const std::string& body = ""
    ) {
        return api_call(app, token, method, target, body);
    }

    json ok(const std::string& method, const std::string& target, const json& body, unsigned want) {
        auto reply = call(method, target, body.is_null() ? "" : body.dump());
        EXPECT_EQ(reply.status, want) << method << " " << target << ": " << reply.body;
        return json::parse(reply.body, nullptr, false);
    }

    json list() { return ok("GET", "/api/v1/accounts", nullptr, 200)["items"]; }

    json find(const std::string& username) {
        for (const auto& a : list()) {
            if (a["username"] == username) {
                return a;
            }
        }
        return nullptr;
    }
};

std::string account_path(std::int64_t id, const std::string& rest = "") {
    return "/api/v1/accounts/" + std::to_string(id) + rest;
}

std::int64_t id_of(test_app& app, const std::string& username) {
    return app.scalar("SELECT id FROM accounts WHERE username = '" + username + "'");
}

TEST(account_routes, lists_accounts_with_role_state_and_last_login) {
    test_app app;
    admin_session admin(app);
    create_account(app, "mira", auth::role::caseworker);
    auto items = admin.list();
    ASSERT_GE(items.size(), 2U);
    auto ana = admin.find("ana");
    EXPECT_EQ(ana["role"], "admin");
    EXPECT_EQ(ana["active"], true);
    EXPECT_EQ(ana["must_change_password"], false);
    EXPECT_TRUE(ana["last_login_at"].is_string());  // logged in above
    EXPECT_TRUE(ana["created_at"].is_string());
    auto mira = admin.find("mira");
    EXPECT_EQ(mira["role"], "caseworker");
    EXPECT_TRUE(mira["last_login_at"].is_null());
    EXPECT_FALSE(mira.contains("password_hash"));
    EXPECT_EQ(admin.call("GET", "/api/v1/accounts").body.find("argon2"), std::string::npos);
}

TEST(account_routes, a_new_account_logs_in_with_its_one_time_password_and_must_change_it) {
    test_app app;
    admin_session admin(app);
    auto reply =
        admin.call("POST", "/api/v1/accounts", R"({"username":"Boris","role":"caseworker"})");
    ASSERT_EQ(reply.status, 201U) << reply.body;
    EXPECT_EQ(reply.headers["cache-control"], "no-store");
    auto made = json::parse(reply.body);
    EXPECT_EQ(made["account"]["username"], "boris");  // names are kept lower case
    EXPECT_EQ(made["account"]["role"], "caseworker");
    EXPECT_EQ(made["account"]["must_change_password"], true);
    auto password = made["one_time_password"].get<std::string>();
    ASSERT_GE(password.size(), auth::minimum_password_length);

    // The password is in no later answer and in no audit entry.
    EXPECT_EQ(admin.call("GET", "/api/v1/accounts").body.find(password), std::string::npos);
    EXPECT_EQ(
        app.scalar("SELECT count(*) FROM audit_log WHERE details LIKE '%" + password + "%'"), 0
    );
    EXPECT_EQ(app.scalar("SELECT count(*) FROM audit_log WHERE action = 'account.created'"), 1);

    auto first = login(app, "boris", password);
    ASSERT_EQ(first.status, 200U) << first.body;
    auto session = json::parse(first.body);
    EXPECT_EQ(session["must_change_password"], true);
    auto token = session["token"].get<std::string>();
    auto changed = api_call(
        app,
        token,
        "POST",
        "/api/v1/auth/password",
        json{{"current", password}, {"new", "my own long password"}}.dump()
    );
    ASSERT_EQ(changed.status, 204U) << changed.body;
    EXPECT_EQ(login(app, "boris", password).status, 401U);
    auto again = login(app, "boris", "my own long password");
    ASSERT_EQ(again.status, 200U);
    EXPECT_EQ(json::parse(again.body)["must_change_password"], false);
    EXPECT_EQ(admin.find("boris")["must_change_password"], false);
}

TEST(account_routes, creating_refuses_bad_names_roles_and_taken_names) {
    test_app app;
    admin_session admin(app);
    EXPECT_EQ(admin.call("POST", "/api/v1/accounts", "not json").status, 400U);
    EXPECT_EQ(admin.call("POST", "/api/v1/accounts", R"({"role":"admin"})").status, 400U);
    auto bad_name = admin.call("POST", "/api/v1/accounts", R"({"username":"no spaces"})");
    EXPECT_EQ(bad_name.status, 400U);
    EXPECT_NE(bad_name.body.find("a-z"), std::string::npos) << bad_name.body;
    auto bad_role = admin.call("POST", "/api/v1/accounts", R"({"username":"x","role":"boss"})");
    EXPECT_EQ(bad_role.status, 400U);
    EXPECT_NE(bad_role.body.find("caseworker"), std::string::npos);
    auto taken = admin.call("POST", "/api/v1/accounts", R"({"username":"ANA"})");
    EXPECT_EQ(taken.status, 409U);
    EXPECT_NE(taken.body.find("already exists"), std::string::npos);
    // Without a role the account is a caseworker.
    auto plain = admin.ok("POST", "/api/v1/accounts", {{"username", "cleo"}}, 201);
    EXPECT_EQ(plain["account"]["role"], "caseworker");
}

TEST(account_routes, changing_role_takes_effect_on_the_next_call) {
    test_app app;
    admin_session admin(app);
    auto token = login_as(app, "mira", auth::role::caseworker);
    EXPECT_EQ(api_call(app, token, "GET", "/api/v1/accounts").status, 403U);
    auto changed = admin.ok("PATCH", account_path(id_of(app, "mira")), {{"role", "admin"}}, 200);
    EXPECT_EQ(changed["role"], "admin");
    EXPECT_EQ(changed["active"], true);
    EXPECT_EQ(api_call(app, token, "GET", "/api/v1/accounts").status, 200U);
    EXPECT_EQ(
        app.scalar(
            "SELECT count(*) FROM audit_log WHERE action = 'account.changed' AND details LIKE "
            "'%\"role\":\"admin\"%'"
        ),
        1
    );
}

/// True when the server closes the socket (rather than the read timing out).
bool closed_by_server(websocket_client& socket) {
    for (int frames = 0; frames < 100; ++frames) {
        try {
            socket.receive();
        } catch (const boost::system::system_error& e) {
            return e.code() == boost::beast::websocket::error::closed;
        }
    }
    return false;
}

TEST(account_routes, a_deactivated_account_loses_its_sessions_at_once_and_cannot_log_in) {
    test_app app;
    admin_session admin(app);
    auto token = login_as(app, "mira", auth::role::caseworker);
    ASSERT_EQ(api_call(app, token, "GET", "/api/v1/auth/me").status, 200U);
    websocket_client console(app.port(), "/console/socket?token=" + token);
    auto id = id_of(app, "mira");
    auto off = admin.ok("PATCH", account_path(id), {{"active", false}}, 200);
    EXPECT_EQ(off["active"], false);
    EXPECT_EQ(api_call(app, token, "GET", "/api/v1/auth/me").status, 401U);
    EXPECT_TRUE(closed_by_server(console));  // the live console stops too
    EXPECT_EQ(
        app.scalar("SELECT count(*) FROM sessions WHERE account_id = " + std::to_string(id)), 0
    );
    EXPECT_EQ(login(app, "mira", test_password).status, 401U);

    admin.ok("PATCH", account_path(id), {{"active", true}}, 200);
    EXPECT_EQ(login(app, "mira", test_password).status, 200U);
}

TEST(account_routes, resetting_a_password_ends_sessions_and_gives_a_new_one_time_password) {
    test_app app;
    admin_session admin(app);
    auto token = login_as(app, "mira", auth::role::caseworker);
    auto id = id_of(app, "mira");
    auto reply = admin.call("POST", account_path(id, "/reset-password"));
    ASSERT_EQ(reply.status, 200U) << reply.body;
    EXPECT_EQ(reply.headers["cache-control"], "no-store");
    auto reset = json::parse(reply.body);
    EXPECT_EQ(reset["account"]["must_change_password"], true);
    auto password = reset["one_time_password"].get<std::string>();
    EXPECT_EQ(api_call(app, token, "GET", "/api/v1/auth/me").status, 401U);
    EXPECT_EQ(login(app, "mira", test_password).status, 401U);
    auto fresh = login(app, "mira", password);
    ASSERT_EQ(fresh.status, 200U);
    EXPECT_EQ(json::parse(fresh.body)["must_change_password"], true);
    EXPECT_EQ(
        app.scalar("SELECT count(*) FROM audit_log WHERE action = 'account.password_reset'"), 1
    );
    EXPECT_EQ(
        app.scalar("SELECT count(*) FROM audit_log WHERE details LIKE '%" + password + "%'"), 0
    );
}

TEST(account_routes, refuses_demoting_deactivating_or_resetting_yourself) {
    test_app app;
    admin_session admin(app);
    auto self = account_path(id_of(app, "ana"));
    auto demote = admin.call("PATCH", self, R"({"role":"caseworker"})");
    EXPECT_EQ(demote.status, 409U);
    EXPECT_NE(demote.body.find("your own account"), std::string::npos) << demote.body;
    EXPECT_EQ(admin.call("PATCH", self, R"({"active":false})").status, 409U);
    EXPECT_EQ(admin.call("POST", account_path(id_of(app, "ana"), "/reset-password")).status, 409U);
    // Keeping one's own role is no change and is fine.
    EXPECT_EQ(admin.call("PATCH", self, R"({"role":"admin","active":true})").status, 200U);
    EXPECT_EQ(admin.find("ana")["role"], "admin");
}

TEST(account_routes, two_admins_demoting_each_other_at_once_leave_one_admin) {
    test_app app;
    // Only ana and bo are admins: the bootstrap admin steps aside first.
    auto retire = [](storage::connection& db) {
        db.prepared("UPDATE accounts SET active = 0 WHERE username = 'admin'").run();
    };
    app.app().database().run_sync(retire);
    admin_session ana(app, "ana");
    admin_session bo(app, "bo");
    auto ana_id = id_of(app, "ana");
    auto bo_id = id_of(app, "bo");
    for (int round = 0; round < 5; ++round) {
        http_reply first;
        http_reply second;
        std::thread a([&] {
            first = ana.call("PATCH", account_path(bo_id), R"({"role":"caseworker"})");
        });
        std::thread b([&] {
            second = bo.call("PATCH", account_path(ana_id), R"({"role":"caseworker"})");
        });
        a.join();
        b.join();
        // Whichever came second is refused: as the last admin (409) or as no admin (403).
        EXPECT_EQ((first.status == 200U) + (second.status == 200U), 1)
            << first.status << " " << second.status;
        for (const auto* r : {&first, &second}) {
            EXPECT_TRUE(r->status == 200U || r->status == 409U || r->status == 403U) << r->body;
        }
        EXPECT_EQ(
            app.scalar("SELECT count(*) FROM accounts WHERE role = 'admin' AND active = 1"), 1
        );
        auto promote = [](storage::connection& db) {
            db.prepared("UPDATE accounts SET role = 'admin' WHERE username IN ('ana', 'bo')").run();
        };
        app.app().database().run_sync(promote);
    }
}

TEST(account_routes, the_last_active_admin_cannot_be_deactivated_through_another_admin) {
    test_app app;
    admin_session admin(app);
    // The bootstrap admin is active; ana may switch it off, as long as ana remains.
    auto bootstrap = account_path(id_of(app, "admin"));
    EXPECT_EQ(admin.call("PATCH", bootstrap, R"({"active":false})").status, 200U);
    EXPECT_EQ(admin.call("PATCH", bootstrap, R"({"role":"caseworker"})").status, 200U);
    EXPECT_EQ(app.scalar("SELECT count(*) FROM accounts WHERE role = 'admin' AND active = 1"), 1);
}

TEST(account_routes, clear_errors_for_bad_ids_bodies_and_unknown_accounts) {
    test_app app;
    admin_session admin(app);
    auto other = account_path(id_of(app, "admin"));
    EXPECT_EQ(admin.call("PATCH", "/api/v1/accounts/abc", R"({"active":true})").status, 400U);
    EXPECT_EQ(admin.call("PATCH", "/api/v1/accounts/0", R"({"active":true})").status, 400U);
    EXPECT_EQ(admin.call("PATCH", account_path(9999), R"({"active":true})").status, 404U);
    EXPECT_EQ(admin.call("POST", account_path(9999, "/reset-password")).status, 404U);
    EXPECT_EQ(admin.call("POST", "/api/v1/accounts/x/reset-password").status, 400U);
    EXPECT_EQ(admin.call("PATCH", other, "[]").status, 400U);
    EXPECT_EQ(admin.call("PATCH", other, "{}").status, 400U);
    auto unknown = admin.call("PATCH", other, R"({"username":"x"})");
    EXPECT_EQ(unknown.status, 400U);
    EXPECT_NE(unknown.body.find("username"), std::string::npos);
    EXPECT_EQ(admin.call("PATCH", other, R"({"active":"no"})").status, 400U);
    EXPECT_EQ(admin.call("PATCH", other, R"({"role":"root"})").status, 400U);
}

TEST(account_routes, caseworkers_and_strangers_are_turned_away) {
    test_app app;
    auto token = login_as(app, "mira", auth::role::caseworker);
    auto id = id_of(app, "mira");
    EXPECT_EQ(api_call(app, token, "GET", "/api/v1/accounts").status, 403U);
    EXPECT_EQ(api_call(app, token, "POST", "/api/v1/accounts", R"({"username":"x"})").status, 403U);
    EXPECT_EQ(api_call(app, token, "PATCH", account_path(id), R"({"role":"admin"})").status, 403U);
    EXPECT_EQ(api_call(app, token, "POST", account_path(id, "/reset-password")).status, 403U);
    EXPECT_EQ(http_call(app.port(), "GET", "/api/v1/accounts").status, 401U);
    EXPECT_EQ(app.scalar("SELECT count(*) FROM accounts WHERE username = 'x'"), 0);
}

}  // namespace
}  // namespace zaedno::test
