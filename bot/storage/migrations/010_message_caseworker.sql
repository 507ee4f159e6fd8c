-- Which caseworker wrote a transcript line: a handed-off conversation may pass between several,
-- and the person's next caseworker (and an audit) must see who said what. NULL on lines of the
-- person and the assistant, and on caseworker lines written before this column.
ALTER TABLE messages ADD COLUMN account_id INTEGER REFERENCES accounts (id);
