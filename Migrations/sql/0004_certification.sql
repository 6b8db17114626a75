-- Certification: signing-key metadata, evaluation bodies, assessments, the facts eligibility needs,
-- certificates with their signed tokens and short codes, revocations, and number sequences.

-- Public half of every signing key (the private key lives only in the keys folder as <kid>.pem).
-- The verifier serves the JWKS from here. Exactly one key is active at a time.
CREATE TABLE signing_key (
    kid         TEXT PRIMARY KEY CHECK (length(kid) = 16 AND kid NOT GLOB '*[^0-9a-f]*'),
    public_key  TEXT NOT NULL UNIQUE CHECK (length(public_key) = 43),   -- raw 32 bytes, base64url
    created_at  TEXT NOT NULL,
    retired_at  TEXT,
    active      INTEGER NOT NULL CHECK (active IN (0, 1)),
    CHECK (active = 0 OR retired_at IS NULL)
) STRICT;
CREATE UNIQUE INDEX signing_key_one_active ON signing_key(active) WHERE active = 1;

-- What a certificate number needs about an evaluation body (人社鉴发〔2019〕2号).
CREATE TABLE evaluation_body (
    institution_id INTEGER PRIMARY KEY REFERENCES institution(id),
    body_type      TEXT NOT NULL CHECK (body_type IN ('S', 'Y')),
    body_code      TEXT NOT NULL CHECK (length(body_code) = 4 AND body_code NOT GLOB '*[^0-9]*'),
    province       TEXT NOT NULL DEFAULT '33' CHECK (length(province) = 2 AND province NOT GLOB '*[^0-9]*'),
    site           TEXT NOT NULL CHECK (length(site) = 6 AND site NOT GLOB '*[^0-9]*'),
    updated_at     TEXT NOT NULL,
    UNIQUE (body_type, body_code, province, site)
) STRICT;

-- One sitting: one or both parts, each 0–100. A resit records only the part taken.
CREATE TABLE assessment (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL REFERENCES person(id),
    level         INTEGER NOT NULL CHECK (level IN (3, 4)),
    body_id       INTEGER NOT NULL REFERENCES evaluation_body(institution_id),
    assessed_on   TEXT NOT NULL CHECK (assessed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    theory_score  INTEGER CHECK (theory_score BETWEEN 0 AND 100),
    skills_score  INTEGER CHECK (skills_score BETWEEN 0 AND 100),
    created_at    TEXT NOT NULL,
    CHECK (theory_score IS NOT NULL OR skills_score IS NOT NULL),
    UNIQUE (person_id, level, assessed_on, body_id)
) STRICT;
CREATE INDEX assessment_person ON assessment(person_id, level);

-- Facts the sitting rules need that the registry does not hold.
CREATE TABLE person_facts (
    person_id             INTEGER PRIMARY KEY REFERENCES person(id),
    student_status        TEXT NOT NULL DEFAULT 'none'
                              CHECK (student_status IN ('none', 'technical-final-year', 'higher-education')),
    vocational_diploma    TEXT NOT NULL DEFAULT 'none'
                              CHECK (vocational_diploma IN ('none', 'advanced-technical', 'technician-college',
                                                            'higher-vocational')),
    external_certificate  TEXT CHECK (external_certificate IS NULL OR length(external_certificate) BETWEEN 1 AND 50),
    external_level        INTEGER CHECK (external_level IS NULL OR external_level BETWEEN 1 AND 5),
    external_issued_on    TEXT CHECK (external_issued_on IS NULL OR external_issued_on GLOB
                              '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    updated_at            TEXT NOT NULL,
    CHECK ((external_certificate IS NULL) = (external_issued_on IS NULL)),
    CHECK ((external_certificate IS NULL) = (external_level IS NULL))
) STRICT;

-- Rule data an operator may change without a release.
CREATE TABLE certification_list (
    list   TEXT NOT NULL CHECK (list IN ('related-major', 'related-occupation', 'related-certificate')),
    value  TEXT NOT NULL CHECK (length(value) BETWEEN 1 AND 50),
    PRIMARY KEY (list, value)
) STRICT;
INSERT INTO certification_list (list, value) VALUES
    ('related-major', '劳动与社会保障'), ('related-major', '劳动经济学'), ('related-major', '人力资源管理'),
    ('related-major', '工商企业管理'), ('related-major', '法学'), ('related-major', '社会学'),
    ('related-occupation', '劳动关系协调员'), ('related-occupation', '人力资源管理'),
    ('related-occupation', '劳动保障事务处理'), ('related-occupation', '社会工作'),
    ('related-certificate', '劳动关系协调员'), ('related-certificate', '企业人力资源管理师'),
    ('related-certificate', '劳动保障协理员'), ('related-certificate', '社会工作者');

CREATE TABLE certification_setting (
    key    TEXT PRIMARY KEY,
    value  INTEGER NOT NULL
) STRICT;
-- A passed part stays valid this many months (DOMAIN.md: 2 years, a default).
INSERT INTO certification_setting (key, value) VALUES ('part_validity_months', 24);

-- The last sequence number used per body, issue year and level; bumped inside the issuing transaction.
CREATE TABLE certificate_counter (
    body_id  INTEGER NOT NULL REFERENCES evaluation_body(institution_id),
    year     INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2099),
    level    INTEGER NOT NULL CHECK (level IN (3, 4)),
    last     INTEGER NOT NULL CHECK (last BETWEEN 1 AND 999999),
    PRIMARY KEY (body_id, year, level)
) STRICT;

-- An issued certificate. The columns from number to code are what was signed (a snapshot: later changes to
-- the person or body do not alter it); token and seal are the signatures.
CREATE TABLE certificate (
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
    token            TEXT NOT NULL UNIQUE,
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
CREATE INDEX certificate_person ON certificate(person_id, level);
-- One certificate in force per person and level.
CREATE UNIQUE INDEX certificate_in_force ON certificate(person_id, level) WHERE revoked_on IS NULL;

-- Every revocation and reinstatement, in order (the certificate row holds the current state).
CREATE TABLE certificate_status_change (
    id              INTEGER PRIMARY KEY,
    certificate_id  INTEGER NOT NULL REFERENCES certificate(id),
    action          TEXT NOT NULL CHECK (action IN ('revoke', 'reinstate')),
    reason          TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
    note            TEXT NOT NULL,
    on_day          TEXT NOT NULL,
    at              TEXT NOT NULL
) STRICT;
CREATE INDEX certificate_status_change_certificate ON certificate_status_change(certificate_id);
