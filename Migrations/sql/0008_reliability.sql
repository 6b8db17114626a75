-- Reliability and security: signing keys reported as leaked (`concord keys compromise KID --since TIME`).
-- Every certificate the key signed at or after `since` verifies as revoked with reason `key-compromise`
-- (Verification.standing); the key leaves the JWKS but stays in signing_key so earlier certificates still
-- verify online. A compromise is never undone: there is no way back for a leaked key.
CREATE TABLE signing_key_compromise (
    kid          TEXT PRIMARY KEY REFERENCES signing_key(kid),
    since        TEXT NOT NULL CHECK (since GLOB
                     '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'),
    note         TEXT NOT NULL CHECK (length(note) BETWEEN 1 AND 200),
    recorded_at  TEXT NOT NULL
) STRICT;
