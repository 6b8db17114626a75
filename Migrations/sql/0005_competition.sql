-- Skills competitions (职业技能竞赛): contests, weighted events, criteria, judges with the events they judge,
-- contestants under anonymous numbers, judges' marks, flag overrides, corrections after lock, appeals.
-- Marks, max marks, weights, ratios and totals are INTEGER hundredths (2.5 is 250; 30 % is 3000), so that
-- scores are computed exactly (Docs/COMPETITION.md). Results are never stored: they are computed from marks.

CREATE TABLE contest (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    organiser       TEXT NOT NULL CHECK (length(organiser) BETWEEN 1 AND 100),
    level           TEXT NOT NULL CHECK (level IN ('city', 'province')),
    starts_on       TEXT NOT NULL CHECK (starts_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    ends_on         TEXT NOT NULL CHECK (ends_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    publicity_days  INTEGER NOT NULL DEFAULT 7 CHECK (publicity_days BETWEEN 1 AND 90),
    first_share     INTEGER NOT NULL DEFAULT 1000 CHECK (first_share BETWEEN 0 AND 10000),
    second_share    INTEGER NOT NULL DEFAULT 2000 CHECK (second_share BETWEEN 0 AND 10000),
    third_share     INTEGER NOT NULL DEFAULT 3000 CHECK (third_share BETWEEN 0 AND 10000),
    minimum_total   INTEGER NOT NULL DEFAULT 6000 CHECK (minimum_total BETWEEN 0 AND 10000),
    published_on    TEXT CHECK (published_on IS NULL OR published_on GLOB
                        '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    created_at      TEXT NOT NULL,
    CHECK (ends_on >= starts_on),
    CHECK (first_share + second_share + third_share <= 10000)
) STRICT;

CREATE TABLE contest_event (
    id          INTEGER PRIMARY KEY,
    contest_id  INTEGER NOT NULL REFERENCES contest(id),
    code        TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 32),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    kind        TEXT NOT NULL CHECK (kind IN ('theory', 'practical')),
    weight      INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 10000),
    locked_at   TEXT,
    locked_by   TEXT,
    created_at  TEXT NOT NULL,
    UNIQUE (contest_id, code),
    CHECK ((locked_at IS NULL) = (locked_by IS NULL))
) STRICT;

CREATE TABLE contest_criterion (
    id              INTEGER PRIMARY KEY,
    contest_id      INTEGER NOT NULL REFERENCES contest(id),
    event_id        INTEGER NOT NULL REFERENCES contest_event(id),
    code            TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 32),
    aspect          TEXT NOT NULL CHECK (length(aspect) BETWEEN 1 AND 200),
    kind            TEXT NOT NULL CHECK (kind IN ('measurement', 'judgement')),
    max_mark        INTEGER NOT NULL CHECK (max_mark BETWEEN 1 AND 10000000),
    scale_max       INTEGER NOT NULL CHECK (scale_max >= 1),
    allowed_spread  INTEGER NOT NULL CHECK (allowed_spread >= 0),
    created_at      TEXT NOT NULL,
    UNIQUE (contest_id, code),
    CHECK (kind = 'judgement' OR scale_max = max_mark)
) STRICT;
CREATE INDEX contest_criterion_event ON contest_criterion(event_id);

CREATE TABLE contest_judge (
    id              INTEGER PRIMARY KEY,
    contest_id      INTEGER NOT NULL REFERENCES contest(id),
    code            TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 32),
    person_id       INTEGER NOT NULL REFERENCES person(id),
    employer_id     INTEGER REFERENCES employer(id),
    institution_id  INTEGER REFERENCES institution(id),
    created_at      TEXT NOT NULL,
    UNIQUE (contest_id, code),
    UNIQUE (contest_id, person_id)
) STRICT;

CREATE TABLE contest_judge_event (
    judge_id    INTEGER NOT NULL REFERENCES contest_judge(id),
    event_id    INTEGER NOT NULL REFERENCES contest_event(id),
    PRIMARY KEY (judge_id, event_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE contestant (
    id              INTEGER PRIMARY KEY,
    contest_id      INTEGER NOT NULL REFERENCES contest(id),
    number          TEXT NOT NULL CHECK (length(number) BETWEEN 3 AND 9 AND number NOT GLOB '*[^0-9]*'),
    person_id       INTEGER NOT NULL REFERENCES person(id),
    employer_id     INTEGER REFERENCES employer(id),
    institution_id  INTEGER REFERENCES institution(id),
    created_at      TEXT NOT NULL,
    UNIQUE (contest_id, number),
    UNIQUE (contest_id, person_id)
) STRICT;

CREATE TABLE contest_mark (
    id              INTEGER PRIMARY KEY,
    contestant_id   INTEGER NOT NULL REFERENCES contestant(id),
    criterion_id    INTEGER NOT NULL REFERENCES contest_criterion(id),
    judge_id        INTEGER NOT NULL REFERENCES contest_judge(id),
    value           INTEGER NOT NULL CHECK (value >= 0),
    time_used       INTEGER CHECK (time_used IS NULL OR time_used >= 0),
    recorded_at     TEXT NOT NULL,
    UNIQUE (contestant_id, criterion_id, judge_id)
) STRICT;
CREATE INDEX contest_mark_criterion ON contest_mark(criterion_id);

-- A spread flag accepted as it stands, with the reason (instead of a re-mark).
CREATE TABLE contest_flag_override (
    id              INTEGER PRIMARY KEY,
    contestant_id   INTEGER NOT NULL REFERENCES contestant(id),
    criterion_id    INTEGER NOT NULL REFERENCES contest_criterion(id),
    reason          TEXT NOT NULL CHECK (length(trim(reason)) >= 1),
    actor           TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    UNIQUE (contestant_id, criterion_id)
) STRICT;

-- A mark changed after its event was locked: before and after, who, when and why.
CREATE TABLE contest_correction (
    id          INTEGER PRIMARY KEY,
    mark_id     INTEGER NOT NULL REFERENCES contest_mark(id),
    before      INTEGER NOT NULL,
    after       INTEGER NOT NULL,
    reason      TEXT NOT NULL CHECK (length(trim(reason)) >= 1),
    actor       TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE contest_appeal (
    id              INTEGER PRIMARY KEY,
    contest_id      INTEGER NOT NULL REFERENCES contest(id),
    contestant_id   INTEGER NOT NULL REFERENCES contestant(id),
    filed_on        TEXT NOT NULL,
    grounds         TEXT NOT NULL CHECK (length(trim(grounds)) >= 1),
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'dismissed')),
    resolution      TEXT,
    resolved_on     TEXT,
    created_at      TEXT NOT NULL,
    CHECK ((status = 'open') = (resolved_on IS NULL))
) STRICT;
