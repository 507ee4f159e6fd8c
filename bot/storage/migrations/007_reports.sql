-- Reports: anonymous counters written when each reportable event happens, in the same
-- transaction as the change, so erasure and the retention purge no longer have to fold
-- anything in and reports never shrink. docs/reports.md defines every metric.

-- anonymous_counts (006) is now written at the moment of each event: day is the local date
-- in the configured time zone (rows written before this migration carry UTC dates), and
-- nothing is folded in at erasure any more. Its "people" rows (erased people by the day they
-- first wrote) are the new_people of the people erased before reports were recorded.
UPDATE anonymous_counts SET metric = 'new_people' WHERE metric = 'people';

-- How long handoffs waited in the queue (waiting → claimed or assigned), one row per local
-- day, channel, language and whole second of waiting, with how many waited that long: enough
-- for exact medians and percentiles per period, and nothing that names a person.
CREATE TABLE anonymous_waits (
    day          TEXT    NOT NULL,  -- YYYY-MM-DD, local date of the claim
    channel      TEXT    NOT NULL,
    language     TEXT    NOT NULL,  -- '' when unknown
    wait_seconds INTEGER NOT NULL CHECK (wait_seconds >= 0),
    count        INTEGER NOT NULL,
    PRIMARY KEY (day, channel, language, wait_seconds)
) STRICT, WITHOUT ROWID;

-- The local day a person last wrote, so the first message of each day counts them as
-- reached with one UPDATE; reached_before keeps the previous value, written by that same
-- UPDATE, so it can be returned (week and month counts follow from it).
ALTER TABLE people ADD COLUMN reached_day TEXT;
ALTER TABLE people ADD COLUMN reached_before TEXT;
