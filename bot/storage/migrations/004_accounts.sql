-- Caseworker and admin accounts, login sessions and attempts, the audit log, and what the
-- console adds to a handed-off conversation (owner, crisis flag, notes, read marks,
-- attachments, canned replies).

-- password_hash is libsodium's crypto_pwhash_str (argon2id) text, never the password.
CREATE TABLE accounts (
    id                   INTEGER PRIMARY KEY,
    username             TEXT    NOT NULL UNIQUE,
    password_hash        TEXT    NOT NULL,
    role                 TEXT    NOT NULL CHECK (role IN ('caseworker', 'admin')),
    active               INTEGER NOT NULL DEFAULT 1,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    created_at           INTEGER NOT NULL
) STRICT;

-- token_hash is the hex SHA-256 of the bearer token: a copy of the database opens no session.
CREATE TABLE sessions (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    token_hash  TEXT    NOT NULL UNIQUE,
    csrf        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- Failed logins only, per account name and per address, for lockout; old rows are pruned.
CREATE TABLE login_failures (
    id       INTEGER PRIMARY KEY,
    username TEXT    NOT NULL,
    address  TEXT    NOT NULL,
    at       INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failures_by_username ON login_failures (username, at);
CREATE INDEX login_failures_by_address ON login_failures (address, at);

-- Who did what and when; details is JSON without any message or note text. The username is
-- copied so the log stays readable after an account is removed; conversation_id has no
-- foreign key so erasing a conversation keeps its audit trail.
CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY,
    at              INTEGER NOT NULL,
    account_id      INTEGER,
    username        TEXT    NOT NULL,
    action          TEXT    NOT NULL,
    conversation_id INTEGER,
    details         TEXT    NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX audit_log_by_conversation ON audit_log (conversation_id, id);

ALTER TABLE conversations ADD COLUMN assigned_to INTEGER REFERENCES accounts (id) ON DELETE SET NULL;
ALTER TABLE conversations ADD COLUMN crisis INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN assigned_at INTEGER;

-- A photo, voice note or file the person sent: kind (photo, voice, document…) and the
-- platform's reference (a Telegram file_id or a Viber media URL).
ALTER TABLE messages ADD COLUMN attachment_kind TEXT;
ALTER TABLE messages ADD COLUMN attachment_ref TEXT;

-- Private caseworker notes on a conversation; erased with it.
CREATE TABLE conversation_notes (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    account_id      INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    author          TEXT    NOT NULL,
    text            TEXT    NOT NULL,
    at              INTEGER NOT NULL
) STRICT;
CREATE INDEX conversation_notes_by_conversation ON conversation_notes (conversation_id, id);

-- The last transcript line each caseworker has read in each conversation (unread counts).
CREATE TABLE conversation_reads (
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    account_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    last_message_id INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, account_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE canned_replies (
    id         INTEGER PRIMARY KEY,
    language   TEXT    NOT NULL,
    title      TEXT    NOT NULL,
    text       TEXT    NOT NULL,
    created_by TEXT    NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX canned_replies_by_language ON canned_replies (language, title);
