-- Coverage (issue 11): the region tree of places, coordinator appointments, duty contacts.
-- STRICT tables; SQLite holds every rule it can (NOT NULL, CHECK, UNIQUE, foreign keys, triggers).

-- Settings of the coverage rules that no official source fixes (*default* values, editable as data).
CREATE TABLE coverage_setting (
    id                   INTEGER PRIMARY KEY CHECK (id = 1),
    -- a park or township with at least this many employers counts as having "many firms" (企业数较多)
    many_firms_threshold INTEGER NOT NULL CHECK (many_firms_threshold >= 1)
) STRICT;
INSERT INTO coverage_setting (id, many_firms_threshold) VALUES (1, 50);

-- city → district → township/street → community/village; parks hang off a district.
-- path is the parent's path plus '/' plus the name (a park: city/district/park name).
CREATE TABLE place (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('city', 'district', 'township', 'community', 'park')),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40 AND instr(name, '/') = 0),
    parent_id   INTEGER REFERENCES place(id),
    path        TEXT NOT NULL UNIQUE,
    -- 1/0 set by the operator; NULL = decide by the employer count against the threshold
    many_firms  INTEGER CHECK (many_firms IS NULL OR (many_firms IN (0, 1) AND kind IN ('township', 'park'))),
    created_at  TEXT NOT NULL,
    CHECK ((kind = 'city') = (parent_id IS NULL))
) STRICT;
CREATE INDEX place_parent ON place(parent_id);

-- A place's parent must be the level above it (a park's parent is a district).
CREATE TRIGGER place_parent_kind BEFORE INSERT ON place
WHEN NEW.parent_id IS NOT NULL AND (SELECT kind FROM place WHERE id = NEW.parent_id) IS NOT
    CASE NEW.kind WHEN 'district' THEN 'city' WHEN 'township' THEN 'district'
                  WHEN 'park' THEN 'district' WHEN 'community' THEN 'township' END
BEGIN
    SELECT RAISE(ABORT, 'a place must sit under the level above it');
END;

-- A person appointed as coordinator for one unit: an employer, or a park/township/community place
-- (a district place only for the county bureau's designated staff, role 'county-bureau').
CREATE TABLE coordinator_appointment (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES person(id),
    employer_id  INTEGER REFERENCES employer(id),
    place_id     INTEGER REFERENCES place(id),
    from_day     TEXT NOT NULL CHECK (from_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    -- the last day of the appointment; NULL while it runs
    to_day       TEXT CHECK (to_day IS NULL OR
                     (to_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND to_day >= from_day)),
    duty         TEXT NOT NULL CHECK (duty IN ('full-time', 'multi-duty')),
    source_role  TEXT NOT NULL CHECK (source_role IN
                     ('hr', 'union-bargaining-instructor', 'platform-labour-officer', 'mediator',
                      'county-bureau', 'other')),
    note         TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 200),
    created_at   TEXT NOT NULL,
    ended_at     TEXT,
    CHECK ((employer_id IS NULL) <> (place_id IS NULL))
) STRICT;
CREATE INDEX coordinator_appointment_person ON coordinator_appointment(person_id);
CREATE INDEX coordinator_appointment_employer ON coordinator_appointment(employer_id);
CREATE INDEX coordinator_appointment_place ON coordinator_appointment(place_id);

-- An appointment ends; it never disappears, and only its end may change.
CREATE TRIGGER coordinator_appointment_no_delete BEFORE DELETE ON coordinator_appointment
BEGIN
    SELECT RAISE(ABORT, 'appointments are ended, never deleted');
END;
CREATE TRIGGER coordinator_appointment_only_end BEFORE UPDATE ON coordinator_appointment
WHEN NEW.person_id IS NOT OLD.person_id OR NEW.employer_id IS NOT OLD.employer_id
    OR NEW.place_id IS NOT OLD.place_id OR NEW.from_day IS NOT OLD.from_day OR NEW.duty IS NOT OLD.duty
    OR NEW.source_role IS NOT OLD.source_role OR OLD.to_day IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'only the end of a running appointment may be set');
END;

-- A duty contact: a park/township coordinator's contact or on-site guidance with an employer's coordinator,
-- or the county bureau's yearly guidance of an employer's coordinator.
CREATE TABLE duty_contact (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('contact', 'on-site', 'bureau-guidance')),
    on_day          TEXT NOT NULL CHECK (on_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    by_person_id    INTEGER NOT NULL REFERENCES person(id),
    -- the park, township (contact, on-site) or district (bureau-guidance) the contact was made for
    place_id        INTEGER NOT NULL REFERENCES place(id),
    employer_id     INTEGER NOT NULL REFERENCES employer(id),
    with_person_id  INTEGER NOT NULL REFERENCES person(id),
    note            TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    created_at      TEXT NOT NULL,
    CHECK (by_person_id <> with_person_id)
) STRICT;
CREATE INDEX duty_contact_pair ON duty_contact(by_person_id, with_person_id, employer_id, on_day);
CREATE INDEX duty_contact_with ON duty_contact(with_person_id, employer_id, on_day);
