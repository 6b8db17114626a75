-- A one-level skill promotion granted outside an assessment (for example to a competition winner).
-- The competition module records these; the certification module accepts them as eligibility to sit,
-- or to be issued, the promoted level.
CREATE TABLE skill_promotion (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES person(id),
    level       INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    source      TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
    granted_on  TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    UNIQUE (person_id, level, source)
) STRICT;
CREATE INDEX skill_promotion_person ON skill_promotion(person_id);
