-- People, their conversation, the durable inbox and outbox, and the transcript.

-- One row per person per channel. display_name and language are personal data: /forget
-- clears them; the row itself stays only as an anonymous counter anchor.
CREATE TABLE people (
    id           INTEGER PRIMARY KEY,
    channel      TEXT    NOT NULL,
    channel_user TEXT    NOT NULL,
    language     TEXT    NOT NULL DEFAULT '',
    display_name TEXT,
    reachable    INTEGER NOT NULL DEFAULT 1,  -- 0 after "blocked by the user" / not subscribed
    subscribed   INTEGER NOT NULL DEFAULT 1,  -- 0 after /stop: no reminders or announcements
    consent_at   INTEGER,
    created_at   INTEGER NOT NULL,
    UNIQUE (channel, channel_user)
) STRICT;

-- The person's conversation with the assistant and, when handed off, with a caseworker.
CREATE TABLE conversations (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL UNIQUE REFERENCES people (id) ON DELETE CASCADE,
    status        TEXT    NOT NULL DEFAULT 'bot'
                  CHECK (status IN ('bot', 'waiting', 'assigned', 'closed')),
    priority      TEXT    NOT NULL DEFAULT 'normal' CHECK (priority IN ('normal', 'urgent')),
    handoff_reason TEXT,
    waiting_since INTEGER,
    state         TEXT    NOT NULL DEFAULT '{}',  -- the dialog engine's state as JSON
    updated_at    INTEGER NOT NULL,
    created_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX conversations_queue ON conversations (status, priority, waiting_since);

-- Every accepted webhook update, stored before the webhook is answered. Duplicates are
-- refused by the UNIQUE key (membership, never "above the last id"). The body is cleared
-- once processed; the key stays long enough to catch the platforms' re-deliveries.
CREATE TABLE inbox (
    id           INTEGER PRIMARY KEY,
    channel      TEXT    NOT NULL,
    dedupe_key   TEXT    NOT NULL,
    chat_key     TEXT    NOT NULL,
    body         TEXT,
    received_ms  INTEGER NOT NULL,
    processed_ms INTEGER,
    failure      TEXT,
    UNIQUE (channel, dedupe_key)
) STRICT;
CREATE INDEX inbox_pending ON inbox (id) WHERE processed_ms IS NULL;

-- Platform calls waiting to be made, in order per chat. status: pending, sent, dead.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    channel         TEXT    NOT NULL,
    chat_key        TEXT    NOT NULL,
    method          TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    urgent          INTEGER NOT NULL DEFAULT 0,
    status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    not_before_ms   INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    created_ms      INTEGER NOT NULL,
    origin_ms       INTEGER,  -- when the update that caused it arrived (reply latency)
    sent_ms         INTEGER
) STRICT;
CREATE INDEX outbox_by_chat ON outbox (channel, chat_key, id);
-- Pending calls in the order they are taken (urgent first, then oldest), so the worker reads
-- only the few heads it can send instead of the whole backlog.
CREATE INDEX outbox_pending ON outbox (urgent DESC, id) WHERE status = 'pending';

-- The transcript caseworkers read. Erased by /forget and by the retention job.
CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    direction       TEXT    NOT NULL CHECK (direction IN ('in', 'out')),
    author          TEXT    NOT NULL CHECK (author IN ('user', 'bot', 'caseworker')),
    text            TEXT    NOT NULL,
    at              INTEGER NOT NULL
) STRICT;
CREATE INDEX messages_by_conversation ON messages (conversation_id, id);
