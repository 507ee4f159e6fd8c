// SQL for accounts, sessions and failed logins.
#include "bot/auth/accounts.hpp"

namespace zaedno::auth {

std::string_view role_name(role r) {
    return r == role::admin ? "admin" : "caseworker";
}

std::optional<role> parse_role(std::string_view name) {
    if (name == "admin") {
        return role::admin;
    }
    if (name == "caseworker") {
        return role::caseworker;
    }
    return std::nullopt;
}

std::optional<std::string> normalize_username(std::string_view name) {
    if (name.empty() || name.size() > 64) {
        return std::nullopt;
    }
    std::string out;
    for (char c : name) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
        bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                       c == '-' || c == '@';
        if (!allowed) {
            return std::nullopt;
        }
        out += c;
    }
    return out;
}

bool create_account(
    storage::connection& db,
    std::string_view username,
    std::string_view password_hash,
    role r,
    bool must_change_password,
    std::int64_t now
) {
    db.prepared(
          "INSERT INTO accounts (username, password_hash, role, must_change_password, "
          "created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING"
    )
        .bind(1, username)
        .bind(2, password_hash)
        .bind(3, role_name(r))
        .bind(4, must_change_password ? 1 : 0)
        .bind(5, now)
        .run();
    return db.changes() == 1;
}

std::int64_t count_accounts(storage::connection& db) {
    auto& st = db.prepared("SELECT count(*) FROM accounts");
    st.step();
    auto n = st.int64(0);
    st.reset();
    return n;
}

void set_password(
    storage::connection& db,
    std::int64_t account_id,
    std::string_view password_hash,
    std::int64_t keep_session_id
) {
    db.prepared("UPDATE accounts SET password_hash = ?, must_change_password = 0 WHERE id = ?")
        .bind(1, password_hash)
        .bind(2, account_id)
        .run();
    db.prepared("DELETE FROM sessions WHERE account_id = ? AND id <> ?")
        .bind(1, account_id)
        .bind(2, keep_session_id)
        .run();
}

std::optional<stored_account> find_account(storage::connection& db, std::string_view username) {
    auto& st = db.prepared(
        "SELECT id, username, password_hash, role, active, must_change_password FROM accounts "
        "WHERE username = ?"
    );
    st.bind(1, username);
    if (!st.step()) {
        st.reset();
        return std::nullopt;
    }
    stored_account a;
    a.id = st.int64(0);
    a.username = st.text(1);
    a.password_hash = st.text(2);
    a.role = parse_role(st.text(3)).value_or(role::caseworker);
    a.active = st.int64(4) != 0;
    a.must_change_password = st.int64(5) != 0;
    st.reset();
    return a;
}

namespace {

account_summary summary_row(storage::statement& st) {
    account_summary a;
    a.id = st.int64(0);
    a.username = st.text(1);
    a.role = parse_role(st.text(2)).value_or(role::caseworker);
    a.active = st.int64(3) != 0;
    a.must_change_password = st.int64(4) != 0;
    a.created_at = st.int64(5);
    a.last_login_at = st.optional_int64(6);
    return a;
}

}  // namespace

std::vector<account_summary> list_accounts(storage::connection& db) {
    // The partial index audit_log_logins (migration 008) keeps the last login a lookup.
    auto& st = db.prepared(
        "SELECT a.id, a.username, a.role, a.active, a.must_change_password, a.created_at, "
        "(SELECT max(l.at) FROM audit_log l WHERE l.account_id = a.id AND l.action = 'login') "
        "FROM accounts a ORDER BY a.username"
    );
    std::vector<account_summary> out;
    while (st.step()) {
        out.push_back(summary_row(st));
    }
    st.reset();
    return out;
}

std::optional<account_summary> find_account_by_id(storage::connection& db, std::int64_t id) {
    auto& st = db.prepared(
        "SELECT a.id, a.username, a.role, a.active, a.must_change_password, a.created_at, "
        "(SELECT max(l.at) FROM audit_log l WHERE l.account_id = a.id AND l.action = 'login') "
        "FROM accounts a WHERE a.id = ?"
    );
    st.bind(1, id);
    std::optional<account_summary> out;
    if (st.step()) {
        out = summary_row(st);
    }
    st.reset();
    return out;
}

std::int64_t count_active_admins(storage::connection& db, std::int64_t except_id) {
    auto& st =
        db.prepared("SELECT count(*) FROM accounts WHERE role = 'admin' AND active = 1 AND id <> ?"
        );
    st.bind(1, except_id);
    st.step();
    auto n = st.int64(0);
    st.reset();
    return n;
}

void update_account(storage::connection& db, std::int64_t account_id, role r, bool active) {
    db.prepared("UPDATE accounts SET role = ?, active = ? WHERE id = ?")
        .bind(1, role_name(r))
        .bind(2, active ? 1 : 0)
        .bind(3, account_id)
        .run();
    if (!active) {
        db.prepared("DELETE FROM sessions WHERE account_id = ?").bind(1, account_id).run();
    }
}

void reset_password(storage::connection& db, std::int64_t account_id, std::string_view hash) {
    db.prepared("UPDATE accounts SET password_hash = ?, must_change_password = 1 WHERE id = ?")
        .bind(1, hash)
        .bind(2, account_id)
        .run();
    db.prepared("DELETE FROM sessions WHERE account_id = ?").bind(1, account_id).run();
}

bool has_live_session(storage::connection& db, std::int64_t account_id, std::int64_t now) {
    auto& st = db.prepared(
        "SELECT 1 FROM sessions s JOIN accounts a ON a.id = s.account_id "
        "WHERE s.account_id = ? AND s.expires_at > ? AND a.active = 1 LIMIT 1"
    );
    st.bind(1, account_id).bind(2, now);
    bool live = st.step();
    st.reset();
    return live;
}

std::int64_t account_id_of(storage::connection& db, std::string_view username) {
    auto& st = db.prepared("SELECT id FROM accounts WHERE username = ?");
    st.bind(1, username);
    std::int64_t id = st.step() ? st.int64(0) : 0;
    st.reset();
    return id;
}

void insert_session(
    storage::connection& db,
    std::int64_t account_id,
    std::string_view token_hash,
    std::string_view csrf,
    std::int64_t now,
    std::int64_t expires_at
) {
    db.prepared(
          "INSERT INTO sessions (account_id, token_hash, csrf, created_at, expires_at) "
          "VALUES (?, ?, ?, ?, ?)"
    )
        .bind(1, account_id)
        .bind(2, token_hash)
        .bind(3, csrf)
        .bind(4, now)
        .bind(5, expires_at)
        .run();
}

std::optional<stored_session> find_session(
    storage::connection& db, std::string_view token_hash, std::int64_t now
) {
    auto& st = db.prepared(
        "SELECT s.id, s.csrf, s.expires_at, a.id, a.username, a.role, a.must_change_password "
        "FROM sessions s JOIN accounts a ON a.id = s.account_id "
        "WHERE s.token_hash = ? AND s.expires_at > ? AND a.active = 1"
    );
    st.bind(1, token_hash).bind(2, now);
    if (!st.step()) {
        st.reset();
        return std::nullopt;
    }
    stored_session s;
    s.id = st.int64(0);
    s.csrf = st.text(1);
    s.expires_at = st.int64(2);
    s.account.id = st.int64(3);
    s.account.username = st.text(4);
    s.account.role = parse_role(st.text(5)).value_or(role::caseworker);
    s.account.must_change_password = st.int64(6) != 0;
    st.reset();
    return s;
}

void delete_session(storage::connection& db, std::int64_t session_id) {
    db.prepared("DELETE FROM sessions WHERE id = ?").bind(1, session_id).run();
}

void prune(storage::connection& db, std::int64_t now, std::int64_t failures_before) {
    db.prepared("DELETE FROM sessions WHERE expires_at <= ?").bind(1, now).run();
    db.prepared("DELETE FROM login_failures WHERE at < ?").bind(1, failures_before).run();
}

failure_counts count_failures(
    storage::connection& db, std::string_view username, std::string_view address, std::int64_t since
) {
    failure_counts out;
    auto& by_name =
        db.prepared("SELECT count(*) FROM login_failures WHERE username = ? AND at >= ?");
    by_name.bind(1, username).bind(2, since);
    by_name.step();
    out.for_username = by_name.int64(0);
    by_name.reset();
    auto& by_address =
        db.prepared("SELECT count(*) FROM login_failures WHERE address = ? AND at >= ?");
    by_address.bind(1, address).bind(2, since);
    by_address.step();
    out.for_address = by_address.int64(0);
    by_address.reset();
    return out;
}

void record_failure(
    storage::connection& db, std::string_view username, std::string_view address, std::int64_t now
) {
    db.prepared("INSERT INTO login_failures (username, address, at) VALUES (?, ?, ?)")
        .bind(1, username)
        .bind(2, address)
        .bind(3, now)
        .run();
}

void clear_failures(storage::connection& db, std::string_view username) {
    db.prepared("DELETE FROM login_failures WHERE username = ?").bind(1, username).run();
}

}  // namespace zaedno::auth
