// Telegram secret-token header check.
#include "integrations/telegram/auth.hpp"

#include <gtest/gtest.h>

namespace zaedno::telegram {
namespace {

TEST(telegram_auth, matching_secret_is_accepted) {
    EXPECT_TRUE(authenticate("s3cr3t_Token-1", std::string_view{"s3cr3t_Token-1"}));
}

TEST(telegram_auth, wrong_missing_or_partial_secret_is_refused) {
    EXPECT_FALSE(authenticate("s3cr3t_Token-1", std::string_view{"s3cr3t_Token-2"}));
    EXPECT_FALSE(authenticate("s3cr3t_Token-1", std::string_view{"s3cr3t"}));
    EXPECT_FALSE(authenticate("s3cr3t_Token-1", std::string_view{"s3cr3t_Token-1 "}));
    EXPECT_FALSE(authenticate("s3cr3t_Token-1", std::string_view{""}));
    EXPECT_FALSE(authenticate("s3cr3t_Token-1", std::nullopt));
}

TEST(telegram_auth, no_configured_secret_refuses_everything) {
    EXPECT_FALSE(authenticate("", std::string_view{""}));
    EXPECT_FALSE(authenticate("", std::nullopt));
    EXPECT_FALSE(authenticate("", std::string_view{"anything"}));
}

TEST(telegram_auth, secret_token_rules_follow_set_webhook) {
    EXPECT_FALSE(secret_token_problem("abc-DEF_123"));
    EXPECT_TRUE(secret_token_problem("123456:ABC"));
    EXPECT_TRUE(secret_token_problem("with space"));
    EXPECT_TRUE(secret_token_problem(""));
    EXPECT_TRUE(secret_token_problem(std::string(257, 'a')));
}

}  // namespace
}  // namespace zaedno::telegram
