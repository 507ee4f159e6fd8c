-- An admin's word that a translation still says what its source text now says, after the
-- source changed: the "stale" mark stays off while both texts are the ones that were checked.
-- One row per language and key; a later check replaces it.
CREATE TABLE translation_reviews (
    language    TEXT    NOT NULL,
    key         TEXT    NOT NULL,
    source_text TEXT    NOT NULL,
    translation TEXT    NOT NULL,
    account_id  INTEGER REFERENCES accounts (id),
    at          INTEGER NOT NULL,
    PRIMARY KEY (language, key)
) STRICT;
