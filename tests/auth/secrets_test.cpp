// Password hashes, token hashes and random values.
#include "bot/auth/secrets.hpp"

#include <gtest/gtest.h>

namespace zaedno::test {
namespace {

TEST(auth_secrets, a_password_verifies_against_its_own_hash_only) {
    auto hash = auth::hash_password("correct horse");
    EXPECT_TRUE(hash.starts_with("$argon2id$"));
    EXPECT_TRUE(auth::verify_password(hash, "correct horse"));
    EXPECT_FALSE(auth::verify_password(hash, "correct horsE"));
    EXPECT_FALSE(auth::verify_password("", "correct horse"));
    EXPECT_FALSE(auth::verify_password("$argon2id$garbage", "correct horse"));
    EXPECT_NE(auth::hash_password("correct horse"), hash);  // salted
}

TEST(auth_secrets, sha256_matches_the_standard_vector) {
    EXPECT_EQ(
        auth::sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

TEST(auth_secrets, random_values_are_hex_of_the_asked_length_and_differ) {
    auto a = auth::random_hex(32);
    EXPECT_EQ(a.size(), 64U);
    EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_NE(a, auth::random_hex(32));
    auto generated = auth::generate_password();
    EXPECT_GE(generated.size(), auth::minimum_password_length);
    EXPECT_NE(generated, auth::generate_password());
}

}  // namespace
}  // namespace zaedno::test
