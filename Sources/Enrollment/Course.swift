import Catalog
import Foundation
import GRDB
import Model
import Storage

/// A training course for one skill level, run by a training institution.
public struct Course: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "course"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    /// The short code people type (`HZ-L4-2025A`).
    public var code: String
    public var title: String
    public var institutionId: Int64
    /// The level the course prepares for (4 or 3).
    public var level: SkillLevel
    /// The class hours (学时) the course is planned for; completion is measured against them.
    public var classHours: Int
    /// Minutes in one class hour (60 by default; 45 where the institution counts 45-minute periods).
    public var classHourMinutes: Int
    /// The share of class hours a trainee must attend to complete, in percent.
    public var completionPercent: Int
    /// How many active enrolments the course takes.
    public var capacity: Int
    public var feeFen: Fen
    public var startsOn: Day
    public var endsOn: Day
    /// Minutes after the start (or before the end) a check-in (check-out) may be without being late.
    public var graceMinutes: Int
    public var createdAt: String

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The course with this code, or an error naming the code.
    public static func named(_ code: String, in db: Database) throws -> Course {
        guard let found = try Course.filter(Column("code") == code.trimmingSpaces()).fetchOne(db) else {
            throw ConcordError("no course has the code \(code.clipped)")
        }
        return found
    }

    /// The planned class time in minutes (class hours × minutes per class hour).
    public var plannedMinutes: Int { classHours * classHourMinutes }

    /// The course's id; courses read from the database always have one.
    var rowID: Int64 { id ?? 0 }
}

/// What a course is created with (one `course add` or one import row).
public struct CourseInput: Sendable {
    public var code: String
    public var title: String
    /// The training institution's code.
    public var institution: String
    public var level: SkillLevel
    /// Nil takes the default for the level (`CourseInput.defaultClassHours`).
    public var classHours: Int?
    public var classHourMinutes: Int
    public var completionPercent: Int
    public var capacity: Int
    public var fee: Fen
    public var startsOn: Day
    public var endsOn: Day
    public var graceMinutes: Int

    /// A value from its fields.
    public init(
        code: String, title: String, institution: String, level: SkillLevel, classHours: Int? = nil,
        classHourMinutes: Int = 60, completionPercent: Int = 80, capacity: Int, fee: Fen, startsOn: Day,
        endsOn: Day, graceMinutes: Int = 10
    ) {
        self.code = code
        self.title = title
        self.institution = institution
        self.level = level
        self.classHours = classHours
        self.classHourMinutes = classHourMinutes
        self.completionPercent = completionPercent
        self.capacity = capacity
        self.fee = fee
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.graceMinutes = graceMinutes
    }

    /// DOMAIN.md's default class hours: 120 for level 4, 100 for level 3.
    public static func defaultClassHours(_ level: SkillLevel) -> Int { level == .three ? 100 : 120 }

    /// The input with defaults filled in, or an error naming the first rule it breaks.
    public func validated() throws -> CourseInput {
        var copy = self
        copy.code = code.trimmingSpaces()
        copy.title = title.trimmingSpaces()
        guard (1...32).contains(copy.code.count), copy.code.allSatisfy({ !$0.isWhitespace && $0 != "," }) else {
            throw ConcordError("course code \(copy.code.clipped) must be 1–32 characters without spaces or commas")
        }
        guard (1...100).contains(copy.title.count) else { throw ConcordError("course title must be 1–100 characters") }
        guard level.isIssuedHere else { throw ConcordError("course level must be 4 or 3, not \(level)") }
        let hours = classHours ?? Self.defaultClassHours(level)
        guard (1...2000).contains(hours) else { throw ConcordError("class hours must be 1–2000, not \(hours)") }
        copy.classHours = hours
        guard (30...60).contains(classHourMinutes) else {
            throw ConcordError("a class hour must be 30–60 minutes, not \(classHourMinutes)")
        }
        guard (1...100).contains(completionPercent) else {
            throw ConcordError("completion share must be 1–100 %, not \(completionPercent)")
        }
        guard (1...10_000).contains(capacity) else { throw ConcordError("capacity must be 1–10000, not \(capacity)") }
        guard fee >= .zero else { throw ConcordError("fee must not be negative") }
        guard endsOn >= startsOn else {
            throw ConcordError("the course ends (\(endsOn)) before it starts (\(startsOn))")
        }
        guard (0...60).contains(graceMinutes) else {
            throw ConcordError("grace must be 0–60 minutes, not \(graceMinutes)")
        }
        return copy
    }
}

/// A course as `course list|show` prints it: with its institution and how full it is.
public struct CourseView: Codable, Sendable, Equatable {
    public var code: String
    public var title: String
    public var institution: String
    public var level: SkillLevel
    public var classHours: Int
    public var classHourMinutes: Int
    public var completionPercent: Int
    public var capacity: Int
    public var enrolled: Int
    public var feeFen: Fen
    public var startsOn: Day
    public var endsOn: Day
    public var graceMinutes: Int
    public var sessions: Int
    /// Planned class hours of the scheduled class sessions (assessments excluded).
    public var scheduledClassHours: Int
}

extension Store {
    /// Creates a course at a training institution; the code must be new.
    @discardableResult
    public func addCourse(_ input: CourseInput) throws -> Course {
        let input = try input.validated()
        return try write { db in
            let course = try Course.insert(input, in: db)
            try audit(db, action: "course.add", entity: "course:\(course.code)", details: course)
            return course
        }
    }

    /// Imports courses from CSV: `code,title,institution,level,capacity,fee,starts_on,ends_on`
    /// `[,class_hours,class_hour_minutes,completion_percent,grace_minutes]` (fee in yuan).
    public func importCourses(_ document: CSVDocument, dryRun: Bool) throws -> ImportSummary {
        try Importer(store: self, dryRun: dryRun).run(document) { db, problems in
            var summary = ImportSummary()
            var seen: [String: Int] = [:]
            for record in document.rows {
                guard let input = problems.check(record, { try Self.courseInput(record) }) else { continue }
                if let first = seen[input.code] {
                    problems.add(line: record.line, "course \(input.code) already appears on line \(first)")
                    continue
                }
                seen[input.code] = record.line
                if problems.check(record, { try Course.insert(input, in: db) }) != nil { summary.created += 1 }
            }
            try self.audit(db, action: "course.import", entity: "course", details: summary.details(document))
            return summary
        }
    }

    private static func courseInput(_ record: CSVRecord) throws -> CourseInput {
        func int(_ column: String) throws -> Int? {
            guard let text = record[column] else {
                if column == "capacity" { throw ConcordError("column 'capacity' is empty") }
                return nil
            }
            guard let n = Int(text) else { throw ConcordError("column '\(column)' is not a whole number") }
            return n
        }
        return try CourseInput(
            code: record.required("code"), title: record.required("title"),
            institution: record.required("institution"), level: SkillLevel(record.required("level")),
            classHours: int("class_hours"), classHourMinutes: int("class_hour_minutes") ?? 60,
            completionPercent: int("completion_percent") ?? 80, capacity: int("capacity") ?? -1,
            fee: Fen(yuanText: record.required("fee")), startsOn: Day(record.required("starts_on")),
            endsOn: Day(record.required("ends_on")), graceMinutes: int("grace_minutes") ?? 10
        ).validated()
    }

    /// Courses with their institution and fill, by start date, optionally one institution's.
    public func courses(institution: String? = nil) throws -> [CourseView] {
        try read { db in
            var courses = try Course.order(Column("starts_on"), Column("code")).fetchAll(db)
            if let institution {
                let id = try Institution.named(institution, in: db).id
                courses = courses.filter { $0.institutionId == id }
            }
            return try courses.map { try Course.view($0, in: db) }
        }
    }

    /// One course by code, with its sessions.
    public func course(_ code: String) throws -> (course: CourseView, sessions: [CourseSession]) {
        try read { db in
            let course = try Course.named(code, in: db)
            return (try Course.view(course, in: db), try CourseSession.all(of: course, in: db))
        }
    }
}

extension Course {
    /// Inserts a validated input inside the caller's transaction.
    static func insert(_ input: CourseInput, in db: Database) throws -> Course {
        let institution = try Institution.named(input.institution, in: db)
        guard institution.kind.trains else {
            throw ConcordError("institution \(institution.code) is an evaluation body and runs no courses")
        }
        if try Course.filter(Column("code") == input.code).fetchCount(db) > 0 {
            throw ConcordError("a course with the code \(input.code) already exists")
        }
        var course = Course(
            id: nil, code: input.code, title: input.title, institutionId: institution.id ?? 0, level: input.level,
            classHours: input.classHours ?? CourseInput.defaultClassHours(input.level),
            classHourMinutes: input.classHourMinutes, completionPercent: input.completionPercent,
            capacity: input.capacity, feeFen: input.fee, startsOn: input.startsOn, endsOn: input.endsOn,
            graceMinutes: input.graceMinutes, createdAt: Timestamp.text())
        try course.insert(db)
        return course
    }

    static func view(_ course: Course, in db: Database) throws -> CourseView {
        let institution = try Institution.fetchOne(db, key: course.institutionId)
        let enrolled = try Int.fetchOne(
            db, sql: "SELECT count(*) FROM enrolment WHERE course_id = ? AND status = 'active'",
            arguments: [course.id]) ?? 0
        let row = try Row.fetchOne(
            db, sql: """
                SELECT count(*) AS n, coalesce(sum(CASE WHEN kind = 'class' THEN class_hours END), 0) AS hours
                FROM course_session WHERE course_id = ?
                """, arguments: [course.id])
        return CourseView(
            code: course.code, title: course.title, institution: institution?.code ?? "", level: course.level,
            classHours: course.classHours, classHourMinutes: course.classHourMinutes,
            completionPercent: course.completionPercent, capacity: course.capacity, enrolled: enrolled,
            feeFen: course.feeFen, startsOn: course.startsOn, endsOn: course.endsOn,
            graceMinutes: course.graceMinutes, sessions: row?["n"] ?? 0, scheduledClassHours: row?["hours"] ?? 0)
    }
}
