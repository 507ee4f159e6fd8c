// libsodium behind small functions; sodium_init runs once before the first use.
#include "bot/auth/secrets.hpp"

#include <array>
#include <stdexcept>

#include <sodium.h>

namespace zaedno::auth {

namespace {

void ensure_sodium() {
    static const bool ready = sodium_init() >= 0;
    if (!ready) {
        throw std::runtime_error("libsodium could not be initialised");
    }
}

std::string to_hex(const unsigned char* data, std::size_t size) {
    std::string out(size * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, size);
    out.pop_back();
    return out;
}

}  // namespace

std::string hash_password(std::string_view password) {
    ensure_sodium();
    std::array<char, crypto_pwhash_STRBYTES> out{};
    if (crypto_pwhash_str(
            out.data(),
            password.data(),
            password.size(),
            crypto_pwhash_OPSLIMIT_INTERACTIVE,
            crypto_pwhash_MEMLIMIT_INTERACTIVE
        ) != 0) {
        throw std::runtime_error("password hashing ran out of memory");
    }
    return std::string(out.data());
}

bool verify_password(std::string_view hash, std::string_view password) {
    ensure_sodium();
    if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) {
        return false;
    }
    std::array<char, crypto_pwhash_STRBYTES> stored{};
    hash.copy(stored.data(), hash.size());
    return crypto_pwhash_str_verify(stored.data(), password.data(), password.size()) == 0;
}

const std::string& decoy_password_hash() {
    static const std::string decoy = hash_password(random_hex(16));
    return decoy;
}

std::string random_hex(std::size_t bytes) {
    ensure_sodium();
    std::string raw(bytes, '\0');
    randombytes_buf(raw.data(), raw.size());
    auto hex = to_hex(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
    sodium_memzero(raw.data(), raw.size());
    return hex;
}

std::string sha256_hex(std::string_view text) {
    ensure_sodium();
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(
        digest.data(), reinterpret_cast<const unsigned char*>(text.data()), text.size()
    );
    return to_hex(digest.data(), digest.size());
}

std::string generate_password() {
    ensure_sodium();
    // 32 lowercase letters and digits without o/0 and l/1: read off a terminal without mistakes.
    static constexpr std::string_view alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    std::string out;
    for (int group = 0; group < 4; ++group) {
        if (group > 0) {
            out += '-';
        }
        for (int i = 0; i < 5; ++i) {
            out += alphabet[randombytes_uniform(static_cast<std::uint32_t>(alphabet.size()))];
        }
    }
    return out;
}

}  // namespace zaedno::auth
