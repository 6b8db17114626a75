import Foundation
import GRDB
import Model
import Storage

/// One meeting of a course: a class or an assessment on one day, between two times.
public struct CourseSession: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "course_session"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var courseId: Int64
    public var day: Day
    /// Minutes since midnight.
    public var startMinute: Int
    public var endMinute: Int
    /// Class hours the session counts for (its length divided by the course's class-hour length).
    public var classHours: Int
    public var kind: Kind

    public var createdAt: String

    /// What a session is for.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case `class`, assessment

        /// Parses `class|assessment` (or 培训/授课/考核/鉴定).
        public init(_ text: String) throws {
            switch text.trimmingSpaces().lowercased() {
            case "", "class", "授课", "培训": self = .class
            case "assessment", "考核", "鉴定", "认定": self = .assessment
            default: throw ConcordError("session kind \(text.clipped) is not class or assessment")
            }
        }
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The session's length in minutes.
    public var minutes: Int { endMinute - startMinute }
    /// `09:00–12:00`.
    public var timeText: String {
        let start = ClockTime(minutes: startMinute)?.description ?? "?"
        return "\(start)–\(ClockTime(minutes: endMinute)?.description ?? "24:00")"
    }

    /// The sessions of a course, in time order.
    public static func all(of course: Course, in db: Database) throws -> [CourseSession] {
        try CourseSession.filter(Column("course_id") == course.id)
            .order(Column("day"), Column("start_minute")).fetchAll(db)
    }

    /// The session of `course` on `day` (starting at `start` when the day has several).
    public static func find(_ course: Course, day: Day, start: ClockTime?, in db: Database) throws -> CourseSession {
        var request = CourseSession.filter(Column("course_id") == course.id && Column("day") == day.description)
        if let start { request = request.filter(Column("start_minute") == start.minutes) }
        let found = try request.order(Column("start_minute")).fetchAll(db)
        guard let first = found.first else {
            throw ConcordError(
                "course \(course.code) has no session on \(day)" + (start.map { " starting at \($0)" } ?? ""))
        }
        guard found.count == 1 else {
            throw ConcordError(
                "course \(course.code) has \(found.count) sessions on \(day); name one with its start time (--start)")
        }
        return first
    }
}

/// The rule tying a session's class hours to its times.
public enum SessionRules {
    /// The class hours of a session from `start` to `end`: its length must be a whole number of class hours
    /// of `classHourMinutes`, and `given` hours (when stated) must equal that number.
    public static func classHours(start: ClockTime, end: ClockTime, classHourMinutes: Int, given: Int?) throws -> Int {
        let minutes = end.minutes - start.minutes
        guard minutes > 0 else { throw ConcordError("the session ends (\(end)) before it starts (\(start))") }
        guard minutes % classHourMinutes == 0 else {
            throw ConcordError(
                "\(start)–\(end) is \(minutes) minutes, not a whole number of \(classHourMinutes)-minute class hours")
        }
        let hours = minutes / classHourMinutes
        if let given, given != hours {
            throw ConcordError(
                "\(given) class hours do not match \(start)–\(end) (\(minutes) minutes = \(hours) class hours "
                    + "of \(classHourMinutes) minutes)")
        }
        return hours
    }
}

/// What a session is created with (one `course session add` or one import row).
public struct SessionInput: Sendable {
    public var course: String
    public var day: Day
    public var start: ClockTime
    public var end: ClockTime
    /// Nil derives the hours from the times.
    public var classHours: Int?
    public var kind: CourseSession.Kind

    /// A value from its fields.
    public init(
        course: String, day: Day, start: ClockTime, end: ClockTime, classHours: Int? = nil,
        kind: CourseSession.Kind = .class
    ) {
        self.course = course
        self.day = day
        self.start = start
        self.end = end
        self.classHours = classHours
        self.kind = kind
    }
}

extension Store {
    /// Adds a session to a course; refuses one that overlaps another session of the course.
    @discardableResult
    public func addSession(_ input: SessionInput) throws -> CourseSession {
        try write { db in
            let session = try CourseSession.insert(input, in: db)
            try audit(
                db, action: "session.add", entity: "course:\(input.course)",
                details: ["day": input.day.description, "time": session.timeText, "kind": session.kind.rawValue,
                          "classHours": String(session.classHours)])
            return session
        }
    }

    /// Imports sessions from CSV: `course,date,start,end[,hours,kind]`; all or nothing.
    public func importSessions(_ document: CSVDocument, dryRun: Bool) throws -> ImportSummary {
        try Importer(store: self, dryRun: dryRun).run(document) { db, problems in
            var summary = ImportSummary()
            for record in document.rows {
                let done = problems.check(record) {
                    let hours = try record["hours"].map { text in
                        guard let n = Int(text) else { throw ConcordError("column 'hours' is not a whole number") }
                        return n
                    }
                    let input = SessionInput(
                        course: try record.required("course"), day: try Day(try record.required("date")),
                        start: try ClockTime(try record.required("start")),
                        end: try ClockTime(try record.required("end")), classHours: hours,
                        kind: try CourseSession.Kind(record["kind"] ?? ""))
                    return try CourseSession.insert(input, in: db)
                }
                if done != nil { summary.created += 1 }
            }
            try self.audit(db, action: "session.import", entity: "course_session", details: summary.details(document))
            return summary
        }
    }

    /// The sessions of a course, in time order.
    public func sessions(course code: String) throws -> [CourseSession] {
        try read { db in try CourseSession.all(of: try Course.named(code, in: db), in: db) }
    }
}

extension CourseSession {
    /// Checks and inserts a session inside the caller's transaction.
    static func insert(_ input: SessionInput, in db: Database) throws -> CourseSession {
        let course = try Course.named(input.course, in: db)
        let hours = try SessionRules.classHours(
            start: input.start, end: input.end, classHourMinutes: course.classHourMinutes, given: input.classHours)
        guard input.day >= course.startsOn && input.day <= course.endsOn else {
            throw ConcordError(
                "\(input.day) is outside course \(course.code) (\(course.startsOn) to \(course.endsOn))")
        }
        let clash = try Row.fetchOne(
            db, sql: """
                SELECT start_minute, end_minute FROM course_session
                WHERE course_id = ? AND day = ? AND start_minute < ? AND end_minute > ?
                ORDER BY start_minute LIMIT 1
                """,
            arguments: [course.id, input.day.description, input.end.minutes, input.start.minutes])
        if let clash {
            let other = CourseSession(
                id: nil, courseId: course.rowID, day: input.day, startMinute: clash["start_minute"],
                endMinute: clash["end_minute"], classHours: 0, kind: .class, createdAt: "")
            throw ConcordError(
                "\(input.start)–\(input.end) overlaps the session \(other.timeText) of course \(course.code) "
                    + "on \(input.day)")
        }
        var session = CourseSession(
            id: nil, courseId: course.rowID, day: input.day, startMinute: input.start.minutes,
            endMinute: input.end.minutes, classHours: hours, kind: input.kind, createdAt: Timestamp.text())
        try session.insert(db)
        return session
    }
}
