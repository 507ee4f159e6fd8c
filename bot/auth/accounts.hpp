// Accounts, sessions and failed logins in SQLite. Functions run on the storage thread inside
// a job; nothing here hashes passwords (that is too slow for the storage thread).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

/// An account as the accounts page lists it: never the password hash.
struct account_summary {
    std::int64_t id = 0;
    std::string username;
    auth::role role = role::caseworker;
    bool active = true;
    bool must_change_password = false;
    std::int64_t created_at = 0;
    /// From the audit log's login entries; none when the account never logged in.
    std::optional<std::int64_t> last_login_at;
};

/// Every account, by name.
std::vector<account_summary> list_accounts(storage::connection& db);

std::optional<account_summary> find_account_by_id(storage::connection& db, std::int64_t id);

/// Active accounts with the admin role, leaving out `except_id` (0 leaves out none).
std::int64_t count_active_admins(storage::connection& db, std::int64_t except_id);

/// Sets role and active; deactivating also ends every session of the account at once.
void update_account(storage::connection& db, std::int64_t account_id, role r, bool active);

/// An administrator's reset: the new hash must be changed at the next login, and every
/// session of the account ends (whoever held the old password is out).
void reset_password(storage::connection& db, std::int64_t account_id, std::string_view hash);

/// True while the account is active and holds an unexpired session: the console socket asks
/// on every poll, so a deactivated account (or one whose password was reset) stops receiving
/// live events at once, not at its next REST call.
bool has_live_session(storage::connection& db, std::int64_t account_id, std::int64_t now);

/// The id of the account just made by create_account.
std::int64_t account_id_of(storage::connection& db, std::string_view username);

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
