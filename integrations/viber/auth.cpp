// Viber signature check over the raw body bytes.
#include "integrations/viber/auth.hpp"

#include <openssl/crypto.h>

#include "integrations/crypto.hpp"

namespace zaedno::viber {

bool authenticate(
    std::string_view auth_token,
    std::optional<std::string_view> signature_header_value,
    std::string_view raw_body
) {
    if (auth_token.empty() || !signature_header_value) {
        return false;
    }
    const auto received = channels::digest_from_hex(*signature_header_value);
    const channels::sha256_digest expected = channels::hmac_sha256(auth_token, raw_body);
    if (!received) {
        return false;
    }
    return CRYPTO_memcmp(received->data(), expected.data(), expected.size()) == 0;
}

std::string sign(std::string_view auth_token, std::string_view raw_body) {
    return channels::to_hex(channels::hmac_sha256(auth_token, raw_body));
}

}  // namespace zaedno::viber
