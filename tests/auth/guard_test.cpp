// Logins, sessions and roles over real HTTP on loopback.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "bot/auth/accounts.hpp"
#include "tests/support/api_session.hpp"
#include "tests/support/test_app.hpp"

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

TEST(auth_login, answers_token_role_csrf_and_a_strict_cookie) {
    test_app app;
    create_account(app, "mira", auth::role::caseworker);
    auto reply = login(app, "mira", test_password);
    ASSERT_EQ(reply.status, 200) << reply.body;
    auto body = json::parse(reply.body);
    EXPECT_EQ(body["role"], "caseworker");
    EXPECT_EQ(body["username"], "mira");
    EXPECT_EQ(body["token"].get<std::string>().size(), 64U);
    EXPECT_FALSE(body["csrf"].get<std::string>().empty());
    const auto& cookie = reply.headers["set-cookie"];
    EXPECT_NE(cookie.find("zaedno_session=" + body["token"].get<std::string>()), std::string::npos);
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
    EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // no https public URL here
}

TEST(auth_login, stores_only_a_hash_of_the_token_and_an_argon2id_password_hash) {
    test_app app;
    auto token = login_as(app, "mira", auth::role::caseworker);
    EXPECT_EQ(app.scalar("SELECT count(*) FROM sessions WHERE token_hash = '" + token + "'"), 0);
    EXPECT_EQ(app.scalar("SELECT count(*) FROM sessions"), 1);
    EXPECT_EQ(
        app.scalar("SELECT count(*) FROM accounts WHERE password_hash LIKE '$argon2id$%'"),
        app.scalar("SELECT count(*) FROM accounts")
    );
}

TEST(auth_login, wrong_password_and_unknown_name_are_401_alike) {
    test_app app;
    create_account(app, "mira", auth::role::caseworker);
    auto wrong = login(app, "mira", "not the password");
    auto unknown = login(app, "nobody", "not the password");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(unknown.status, 401);
    EXPECT_EQ(wrong.body, unknown.body);
    EXPECT_EQ(login(app, "mira", "").status, 401);
    EXPECT_EQ(http_call(app.port(), "POST", "/api/v1/auth/login", "{nope").status, 400);
}

TEST(auth_login, locks_an_account_out_after_repeated_failures_even_with_the_right_password) {
    test_app app;
    create_account(app, "mira", auth::role::caseworker);
    create_account(app, "omar", auth::role::caseworker);
    for (int i = 0; i < 5; ++i) {
        ASSERT_EQ(login(app, "mira", "guess " + std::to_string(i)).status, 401);
    }
    auto locked = login(app, "mira", test_password);
    EXPECT_EQ(locked.status, 429);
    EXPECT_FALSE(locked.headers["retry-after"].empty());
    EXPECT_EQ(login(app, "omar", test_password).status, 200);  // other accounts still work
}

TEST(auth_login, locks_an_address_out_after_failures_across_many_names) {
    test_app app;
    create_account(app, "mira", auth::role::caseworker);
    for (int i = 0; i < 20; ++i) {
        ASSERT_EQ(login(app, "name" + std::to_string(i), "guess").status, 401);
    }
    EXPECT_EQ(login(app, "mira", test_password).status, 429);
}

TEST(auth_login, success_forgives_earlier_failures_of_the_account) {
    test_app app;
    create_account(app, "mira", auth::role::caseworker);
    for (int i = 0; i < 4; ++i) {
        ASSERT_EQ(login(app, "mira", "guess").status, 401);
    }
    ASSERT_EQ(login(app, "mira", test_password).status, 200);
    for (int i = 0; i < 4; ++i) {
        ASSERT_EQ(login(app, "mira", "guess").status, 401);
    }
    EXPECT_EQ(login(app, "mira", test_password).status, 200);
}

TEST(auth_guard, no_token_or_a_malformed_one_is_401) {
    test_app app;
    EXPECT_EQ(app.get("/api/v1/auth/me").status, 401);
    EXPECT_EQ(app.get("/api/v1/audit").status, 401);
    EXPECT_EQ(api_call(app, "not-a-token", "GET", "/api/v1/audit").status, 401);
    EXPECT_EQ(api_call(app, std::string(64, 'a'), "GET", "/api/v1/audit").status, 401);
}

TEST(auth_guard, caseworker_on_an_admin_call_is_403_and_admin_passes) {
    test_app app;
    auto caseworker = login_as(app, "mira", auth::role::caseworker);
    auto admin = login_as(app, "lead", auth::role::admin);
    EXPECT_EQ(api_call(app, caseworker, "GET", "/api/v1/audit").status, 403);
    EXPECT_EQ(api_call(app, admin, "GET", "/api/v1/audit").status, 200);
}

TEST(auth_guard, an_expired_token_is_401) {
    test_app app;
    auto token = login_as(app, "mira", auth::role::caseworker);
    ASSERT_EQ(api_call(app, token, "GET", "/api/v1/auth/me").status, 200);
    auto expire = [](storage::connection& db) {
        db.exec("UPDATE sessions SET expires_at = created_at - 1");
    };
    app.app().database().run_sync(expire);
    EXPECT_EQ(api_call(app, token, "GET", "/api/v1/auth/me").status, 401);
}

TEST(auth_guard, logout_ends_the_session) {
    test_app app;
    auto token = login_as(app, "mira", auth::role::caseworker);
    auto out = api_call(app, token, "POST", "/api/v1/auth/logout");
    EXPECT_EQ(out.status, 204);
    EXPECT_NE(out.headers["set-cookie"].find("Max-Age=0"), std::string::npos);
    EXPECT_EQ(api_call(app, token, "GET", "/api/v1/auth/me").status, 401);
}

TEST(auth_guard, me_names_the_caller) {
    test_app app;
    auto token = login_as(app, "lead", auth::role::admin);
    auto reply = api_call(app, token, "GET", "/api/v1/auth/me");
    ASSERT_EQ(reply.status, 200);
    auto body = json::parse(reply.body);
    EXPECT_EQ(body["username"], "lead");
    EXPECT_EQ(body["role"], "admin");
    EXPECT_FALSE(body["csrf"].get<std::string>().empty());
}

TEST(auth_guard, a_cookie_session_needs_the_csrf_header_to_change_anything) {
    test_app app;
    create_account(app, "mira", auth::role::caseworker);
    auto body = json::parse(login(app, "mira", test_password).body);
    auto cookie = "theme=dark; zaedno_session=" + body["token"].get<std::string>();
    auto csrf = body["csrf"].get<std::string>();
    EXPECT_EQ(
        http_call(app.port(), "GET", "/api/v1/auth/me", "", {{"Cookie", cookie}}).status, 200
    );
    EXPECT_EQ(
        http_call(app.port(), "POST", "/api/v1/auth/logout", "", {{"Cookie", cookie}}).status, 401
    );
    auto wrong = csrf;
    wrong.front() = wrong.front() == 'a' ? 'b' : 'a';
    EXPECT_EQ(
        http_call(
            app.port(),
            "POST",
            "/api/v1/auth/logout",
            "",
            {{"Cookie", cookie}, {"X-CSRF-Token", wrong}}
        ).status,
        401
    );
    EXPECT_EQ(
        http_call(
            app.port(),
            "POST",
            "/api/v1/auth/logout",
            "",
            {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}
        ).status,
        204
    );
}

TEST(auth_audit, records_logins_without_secrets_for_admins) {
    test_app app;
    auto caseworker = login_as(app, "mira", auth::role::caseworker);
    ASSERT_EQ(api_call(app, caseworker, "POST", "/api/v1/auth/logout").status, 204);
    auto admin = login_as(app, "lead", auth::role::admin);
    auto reply = api_call(app, admin, "GET", "/api/v1/audit?limit=2");
    ASSERT_EQ(reply.status, 200);
    auto items = json::parse(reply.body)["items"];
    ASSERT_EQ(items.size(), 2U);
    EXPECT_EQ(items[0]["username"], "lead");
    EXPECT_EQ(items[0]["action"], "login");
    EXPECT_EQ(items[1]["username"], "mira");
    EXPECT_EQ(items[1]["action"], "logout");
    EXPECT_TRUE(items[0]["conversation_id"].is_null());
    EXPECT_EQ(items[0]["at"].get<std::string>().size(), 20U);
    EXPECT_EQ(reply.body.find(test_password), std::string::npos);
    auto older = api_call(
        app, admin, "GET", "/api/v1/audit?before=" + std::to_string(items[1]["id"].get<int>())
    );
    EXPECT_EQ(json::parse(older.body)["items"].size(), 1U);
    EXPECT_EQ(api_call(app, admin, "GET", "/api/v1/audit?limit=zero").status, 400);
}

TEST(auth_password, change_needs_the_current_password_and_ends_other_sessions) {
    test_app app;
    auto first = login_as(app, "mira", auth::role::caseworker);
    auto second = json::parse(login(app, "mira", test_password).body)["token"].get<std::string>();
    auto change = [&](const std::string& current, const std::string& replacement) {
        return api_call(
            app,
            second,
            "POST",
            "/api/v1/auth/password",
            json{{"current", current}, {"new", replacement}}.dump()
        );
    };
    EXPECT_EQ(change("wrong one", "a brand new password").status, 403);
    EXPECT_EQ(change(test_password, "short").status, 400);
    EXPECT_EQ(change(test_password, "a brand new password").status, 204);
    EXPECT_EQ(api_call(app, first, "GET", "/api/v1/auth/me").status, 401);
    EXPECT_EQ(api_call(app, second, "GET", "/api/v1/auth/me").status, 200);
    EXPECT_EQ(login(app, "mira", "a brand new password").status, 200);
}

TEST(auth_bootstrap, first_start_creates_admin_with_the_configured_password) {
    auto app =
        std::make_unique<test_app>([](app::config& c) { c.admin_password = "bootstrap-secret-1"; });
    auto reply = login(*app, "admin", "bootstrap-secret-1");
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(json::parse(reply.body)["role"], "admin");
    EXPECT_EQ(json::parse(reply.body)["must_change_password"], false);
}

TEST(auth_bootstrap, a_generated_password_must_be_changed_and_is_made_only_once) {
    test_app app;
    EXPECT_EQ(app.scalar("SELECT count(*) FROM accounts WHERE username = 'admin'"), 1);
    EXPECT_EQ(app.scalar("SELECT must_change_password FROM accounts WHERE username = 'admin'"), 1);
    auto again = auth::ensure_bootstrap_admin(app.app().database(), "");
    EXPECT_FALSE(again.has_value());
    EXPECT_EQ(app.scalar("SELECT count(*) FROM accounts"), 1);
}

}  // namespace
}  // namespace zaedno::test
