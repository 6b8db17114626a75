-- Skill-upgrade subsidy (技能提升补贴): policy versions as data, insurance records, external certificates
-- and claims. See Docs/SUBSIDY.md for each rule, its source and which dates are assumptions.

-- One version of the rules, in force from effective_from to effective_to (inclusive; NULL = no end yet).
-- parameters is the JSON of SubsidyParameters, validated when loaded. Versions never overlap (triggers).
CREATE TABLE subsidy_policy (
    id              TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 40 AND id NOT GLOB '*[^A-Za-z0-9-]*'),
    title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    source          TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 300),
    effective_from  TEXT NOT NULL CHECK (effective_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    effective_to    TEXT CHECK (effective_to IS NULL OR
                        (effective_to GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
                         AND effective_to >= effective_from)),
    parameters      TEXT NOT NULL CHECK (json_valid(parameters)
                        AND json_extract(parameters, '$.minInsuranceMonths') >= 0
                        AND json_extract(parameters, '$.applicationWindowMonths') > 0),
    created_at      TEXT NOT NULL
) STRICT;

CREATE TRIGGER subsidy_policy_no_overlap_insert BEFORE INSERT ON subsidy_policy
WHEN EXISTS (
    SELECT 1 FROM subsidy_policy p
    WHERE p.effective_from <= coalesce(NEW.effective_to, '9999-12-31')
      AND NEW.effective_from <= coalesce(p.effective_to, '9999-12-31'))
BEGIN
    SELECT RAISE(ABORT, 'subsidy policy versions may not overlap');
END;

CREATE TRIGGER subsidy_policy_no_overlap_update BEFORE UPDATE OF effective_from, effective_to ON subsidy_policy
WHEN EXISTS (
    SELECT 1 FROM subsidy_policy p
    WHERE p.id != OLD.id
      AND p.effective_from <= coalesce(NEW.effective_to, '9999-12-31')
      AND NEW.effective_from <= coalesce(p.effective_to, '9999-12-31'))
BEGIN
    SELECT RAISE(ABORT, 'subsidy policy versions may not overlap');
END;

-- A person's unemployment-insurance standing as of a day; decisions use the latest on or before their day.
CREATE TABLE insurance_record (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES person(id),
    employer_id INTEGER REFERENCES employer(id),
    kind        TEXT NOT NULL CHECK (kind IN ('enterprise-employee', 'benefit-recipient', 'public-sector',
                                              'sole-trader', 'private-non-enterprise', 'retired')),
    months      INTEGER NOT NULL CHECK (months BETWEEN 0 AND 1200),
    as_of       TEXT NOT NULL CHECK (as_of GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    created_at  TEXT NOT NULL,
    UNIQUE (person_id, as_of)
) STRICT;

-- A certificate issued elsewhere, found in the national or provincial registry.
CREATE TABLE external_certificate (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER NOT NULL REFERENCES person(id),
    number          TEXT NOT NULL UNIQUE CHECK (length(number) BETWEEN 4 AND 40),
    occupation_code TEXT NOT NULL CHECK (occupation_code GLOB '[0-9]-[0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    occupation_name TEXT NOT NULL CHECK (length(occupation_name) BETWEEN 1 AND 50),
    level           INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    issued_on       TEXT NOT NULL CHECK (issued_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    issuer          TEXT NOT NULL CHECK (length(issuer) BETWEEN 1 AND 100),
    registry_ref    TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL
) STRICT;
CREATE INDEX external_certificate_person ON external_certificate(person_id);

-- A claim, recorded only when the decision made in the same transaction was eligible.
CREATE TABLE subsidy_claim (
    id                  INTEGER PRIMARY KEY,
    person_id           INTEGER NOT NULL REFERENCES person(id),
    employer_id         INTEGER REFERENCES employer(id),
    certificate_number  TEXT NOT NULL UNIQUE,
    origin              TEXT NOT NULL CHECK (origin IN ('issued-here', 'external')),
    occupation_code     TEXT NOT NULL,
    level               INTEGER NOT NULL CHECK (level BETWEEN 3 AND 5),
    issued_on           TEXT NOT NULL,
    claimed_on          TEXT NOT NULL CHECK (claimed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
                                             AND claimed_on >= issued_on),
    amount_fen          INTEGER NOT NULL CHECK (amount_fen > 0),
    policy_id           TEXT NOT NULL REFERENCES subsidy_policy(id),
    decision            TEXT NOT NULL CHECK (json_valid(decision)),
    created_at          TEXT NOT NULL,
    UNIQUE (person_id, occupation_code, level)
) STRICT;
CREATE INDEX subsidy_claim_claimed_on ON subsidy_claim(claimed_on);

-- The sourced versions (dates: Docs/SUBSIDY.md says which come from DOMAIN.md and which are assumptions).
INSERT INTO subsidy_policy (id, title, source, effective_from, effective_to, parameters, created_at)
VALUES ('national-2017',
     '失业保险支持参保职工提升职业技能（参保满36个月）',
     '人社部发〔2017〕40号《关于失业保险支持参保职工提升职业技能有关问题的通知》',
     '2017-01-01', '2018-12-31',
     '{
        "amountsFen": {"national": {"3": 200000, "4": 150000, "5": 100000}},
        "applicationWindowMonths": 12,
        "benefitRecipientsQualify": false,
        "claimsPerYear": null,
        "defaultCategory": "national",
        "earliestCertificate": "2017-01-01",
        "lowerAfterHigher": true,
        "minInsuranceMonths": 36,
        "occupationCategories": {},
        "shortageOccupations": [],
        "shortageUpliftPercent": 0
     }',
     '2026-11-25T00:00:00.000Z');

INSERT INTO subsidy_policy (id, title, source, effective_from, effective_to, parameters, created_at)
VALUES ('relaxation-2019',
     '职业技能提升行动：参保满1年即可申领（2019–2021，浙江执行）',
     '国办发〔2019〕24号《职业技能提升行动方案（2019—2021年）》及浙江省实施文件',
     '2019-01-01', '2021-12-31',
     '{
        "amountsFen": {"national": {"3": 200000, "4": 150000, "5": 100000}},
        "applicationWindowMonths": 12,
        "benefitRecipientsQualify": false,
        "claimsPerYear": null,
        "defaultCategory": "national",
        "earliestCertificate": "2017-01-01",
        "lowerAfterHigher": true,
        "minInsuranceMonths": 12,
        "occupationCategories": {},
        "shortageOccupations": [],
        "shortageUpliftPercent": 0
     }',
     '2026-11-25T00:00:00.000Z');

INSERT INTO subsidy_policy (id, title, source, effective_from, effective_to, parameters, created_at)
VALUES ('national-2022',
     '失业保险稳岗位提技能防失业：扩至领取失业保险金人员，每年至多3次',
     '人社部发〔2022〕23号《关于做好失业保险稳岗位提技能防失业工作的通知》',
     '2022-01-01', '2022-12-31',
     '{
        "amountsFen": {"national": {"3": 200000, "4": 150000, "5": 100000}},
        "applicationWindowMonths": 12,
        "benefitRecipientsQualify": true,
        "claimsPerYear": 3,
        "defaultCategory": "national",
        "earliestCertificate": "2017-01-01",
        "lowerAfterHigher": true,
        "minInsuranceMonths": 12,
        "occupationCategories": {},
        "shortageOccupations": [],
        "shortageUpliftPercent": 0
     }',
     '2026-11-25T00:00:00.000Z');

INSERT INTO subsidy_policy (id, title, source, effective_from, effective_to, parameters, created_at)
VALUES ('national-2023',
     '延续参保满1年申领技能提升补贴（2023–2025，全国）',
     '人社部发〔2023〕19号《关于延续实施失业保险援企稳岗政策的通知》及其2024年延续文件',
     '2023-01-01', '2024-07-31',
     '{
        "amountsFen": {"national": {"3": 200000, "4": 150000, "5": 100000}},
        "applicationWindowMonths": 12,
        "benefitRecipientsQualify": true,
        "claimsPerYear": 3,
        "defaultCategory": "national",
        "earliestCertificate": "2017-01-01",
        "lowerAfterHigher": true,
        "minInsuranceMonths": 12,
        "occupationCategories": {},
        "shortageOccupations": [],
        "shortageUpliftPercent": 0
     }',
     '2026-11-25T00:00:00.000Z');

INSERT INTO subsidy_policy (id, title, source, effective_from, effective_to, parameters, created_at)
VALUES ('zhejiang-2024',
     '浙江省技能提升补贴按职业类别分档（2024年8月1日起）',
     '浙江省人社厅2024年技能提升补贴标准调整及《浙江省补贴性职业技能培训目录》',
     '2024-08-01', '2025-12-31',
     '{
        "amountsFen": {
            "agriculture-life-services": {"3": 80000, "4": 60000, "5": 40000},
            "production-manufacturing": {"3": 200000, "4": 150000, "5": 100000},
            "social-production-services": {"3": 120000, "4": 90000, "5": 60000}},
        "applicationWindowMonths": 12,
        "benefitRecipientsQualify": true,
        "claimsPerYear": 3,
        "defaultCategory": null,
        "earliestCertificate": "2017-01-01",
        "lowerAfterHigher": true,
        "minInsuranceMonths": 12,
        "occupationCategories": {"4-07-03-02": "social-production-services"},
        "shortageOccupations": [],
        "shortageUpliftPercent": 0
     }',
     '2026-11-25T00:00:00.000Z');
