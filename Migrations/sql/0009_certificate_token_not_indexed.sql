-- certificate.token loses its UNIQUE constraint, and with it an index as large as the tokens themselves
-- (about a third of a database of certificates). Uniqueness still holds: every token's claims carry the
-- certificate's code as `jti`, and `code` stays UNIQUE. Without that index a certificate stored costs about a
-- third fewer pages (Docs/PERFORMANCE.md, issue-certificates).
--
-- SQLite cannot drop a column constraint, so the table is rebuilt the documented way: a new table, the rows
-- copied, the old table dropped, the new one renamed, the indexes made again. The migrator runs this with
-- foreign keys off and checks them all before it commits; certificate_status_change refers to the table by
-- name and so refers to the new one.
CREATE TABLE certificate_rebuilt (
    id               INTEGER PRIMARY KEY,
    number           TEXT NOT NULL UNIQUE CHECK (length(number) = 22 AND substr(number, 1, 1) IN ('S', 'Y')
                         AND substr(number, 2) NOT GLOB '*[^0-9]*'),
    person_id        INTEGER NOT NULL REFERENCES person(id),
    body_id          INTEGER NOT NULL REFERENCES evaluation_body(institution_id),
    level            INTEGER NOT NULL CHECK (level IN (3, 4)),
    holder_name      TEXT NOT NULL CHECK (length(holder_name) BETWEEN 1 AND 50),
    id_masked        TEXT NOT NULL CHECK (length(id_masked) = 18),
    occupation       TEXT NOT NULL CHECK (occupation = '4-07-03-02'),
    body_name        TEXT NOT NULL,
    issued_on        TEXT NOT NULL CHECK (issued_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    code             TEXT NOT NULL UNIQUE CHECK (length(code) = 21),
    kid              TEXT NOT NULL REFERENCES signing_key(kid),
    token            TEXT NOT NULL,
    seal             TEXT NOT NULL CHECK (length(seal) = 86),
    theory_assessment_id INTEGER NOT NULL REFERENCES assessment(id),
    skills_assessment_id INTEGER NOT NULL REFERENCES assessment(id),
    revoked_on       TEXT,
    revoked_reason   TEXT CHECK (revoked_reason IN ('fraud', 'error', 'duplicate', 'other')),
    revoked_note     TEXT,
    created_at       TEXT NOT NULL,
    CHECK ((revoked_on IS NULL) = (revoked_reason IS NULL)),
    CHECK ((revoked_on IS NULL) = (revoked_note IS NULL))
) STRICT;
INSERT INTO certificate_rebuilt SELECT
    id, number, person_id, body_id, level, holder_name, id_masked, occupation, body_name, issued_on, code, kid,
    token, seal, theory_assessment_id, skills_assessment_id, revoked_on, revoked_reason, revoked_note, created_at
FROM certificate ORDER BY id;
DROP TABLE certificate;
ALTER TABLE certificate_rebuilt RENAME TO certificate;
CREATE INDEX certificate_person ON certificate(person_id, level);
-- One certificate in force per person and level.
CREATE UNIQUE INDEX certificate_in_force ON certificate(person_id, level) WHERE revoked_on IS NULL;
