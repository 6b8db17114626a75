import Catalog
import Foundation
import GRDB
import Model
import Storage

/// A person on a course.
public struct Enrolment: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "enrolment"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var courseId: Int64
    public var personId: Int64
    public var enrolledOn: Day
    public var status: Status
    public var withdrawnOn: Day?
    public var withdrawReason: String
    /// Whether the course is paid for by a government training subsidy (so no skill-upgrade subsidy may be
    /// combined with it for the same course).
    public var subsidisedTraining: Bool
    public var createdAt: String

    /// Whether the enrolment still counts.
    public enum Status: String, Codable, Sendable {
        case active, withdrawn
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The enrolment of `person` on `course`, or an error saying the person is not enrolled.
    public static func of(_ person: Person, on course: Course, in db: Database) throws -> Enrolment {
        guard let found = try Enrolment.filter(Column("course_id") == course.id && Column("person_id") == person.id)
            .fetchOne(db)
        else { throw ConcordError("person \(person.maskedID) is not enrolled on course \(course.code)") }
        return found
    }

    /// Every enrolment a person holds, for other modules (the subsidy check reads `subsidisedTraining`).
    public static func all(personID: Int64, in db: Database) throws -> [Enrolment] {
        try Enrolment.filter(Column("person_id") == personID).order(Column("enrolled_on")).fetchAll(db)
    }
}

/// A check another module supplies to warn about an enrolment without refusing it.
///
/// The seam for the certification issue: its eligibility rule (may this person sit this course's level?)
/// is passed here by the command line, which sees both modules, so Enrollment does not depend on
/// Certification. It runs inside the enrolment's transaction and returns one sentence per warning.
public typealias EnrolmentAdvisor = @Sendable (Database, Person, Course) throws -> [String]

/// The rules an enrolment is refused or warned by, as functions of values.
public enum EnrolmentRules {
    /// Why an enrolment is refused, or nil: a person already on the course (or withdrawn from it), a course
    /// already over, a full course. `existing` is the person's earlier enrolment's status and withdrawal day.
    public static func refusal(
        course: String, capacity: Int, endsOn: Day, activeEnrolments: Int,
        existing: (status: Enrolment.Status, withdrawnOn: Day?)?, on day: Day, person: String
    ) -> String? {
        if let existing {
            if existing.status == .withdrawn {
                return "person \(person) withdrew from course \(course) on "
                    + "\(existing.withdrawnOn?.description ?? "?") and cannot be enrolled again"
            }
            return "person \(person) is already enrolled on course \(course)"
        }
        if day > endsOn { return "course \(course) ended on \(endsOn)" }
        if activeEnrolments >= capacity {
            return "course \(course) is full (\(activeEnrolments) of \(capacity) places taken)"
        }
        return nil
    }

    /// Warnings Enrollment itself can give: joining after the course started.
    public static func warnings(course: String, startsOn: Day, on day: Day) -> [String] {
        day > startsOn ? ["course \(course) started on \(startsOn); earlier sessions are missed"] : []
    }
}

/// What one `enroll add` (or import row) asks for.
public struct EnrolmentInput: Sendable {
    public var course: String
    public var person: ResidentID
    public var on: Day
    public var subsidisedTraining: Bool

    /// A value from its fields.
    public init(course: String, person: ResidentID, on: Day, subsidisedTraining: Bool = false) {
        self.course = course
        self.person = person
        self.on = on
        self.subsidisedTraining = subsidisedTraining
    }
}

/// An enrolment as `enroll list` prints it.
public struct EnrolmentView: Codable, Sendable, Equatable {
    public var course: String
    public var name: String
    public var idMasked: String
    public var residentId: String?
    public var employer: String?
    public var enrolledOn: Day
    public var status: Enrolment.Status
    public var withdrawnOn: Day?
    public var subsidisedTraining: Bool
    /// How many employer approvals the enrolment has.
    public var approvals: Int
}

/// The result of an enrolment: the record and any warnings.
public struct EnrolmentOutcome: Sendable, Codable {
    public var enrolment: Enrolment
    public var warnings: [String]
}

extension Store {
    /// Enrols a person on a course, refusing a full course or a second enrolment; `advisor` may add warnings.
    public func enrol(_ input: EnrolmentInput, advisor: EnrolmentAdvisor? = nil) throws -> EnrolmentOutcome {
        try write { db in
            let outcome = try Enrolment.add(input, advisor: advisor, in: db)
            try audit(
                db, action: "enrolment.add", entity: "course:\(input.course)",
                details: ["person": input.person.masked, "on": input.on.description,
                          "subsidisedTraining": String(input.subsidisedTraining)])
            return outcome
        }
    }

    /// Imports enrolments from CSV: `course,resident_id[,enrolled_on,subsidised_training]` (`enrolled_on`
    /// defaults to `today`; `subsidised_training` is 1/0, yes/no or true/false). Warnings come back as
    /// `line N: …`.
    public func importEnrolments(
        _ document: CSVDocument, dryRun: Bool, today: Day, advisor: EnrolmentAdvisor? = nil
    ) throws -> (summary: ImportSummary, warnings: [String]) {
        try Importer(store: self, dryRun: dryRun).run(document) { db, problems in
            var summary = ImportSummary()
            var warnings: [String] = []
            for record in document.rows {
                let outcome = problems.check(record) {
                    let input = EnrolmentInput(
                        course: try record.required("course"),
                        person: try ResidentID(try record.required("resident_id")),
                        on: try record["enrolled_on"].map(Day.init) ?? today,
                        subsidisedTraining: try Enrolment.flag(record["subsidised_training"]))
                    return try Enrolment.add(input, advisor: advisor, in: db)
                }
                guard let outcome else { continue }
                summary.created += 1
                warnings += outcome.warnings.map { "line \(record.line): \($0)" }
            }
            try self.audit(db, action: "enrolment.import", entity: "enrolment", details: summary.details(document))
            return (summary, warnings)
        }
    }

    /// Withdraws an active enrolment (its place frees up; its attendance stays).
    public func withdraw(course code: String, person: ResidentID, on day: Day, reason: String) throws -> Enrolment {
        try write { db in
            let course = try Course.named(code, in: db)
            var enrolment = try Enrolment.of(try Person.withID(person, in: db), on: course, in: db)
            guard enrolment.status == .active else {
                throw ConcordError("person \(person.masked) already withdrew from course \(course.code)")
            }
            guard day >= enrolment.enrolledOn else {
                throw ConcordError("withdrawal on \(day) is before the enrolment on \(enrolment.enrolledOn)")
            }
            enrolment.status = .withdrawn
            enrolment.withdrawnOn = day
            enrolment.withdrawReason = reason.trimmingSpaces()
            try enrolment.update(db)
            try audit(
                db, action: "enrolment.withdraw", entity: "course:\(course.code)",
                details: ["person": person.masked, "on": day.description, "reason": enrolment.withdrawReason])
            return enrolment
        }
    }

    /// The enrolments of a course, by name; full IDs only when `reveal` is set.
    public func enrolments(course code: String, reveal: Bool = false) throws -> [EnrolmentView] {
        try read { db in
            let course = try Course.named(code, in: db)
            let rows = try Row.fetchAll(
                db, sql: """
                    SELECT e.*, p.name, p.resident_id, m.name AS employer_name,
                           (SELECT count(*) FROM leave_approval a WHERE a.enrolment_id = e.id) AS approvals
                    FROM enrolment e JOIN person p ON p.id = e.person_id
                    LEFT JOIN employer m ON m.id = p.employer_id
                    WHERE e.course_id = ? ORDER BY p.name, p.resident_id
                    """, arguments: [course.id])
            return try rows.map { row in
                let enrolment = try Enrolment(row: row)
                let id: String = row["resident_id"]
                return EnrolmentView(
                    course: course.code, name: row["name"], idMasked: (try? ResidentID(id).masked) ?? id,
                    residentId: reveal ? id : nil, employer: row["employer_name"], enrolledOn: enrolment.enrolledOn,
                    status: enrolment.status, withdrawnOn: enrolment.withdrawnOn,
                    subsidisedTraining: enrolment.subsidisedTraining, approvals: row["approvals"])
            }
        }
    }
}

extension Enrolment {
    /// Checks and inserts an enrolment inside the caller's transaction.
    static func add(_ input: EnrolmentInput, advisor: EnrolmentAdvisor?, in db: Database) throws -> EnrolmentOutcome {
        let course = try Course.named(input.course, in: db)
        let person = try Person.withID(input.person, in: db)
        let existing = try Enrolment.filter(Column("course_id") == course.id && Column("person_id") == person.id)
            .fetchOne(db)
        let active = try Enrolment.filter(Column("course_id") == course.id && Column("status") == "active")
            .fetchCount(db)
        if let reason = EnrolmentRules.refusal(
            course: course.code, capacity: course.capacity, endsOn: course.endsOn, activeEnrolments: active,
            existing: existing.map { ($0.status, $0.withdrawnOn) }, on: input.on, person: input.person.masked)
        {
            throw ConcordError(reason)
        }
        var enrolment = Enrolment(
            id: nil, courseId: course.rowID, personId: person.id ?? 0, enrolledOn: input.on, status: .active,
            withdrawnOn: nil, withdrawReason: "", subsidisedTraining: input.subsidisedTraining,
            createdAt: Timestamp.text())
        try enrolment.insert(db)
        let warnings = EnrolmentRules.warnings(course: course.code, startsOn: course.startsOn, on: input.on)
            + (try advisor?(db, person, course) ?? [])
        return EnrolmentOutcome(enrolment: enrolment, warnings: warnings)
    }

    /// Parses a yes/no cell (empty is no).
    static func flag(_ text: String?) throws -> Bool {
        switch (text ?? "").trimmingSpaces().lowercased() {
        case "", "0", "no", "false", "否": return false
        case "1", "yes", "true", "是": return true
        default: throw ConcordError("subsidised_training \(text?.clipped ?? "") is not 1/0, yes/no or true/false")
        }
    }
}
