// Logged-in REST calls for tests: accounts made directly in the database, tokens obtained
// through the real login route.
#pragma once

#include <string>

#include "bot/auth/guard.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/test_app.hpp"

namespace zaedno::test {

/// The password every login_as account gets.
inline constexpr const char* test_password = "correct horse battery";

/// Creates the account (if missing) directly in the app's database with test_password.
void create_account(test_app& app, const std::string& username, auth::role role);

/// Creates an account directly in the app's database and logs in through the real
/// POST /api/v1/auth/login; returns the bearer token.
std::string login_as(test_app& app, const std::string& username, auth::role role);

/// HTTP call with Authorization: Bearer token and a JSON body (empty body = none).
http_reply api_call(
    test_app& app,
    const std::string& token,
    const std::string& method,
    const std::string& target,
    const std::string& json_body = ""
);

}  // namespace zaedno::test
