// Accounts, sessions and failed logins in SQLite. Functions run on the storage thread inside
// a job; nothing here hashes passwords (that is too slow for the storage thread).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bot/storage/connection.hpp"

namespace zaedno::auth {

enum class role { caseworker, admin };  // admin may do everything a caseworker may

std::string_view role_name(role r);
std::optional<role> parse_role(std::string_view name);

/// Account names are 1-64 characters of a-z 0-9 . _ - @, stored lower case.
std::optional<std::string> normalize_username(std::string_view name);

struct stored_account {
    std::int64_t id = 0;
    std::string username;
    std::string password_hash;
    auth::role role = role::caseworker;
    bool active = true;
    bool must_change_password = false;
};

/// Inserts the account; false when the name is taken.
bool create_account(
    storage::connection& db,
    std::string_view username,
    std::string_view password_hash,
    role r,
    bool must_change_password,
    std::int64_t now
);

std::int64_t count_accounts(storage::connection& db);

/// Replaces the password hash, clears must_change_password and ends the account's other
/// sessions (a changed password locks out whoever else knew the old one).
void set_password(
    storage::connection& db,
    std::int64_t account_id,
    std::string_view password_hash,
    std::int64_t keep_session_id
);

std::optional<stored_account> find_account(storage::connection& db, std::string_view username);

struct stored_session {
    std::int64_t id = 0;
    std::string csrf;
    std::int64_t expires_at = 0;
    stored_account account;
};

void insert_session(
    storage::connection& db,
    std::int64_t account_id,
    std::string_view token_hash,
    std::string_view csrf,
    std::int64_t now,
    std::int64_t expires_at
);

/// The session for a token hash, if it exists, has not expired and its account is active.
std::optional<stored_session> find_session(
    storage::connection& db, std::string_view token_hash, std::int64_t now
);

void delete_session(storage::connection& db, std::int64_t session_id);

/// Removes expired sessions and failures older than `failures_before`.
void prune(storage::connection& db, std::int64_t now, std::int64_t failures_before);

struct failure_counts {
    std::int64_t for_username = 0;
    std::int64_t for_address = 0;
};

failure_counts count_failures(
    storage::connection& db, std::string_view username, std::string_view address, std::int64_t since
);

void record_failure(
    storage::connection& db, std::string_view username, std::string_view address, std::int64_t now
);

/// A successful login forgives the account's earlier failures (not the address's).
void clear_failures(storage::connection& db, std::string_view username);

}  // namespace zaedno::auth
