-- Reading the outbox must cost the same with a long history as with an empty table.
-- A chat's head: its oldest pending call, found by one seek instead of a walk over every
-- call the chat ever had (sent calls stay for the web chat's sequence numbers).
CREATE INDEX outbox_pending_by_chat ON outbox (channel, chat_key, id) WHERE status = 'pending';
-- The next retry time: the smallest future not_before among pending calls, by one seek.
-- Only rescheduled calls have a not_before, so only they enter this index.
CREATE INDEX outbox_retry_at ON outbox (not_before_ms)
    WHERE status = 'pending' AND not_before_ms > 0;
