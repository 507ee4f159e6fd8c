// HMAC-SHA256 known answers, hex handling and constant-time comparison.
#include "integrations/crypto.hpp"

#include <string>

#include <gtest/gtest.h>

namespace zaedno::channels {
namespace {

// HMAC built by hand from the definition (RFC 2104) over plain SHA-256: a second method.
sha256_digest hmac_by_definition(std::string key, std::string_view data) {
    constexpr std::size_t block = 64;
    if (key.size() > block) {
        const auto hashed = sha256(key);
        key.assign(hashed.begin(), hashed.end());
    }
    key.resize(block, '\0');
    std::string inner(block, '\0');
    std::string outer(block, '\0');
    for (std::size_t i = 0; i < block; ++i) {
        inner[i] = static_cast<char>(key[i] ^ 0x36);
        outer[i] = static_cast<char>(key[i] ^ 0x5c);
    }
    const auto inner_hash = sha256(inner + std::string(data));
    return sha256(outer + std::string(inner_hash.begin(), inner_hash.end()));
}

TEST(channels_crypto, hmac_sha256_matches_rfc4231_vectors) {
    EXPECT_EQ(
        to_hex(hmac_sha256(std::string(20, '\x0b'), "Hi There")),
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
    );
    EXPECT_EQ(
        to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
    // Test case 6: a key longer than the block size is hashed first.
    EXPECT_EQ(
        to_hex(hmac_sha256(
            std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First"
        )),
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
    );
}

TEST(channels_crypto, hmac_sha256_matches_the_definition) {
    const std::string body = R"({"event":"message","message_token":4912661846655238145})";
    EXPECT_EQ(
        hmac_sha256("445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9", body),
        hmac_by_definition("445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9", body)
    );
    const std::string long_key(200, 'k');
    EXPECT_EQ(hmac_sha256(long_key, ""), hmac_by_definition(long_key, ""));
}

TEST(channels_crypto, sha256_of_abc) {
    EXPECT_EQ(
        to_hex(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

TEST(channels_crypto, hex_digests_parse_in_either_case_and_refuse_junk) {
    const std::string lower = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    std::string upper = lower;
    for (char& c : upper) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    ASSERT_TRUE(digest_from_hex(lower));
    EXPECT_EQ(digest_from_hex(lower), digest_from_hex(upper));
    EXPECT_EQ(to_hex(*digest_from_hex(upper)), lower);
    EXPECT_FALSE(digest_from_hex(lower.substr(1)));
    EXPECT_FALSE(digest_from_hex(lower + "0"));
    EXPECT_FALSE(digest_from_hex("g" + lower.substr(1)));
    EXPECT_FALSE(digest_from_hex(""));
}

TEST(channels_crypto, constant_time_equal_is_plain_equality) {
    EXPECT_TRUE(constant_time_equal("secret-token_1", "secret-token_1"));
    EXPECT_TRUE(constant_time_equal("", ""));
    EXPECT_FALSE(constant_time_equal("secret-token_1", "secret-token_2"));
    EXPECT_FALSE(constant_time_equal("secret", "secret-token"));
    EXPECT_FALSE(constant_time_equal("secret-token", "secret"));
    EXPECT_FALSE(constant_time_equal("", "x"));
    EXPECT_FALSE(constant_time_equal("Secret", "secret"));
    EXPECT_TRUE(constant_time_equal(std::string("a\0b", 3), std::string("a\0b", 3)));
    EXPECT_FALSE(constant_time_equal(std::string("a\0b", 3), std::string("a\0c", 3)));
}

}  // namespace
}  // namespace zaedno::channels
