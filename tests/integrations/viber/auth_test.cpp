// Viber signature check over raw bytes.
#include "integrations/viber/auth.hpp"

#include <gtest/gtest.h>

#include "tests/integrations/fixture.hpp"

namespace zaedno::viber {
namespace {

constexpr std::string_view token = "445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9";

TEST(viber_auth, known_answer_signature) {
    // RFC 4231 test case 2, through the Viber entry point.
    EXPECT_EQ(
        sign("Jefe", "what do ya want for nothing?"),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
    EXPECT_TRUE(authenticate(
        "Jefe",
        std::string_view{"5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
        "what do ya want for nothing?"
    ));
}

TEST(viber_auth, signature_of_the_raw_body_is_accepted_in_either_case) {
    const std::string body = test::read_fixture("viber/message_text.json");
    const std::string lower = sign(token, body);
    std::string upper = lower;
    for (char& c : upper) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    EXPECT_TRUE(authenticate(token, std::string_view{lower}, body));
    EXPECT_TRUE(authenticate(token, std::string_view{upper}, body));
}

TEST(viber_auth, any_change_to_body_token_or_signature_is_refused) {
    const std::string body = test::read_fixture("viber/message_text.json");
    const std::string signature = sign(token, body);
    EXPECT_FALSE(authenticate(token, std::string_view{signature}, body + " "));
    EXPECT_FALSE(authenticate("other-token", std::string_view{signature}, body));
    std::string flipped = signature;
    flipped.back() = flipped.back() == '0' ? '1' : '0';
    EXPECT_FALSE(authenticate(token, std::string_view{flipped}, body));
    EXPECT_FALSE(authenticate(token, std::string_view{signature.substr(0, 63)}, body));
    EXPECT_FALSE(authenticate(token, std::string_view{"z" + signature.substr(1)}, body));
    EXPECT_FALSE(authenticate(token, std::string_view{""}, body));
    EXPECT_FALSE(authenticate(token, std::nullopt, body));
}

TEST(viber_auth, no_configured_token_refuses_everything) {
    const std::string body = "{}";
    EXPECT_FALSE(authenticate("", std::string_view{sign("", body)}, body));
}

}  // namespace
}  // namespace zaedno::viber
