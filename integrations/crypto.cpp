// SHA-256, HMAC-SHA256 and constant-time comparison over OpenSSL.
#include "integrations/crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

namespace zaedno::channels {

sha256_digest sha256(std::string_view data) {
    sha256_digest out{};
    SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data());
    return out;
}

sha256_digest hmac_sha256(std::string_view key, std::string_view data) {
    sha256_digest out{};
    unsigned int length = 0;
    HMAC(
        EVP_sha256(),
        key.data(),
        static_cast<int>(key.size()),
        reinterpret_cast<const unsigned char*>(data.data()),
        data.size(),
        out.data(),
        &length
    );
    return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    const sha256_digest left = sha256(a);
    const sha256_digest right = sha256(b);
    // Hashing hides the lengths; the final length check only confirms what the digests say.
    return CRYPTO_memcmp(left.data(), right.data(), left.size()) == 0 && a.size() == b.size();
}

std::string to_hex(const sha256_digest& digest) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(digest.size() * 2);
    for (std::uint8_t byte : digest) {
        out.push_back(digits[byte >> 4]);
        out.push_back(digits[byte & 0x0F]);
    }
    return out;
}

std::optional<sha256_digest> digest_from_hex(std::string_view hex) {
    if (hex.size() != 64) {
        return std::nullopt;
    }
    const auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    };
    sha256_digest out{};
    for (std::size_t i = 0; i < out.size(); ++i) {
        const int high = nibble(hex[2 * i]);
        const int low = nibble(hex[2 * i + 1]);
        if (high < 0 || low < 0) {
            return std::nullopt;
        }
        out[i] = static_cast<std::uint8_t>((high << 4) | low);
    }
    return out;
}

}  // namespace zaedno::channels
