-- Dialog scripts and translations as versions in the database, the consent notice a person
-- agreed to, and the anonymous counts that outlive erasure and retention.

-- One row per version of the whole content (every dialog file and locale file). At most one
-- draft (the version admins are editing) and one published version (what the server runs)
-- exist at a time; earlier published versions are kept as 'superseded' for roll-back.
CREATE TABLE content_versions (
    id             INTEGER PRIMARY KEY,
    state          TEXT    NOT NULL CHECK (state IN ('draft', 'published', 'superseded')),
    source         TEXT    NOT NULL CHECK (source IN ('seed', 'import', 'edit', 'rollback')),
    based_on       INTEGER REFERENCES content_versions (id),
    author         TEXT    NOT NULL,          -- an account's username, or "cli" / "seed"
    note           TEXT    NOT NULL DEFAULT '',
    revision       INTEGER NOT NULL DEFAULT 1,  -- bumped by each draft save (publish checks it)
    notice_version TEXT    NOT NULL DEFAULT '',  -- hash of the privacy notice texts
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    published_at   INTEGER
) STRICT;
CREATE UNIQUE INDEX content_one_draft ON content_versions (state) WHERE state = 'draft';
CREATE UNIQUE INDEX content_one_published ON content_versions (state) WHERE state = 'published';

-- The files of a version by their path in an export: dialogs/<flow>.json,
-- dialogs/data/<name>.json, locales/<lang>.json. Bodies are the files' text as saved.
CREATE TABLE content_files (
    version_id INTEGER NOT NULL REFERENCES content_versions (id) ON DELETE CASCADE,
    path       TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    PRIMARY KEY (version_id, path)
) STRICT, WITHOUT ROWID;

-- Which privacy notice the person agreed to (content_versions.notice_version), with consent_at.
ALTER TABLE people ADD COLUMN consent_notice TEXT;

-- Counts without personal data, added when erasure or the retention job removes the rows
-- they were counted from, so reports stay right: a report adds these to what is still live.
-- metric: people (by the day they first wrote), messages_in, messages_out (by the message's
-- day), erasures (by the day of the request), purged_conversations (by the day of the purge),
-- appointments_<booking status> (by the day booked; subject is the service id).
CREATE TABLE anonymous_counts (
    day      TEXT    NOT NULL,  -- YYYY-MM-DD, UTC
    channel  TEXT    NOT NULL,
    language TEXT    NOT NULL,  -- '' when unknown
    metric   TEXT    NOT NULL,
    subject  TEXT    NOT NULL DEFAULT '',  -- what the metric is about, e.g. a service id
    count    INTEGER NOT NULL,
    PRIMARY KEY (day, channel, language, metric, subject)
) STRICT, WITHOUT ROWID;
