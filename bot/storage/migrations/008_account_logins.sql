-- Account administration (the accounts page and API). The page shows each account's last
-- login, read from the audit log's login entries: a partial index keeps that a lookup however
-- long the log grows. Ending an account's sessions (deactivation, password reset) and the
-- console socket's per-poll "is this account still signed in" check look sessions up by
-- account.
CREATE INDEX audit_log_logins ON audit_log (account_id, at) WHERE action = 'login';
CREATE INDEX sessions_by_account ON sessions (account_id, expires_at);
