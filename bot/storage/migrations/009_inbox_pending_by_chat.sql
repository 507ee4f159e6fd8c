-- A webhook processes its update in the storing transaction unless an earlier update of the
-- same chat still waits for the processor; this finds such a row by one seek. Rows processed
-- at once never enter it.
CREATE INDEX inbox_pending_by_chat ON inbox (channel, chat_key) WHERE processed_ms IS NULL;
