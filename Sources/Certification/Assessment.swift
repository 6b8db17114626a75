import Catalog
import Foundation
import GRDB
import Model
import Storage

/// One sitting of the level-4 or level-3 assessment: the theory exam, the skills assessment, or both.
public struct Assessment: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "assessment"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var personId: Int64
    public var level: SkillLevel
    /// The evaluation body (its institution id).
    public var bodyId: Int64
    public var assessedOn: String
    /// 0–100, nil when the part was not taken at this sitting.
    public var theoryScore: Int?
    /// 0–100, nil when the part was not taken at this sitting.
    public var skillsScore: Int?
    public var createdAt: String

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The sitting as the pass rule sees it.
    public var sitting: Sitting {
        Sitting(id: id ?? 0, on: (try? Day(assessedOn)) ?? Day.epoch, theory: theoryScore, skills: skillsScore)
    }

    /// A person's sittings at `level`, oldest first.
    public static func all(_ db: Database, personID: Int64, level: SkillLevel) throws -> [Assessment] {
        try Assessment.filter(Column("person_id") == personID && Column("level") == level.rawValue)
            .order(Column("assessed_on"), Column("id")).fetchAll(db)
    }
}

/// What one assessment is recorded with (one `assess record` or one import row).
public struct AssessmentInput: Sendable {
    public var person: ResidentID
    public var level: SkillLevel
    public var body: String
    public var on: Day
    public var theory: Int?
    public var skills: Int?

    /// Checks the level (4 or 3) and that each given score is 0–100 and at least one is given.
    public init(person: ResidentID, level: SkillLevel, body: String, on: Day, theory: Int?, skills: Int?) throws {
        guard level.isIssuedHere else { throw ConcordError("level \(level) is not assessed here (only 4 and 3)") }
        for (name, score) in [("theory", theory), ("skills", skills)] {
            if let score, !(0...100).contains(score) {
                throw ConcordError("\(name) score \(score) is outside 0–100")
            }
        }
        guard theory != nil || skills != nil else { throw ConcordError("give a theory score, a skills score or both") }
        self.person = person
        self.level = level
        self.body = body.trimmingSpaces()
        self.on = on
        self.theory = theory
        self.skills = skills
    }

    /// Parses a score cell: an integer 0–100.
    public static func score(_ text: String?, name: String) throws -> Int? {
        guard let text = text?.trimmingSpaces(), !text.isEmpty else { return nil }
        guard let value = Int(text) else { throw ConcordError("\(name) score \(text.clipped) is not a whole number") }
        return value
    }
}

/// An assessment with the person's masked identity and the body, as `assess list` prints it.
public struct AssessmentView: Codable, Sendable, Equatable {
    public var name: String
    public var idMasked: String
    public var level: Int
    public var body: String
    public var assessedOn: String
    public var theory: Int?
    public var skills: Int?
}

extension Store {
    /// Records one sitting.
    @discardableResult
    public func recordAssessment(_ input: AssessmentInput) throws -> Assessment {
        try write { db in
            var writer = Assessment.Writer()
            let record = try writer.insert(input, db: db)
            try audit(
                db, action: "assessment.record", entity: "person:\(input.person.masked)",
                details: ["level": String(input.level.rawValue), "on": input.on.description, "body": input.body,
                          "theory": input.theory.map(String.init) ?? "",
                          "skills": input.skills.map(String.init) ?? ""])
            return record
        }
    }

    /// Imports sittings from CSV `resident_id,level,body,date,theory,skills` (a blank score = part not taken).
    public func importAssessments(_ document: CSVDocument, dryRun: Bool) throws -> ImportSummary {
        try Importer(store: self, dryRun: dryRun).run(document) { db, problems in
            var summary = ImportSummary()
            var writer = Assessment.Writer()
            let progress = ProgressLine("assessments", total: document.rows.count)
            for (i, record) in document.rows.enumerated() {
                _ = problems.check(record) {
                    let input = try AssessmentInput(
                        person: ResidentID(try record.required("resident_id")),
                        level: SkillLevel(try record.required("level")),
                        body: try record.required("body"),
                        on: Day(try record.required("date")),
                        theory: try AssessmentInput.score(record["theory"], name: "theory"),
                        skills: try AssessmentInput.score(record["skills"], name: "skills"))
                    try writer.insert(input, db: db)
                    summary.created += 1
                }
                progress.update(i + 1)
            }
            progress.finish()
            try self.audit(db, action: "assessment.import", entity: "assessment", details: summary.details(document))
            return summary
        }
    }

    /// Sittings, newest first, optionally one person's.
    public func assessments(person: ResidentID? = nil) throws -> [AssessmentView] {
        try read { db in
            var sql = """
                SELECT p.name, p.resident_id, a.level, i.code AS body, a.assessed_on, a.theory_score, a.skills_score
                FROM assessment a JOIN person p ON p.id = a.person_id JOIN institution i ON i.id = a.body_id
                """
            var arguments: StatementArguments = []
            if let person {
                sql += " WHERE p.resident_id = ?"
                arguments = [person.value]
            }
            sql += " ORDER BY a.assessed_on DESC, a.id DESC"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let rid: String = row["resident_id"]
                return AssessmentView(
                    name: row["name"], idMasked: (try? ResidentID(rid).masked) ?? rid, level: row["level"],
                    body: row["body"], assessedOn: row["assessed_on"], theory: row["theory_score"],
                    skills: row["skills_score"])
            }
        }
    }
}

extension Assessment {
    /// Inserts sittings inside the caller's transaction after checking that the person and the body exist.
    /// It remembers the bodies it has looked up (an import names the same few on every row) and uses cached
    /// statements, so an import of a million sittings costs a few microseconds a row.
    struct Writer {
        private var bodies: [String: Int64] = [:]

        /// Inserts one sitting; throws a `ConcordError` naming the missing person or body or the duplicate.
        @discardableResult
        mutating func insert(_ input: AssessmentInput, db: Database) throws -> Assessment {
            let person = try db.cachedStatement(sql: "SELECT id FROM person WHERE resident_id = ?")
            guard let personID = try Int64.fetchOne(person, arguments: [input.person.value]) else {
                throw ConcordError("no person has the resident ID \(input.person.masked)")
            }
            let bodyID: Int64
            if let known = bodies[input.body] {
                bodyID = known
            } else {
                bodyID = try EvaluationBody.named(input.body, in: db).0.institutionId
                bodies[input.body] = bodyID
            }
            var record = Assessment(
                id: nil, personId: personID, level: input.level, bodyId: bodyID, assessedOn: input.on.description,
                theoryScore: input.theory, skillsScore: input.skills, createdAt: Timestamp.text())
            let insert = try db.cachedStatement(sql: """
                INSERT INTO assessment (person_id, level, body_id, assessed_on, theory_score, skills_score, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            do {
                try insert.execute(arguments: [
                    personID, input.level.rawValue, bodyID, record.assessedOn, input.theory, input.skills,
                    record.createdAt,
                ])
            } catch let error as DatabaseError
                where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
                    && error.message?.contains("assessment.person_id") == true {
                // UNIQUE (person_id, level, assessed_on, body_id): the failed statement changed nothing.
                throw ConcordError(
                    "\(input.person.masked) already has a level-\(input.level) sitting at \(input.body) on \(input.on)")
            }
            record.id = db.lastInsertedRowID
            return record
        }
    }
}
