// Passwords (argon2id through libsodium), random tokens and their hashes: the only place
// that touches key material.
#pragma once

#include <string>
#include <string_view>

namespace zaedno::auth {

/// libsodium's crypto_pwhash_str (argon2id, interactive limits): a self-describing string
/// holding the salt and the cost. Costs tens of milliseconds and 64 MiB: never call it on
/// the storage thread.
std::string hash_password(std::string_view password);

/// Constant-time check of a password against hash_password's output; false for any
/// malformed hash.
bool verify_password(std::string_view hash, std::string_view password);

/// A hash with the same cost as a real one, verified when the account does not exist so a
/// login's timing does not reveal which names are accounts.
const std::string& decoy_password_hash();

/// `bytes` random bytes from the operating system's generator, as lowercase hex.
std::string random_hex(std::size_t bytes);

/// Lowercase hex SHA-256 of the text: how session tokens are stored.
std::string sha256_hex(std::string_view text);

/// A readable generated password (no look-alike characters).
std::string generate_password();

/// The shortest password `user add` and the bootstrap accept.
constexpr std::size_t minimum_password_length = 10;

}  // namespace zaedno::auth
