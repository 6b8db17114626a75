-- Enrollment: courses and their sessions, enrolments, employers' approvals of off-duty training,
-- and attendance. STRICT tables; SQLite holds every rule it can.

-- A course run by a training institution. Hours, completion share, class-hour length and the lateness
-- grace are data per course (DOMAIN.md: defaults, not rules).
CREATE TABLE course (
    id                  INTEGER PRIMARY KEY,
    code                TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
    title               TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    institution_id      INTEGER NOT NULL REFERENCES institution(id),
    level               INTEGER NOT NULL CHECK (level IN (3, 4)),
    class_hours         INTEGER NOT NULL CHECK (class_hours BETWEEN 1 AND 2000),
    class_hour_minutes  INTEGER NOT NULL DEFAULT 60 CHECK (class_hour_minutes BETWEEN 30 AND 60),
    completion_percent  INTEGER NOT NULL DEFAULT 80 CHECK (completion_percent BETWEEN 1 AND 100),
    capacity            INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
    fee_fen             INTEGER NOT NULL CHECK (fee_fen >= 0),
    starts_on           TEXT NOT NULL CHECK (starts_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    ends_on             TEXT NOT NULL CHECK (ends_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    grace_minutes       INTEGER NOT NULL DEFAULT 10 CHECK (grace_minutes BETWEEN 0 AND 60),
    created_at          TEXT NOT NULL,
    CHECK (ends_on >= starts_on)
) STRICT;
CREATE INDEX course_institution ON course(institution_id);

-- One class or assessment meeting; times are minutes since midnight (Asia/Shanghai).
CREATE TABLE course_session (
    id            INTEGER PRIMARY KEY,
    course_id     INTEGER NOT NULL REFERENCES course(id),
    day           TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    start_minute  INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    end_minute    INTEGER NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
    class_hours   INTEGER NOT NULL CHECK (class_hours BETWEEN 1 AND 24),
    kind          TEXT NOT NULL CHECK (kind IN ('class', 'assessment')),
    created_at    TEXT NOT NULL,
    CHECK (end_minute > start_minute),
    UNIQUE (course_id, day, start_minute),
    UNIQUE (course_id, id)
) STRICT;

-- A person on a course. Withdrawn enrolments stay (attendance keeps pointing at them).
CREATE TABLE enrolment (
    id                   INTEGER PRIMARY KEY,
    course_id            INTEGER NOT NULL REFERENCES course(id),
    person_id            INTEGER NOT NULL REFERENCES person(id),
    enrolled_on          TEXT NOT NULL CHECK (enrolled_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    status               TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
    withdrawn_on         TEXT,
    withdraw_reason      TEXT NOT NULL DEFAULT '',
    subsidised_training  INTEGER NOT NULL DEFAULT 0 CHECK (subsidised_training IN (0, 1)),
    created_at           TEXT NOT NULL,
    CHECK ((status = 'withdrawn') = (withdrawn_on IS NOT NULL)),
    UNIQUE (course_id, person_id),
    UNIQUE (course_id, id)
) STRICT;
CREATE INDEX enrolment_person ON enrolment(person_id);

-- The employer's approval of off-duty (脱产) training for an enrolment; several may exist (renewals).
CREATE TABLE leave_approval (
    id            INTEGER PRIMARY KEY,
    enrolment_id  INTEGER NOT NULL REFERENCES enrolment(id),
    employer_id   INTEGER NOT NULL REFERENCES employer(id),
    reference     TEXT NOT NULL CHECK (length(reference) BETWEEN 1 AND 64),
    approved_on   TEXT NOT NULL CHECK (approved_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    approver      TEXT NOT NULL CHECK (length(approver) BETWEEN 1 AND 50),
    mode          TEXT NOT NULL CHECK (mode IN ('full-time', 'part-time')),
    covers_from   TEXT NOT NULL CHECK (covers_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    covers_to     TEXT NOT NULL CHECK (covers_to GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    created_at    TEXT NOT NULL,
    CHECK (covers_to >= covers_from),
    UNIQUE (enrolment_id, reference)
) STRICT;

-- What happened at one session for one enrolment. The composite keys make SQLite refuse a session of
-- another course. Times are minutes since midnight; attended_minutes is the overlap of [in, out] with
-- the session, computed by the Enrollment module's attendance rule when the row is written.
CREATE TABLE attendance (
    id                INTEGER PRIMARY KEY,
    course_id         INTEGER NOT NULL,
    enrolment_id      INTEGER NOT NULL,
    session_id        INTEGER NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('present', 'late', 'left-early', 'absent', 'excused')),
    check_in          INTEGER CHECK (check_in BETWEEN 0 AND 1439),
    check_out         INTEGER CHECK (check_out BETWEEN 0 AND 1439),
    attended_minutes  INTEGER NOT NULL CHECK (attended_minutes BETWEEN 0 AND 1440),
    source            TEXT NOT NULL CHECK (source IN ('manual', 'device')),
    note              TEXT NOT NULL DEFAULT '',
    recorded_at       TEXT NOT NULL,
    FOREIGN KEY (course_id, enrolment_id) REFERENCES enrolment(course_id, id),
    FOREIGN KEY (course_id, session_id) REFERENCES course_session(course_id, id),
    UNIQUE (enrolment_id, session_id),
    CHECK (check_out IS NULL OR check_in IS NOT NULL),
    CHECK (check_out IS NULL OR check_out >= check_in),
    CHECK (status NOT IN ('absent', 'excused') OR (attended_minutes = 0 AND check_in IS NULL)),
    CHECK (check_out IS NOT NULL OR attended_minutes = 0)
) STRICT;
CREATE INDEX attendance_session ON attendance(session_id);
