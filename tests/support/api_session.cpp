// Accounts for tests, hashed once per name and kept for the test's database.
#include "tests/support/api_session.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "bot/auth/accounts.hpp"
#include "bot/auth/secrets.hpp"
#include "bot/common/clock.hpp"

namespace zaedno::test {

void create_account(test_app& app, const std::string& username, auth::role role) {
    auto hash = auth::hash_password(test_password);
    auto create = [&](storage::connection& db) {
        auth::create_account(db, username, hash, role, false, unix_seconds());
    };
    app.app().database().run_sync(create);
}

std::string login_as(test_app& app, const std::string& username, auth::role role) {
    create_account(app, username, role);
    nlohmann::json body{{"username", username}, {"password", test_password}};
    auto reply = http_call(
        app.port(),
        "POST",
        "/api/v1/auth/login",
        body.dump(),
        {{"Content-Type", "application/json"}}
    );
    if (reply.status != 200) {
        throw std::runtime_error(
            "login as " + username + " failed: " + std::to_string(reply.status) + " " + reply.body
        );
    }
    return nlohmann::json::parse(reply.body).at("token").get<std::string>();
}

http_reply api_call(
    test_app& app,
    const std::string& token,
    const std::string& method,
    const std::string& target,
    const std::string& json_body
) {
    header_list headers{{"Authorization", "Bearer " + token}};
    if (!json_body.empty()) {
        headers.emplace_back("Content-Type", "application/json");
    }
    return http_call(app.port(), method, target, json_body, headers);
}

}  // namespace zaedno::test
