-- Foundation: the registry of institutions, employers and people, and the audit log.
-- STRICT tables; SQLite holds every rule it can (NOT NULL, CHECK, UNIQUE, foreign keys).

CREATE TABLE institution (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    kind        TEXT NOT NULL CHECK (kind IN ('training', 'evaluation', 'both')),
    credit_code TEXT UNIQUE CHECK (credit_code IS NULL OR length(credit_code) = 18),
    region      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE employer (
    id          INTEGER PRIMARY KEY,
    credit_code TEXT NOT NULL UNIQUE CHECK (length(credit_code) = 18),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    size_class  TEXT NOT NULL CHECK (size_class IN ('large', 'medium', 'small', 'micro')),
    region      TEXT NOT NULL CHECK (length(region) >= 1),
    park        TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX employer_region ON employer(region);

CREATE TABLE person (
    id                  INTEGER PRIMARY KEY,
    resident_id         TEXT NOT NULL UNIQUE CHECK (length(resident_id) = 18),
    name                TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    phone               TEXT,
    employer_id         INTEGER REFERENCES employer(id),
    education           TEXT NOT NULL DEFAULT 'none' CHECK (education IN
                            ('none', 'technical-school', 'advanced-technical', 'junior-college',
                             'bachelor', 'master', 'doctor')),
    major               TEXT,
    related_work_since  TEXT CHECK (related_work_since IS NULL OR related_work_since GLOB
                            '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
) STRICT;
CREATE INDEX person_employer ON person(employer_id);

-- Every state-changing command appends one row; hash = SHA-256(prev_hash || the row's fields).
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    details   TEXT NOT NULL,
    prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash      TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
) STRICT;
