// Secret comparison and message authentication for webhook checks (OpenSSL).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zaedno::channels {

using sha256_digest = std::array<std::uint8_t, 32>;

/// Equal bytes, in time independent of where they differ and of their lengths (both sides are
/// hashed first, then compared with CRYPTO_memcmp).
bool constant_time_equal(std::string_view a, std::string_view b);

sha256_digest sha256(std::string_view data);
sha256_digest hmac_sha256(std::string_view key, std::string_view data);

/// Lower-case hex.
std::string to_hex(const sha256_digest& digest);

/// 64 hex digits of either case → digest; anything else → nullopt.
std::optional<sha256_digest> digest_from_hex(std::string_view hex);

}  // namespace zaedno::channels
