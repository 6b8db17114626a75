import Catalog
import Foundation
import GRDB
import Model
import Storage

/// One person's attendance at one session.
public struct Attendance: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "attendance"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var courseId: Int64
    public var enrolmentId: Int64
    public var sessionId: Int64
    public var status: AttendanceStatus
    /// Minutes since midnight.
    public var checkIn: Int?
    public var checkOut: Int?
    /// The overlap of [check-in, check-out] with the session.
    public var attendedMinutes: Int
    public var source: Source
    public var note: String
    public var recordedAt: String

    /// Where the record came from.
    public enum Source: String, Codable, Sendable {
        case manual, device
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The values an audit row keeps (before and after a correction).
    var snapshot: [String: String] {
        ["status": status.rawValue, "in": checkIn.flatMap(ClockTime.init(minutes:))?.description ?? "",
         "out": checkOut.flatMap(ClockTime.init(minutes:))?.description ?? "",
         "minutes": String(attendedMinutes), "source": source.rawValue, "note": note]
    }
}

/// What one `attend record` states.
public struct AttendanceInput: Sendable {
    public var course: String
    public var person: ResidentID
    public var day: Day
    /// The session's start, needed only when the course meets more than once that day.
    public var start: ClockTime?
    /// Nil derives the status from the times.
    public var status: AttendanceStatus?
    public var checkIn: ClockTime?
    public var checkOut: ClockTime?
    public var note: String

    /// A value from its fields.
    public init(
        course: String, person: ResidentID, day: Day, start: ClockTime? = nil, status: AttendanceStatus? = nil,
        checkIn: ClockTime? = nil, checkOut: ClockTime? = nil, note: String = ""
    ) {
        self.course = course
        self.person = person
        self.day = day
        self.start = start
        self.status = status
        self.checkIn = checkIn
        self.checkOut = checkOut
        self.note = note
    }
}

/// An attendance row as `attend list` prints it.
public struct AttendanceView: Codable, Sendable, Equatable {
    public var course: String
    public var date: Day
    public var session: String
    public var kind: CourseSession.Kind
    public var name: String
    public var idMasked: String
    public var status: AttendanceStatus
    public var checkIn: String?
    public var checkOut: String?
    public var attendedMinutes: Int
    public var hours: String
    public var source: Attendance.Source
    public var note: String
}

extension Store {
    /// Records (or corrects) one person's attendance at one session; a correction's audit row keeps the old
    /// and the new values.
    @discardableResult
    public func recordAttendance(_ input: AttendanceInput) throws -> (attendance: Attendance, corrected: Bool) {
        try write { db in
            let course = try Course.named(input.course, in: db)
            let person = try Person.withID(input.person, in: db)
            let enrolment = try Enrolment.of(person, on: course, in: db)
            let session = try CourseSession.find(course, day: input.day, start: input.start, in: db)
            try Attendance.checkEnrolled(enrolment, on: session.day, person: input.person)
            let outcome = try AttendanceRules.manual(
                status: input.status, checkIn: input.checkIn, checkOut: input.checkOut,
                session: SessionWindow(course: course, session: session))
            var record = Attendance(
                id: nil, courseId: course.rowID, enrolmentId: enrolment.id ?? 0, sessionId: session.id ?? 0,
                status: outcome.status, checkIn: outcome.checkIn, checkOut: outcome.checkOut,
                attendedMinutes: outcome.attendedMinutes, source: .manual, note: input.note.trimmingSpaces(),
                recordedAt: Timestamp.text())
            let entity = "course:\(course.code)"
            let place = ["person": input.person.masked, "date": session.day.description, "session": session.timeText]
            if let old = try Attendance.filter(
                Column("enrolment_id") == enrolment.id && Column("session_id") == session.id
            ).fetchOne(db) {
                record.id = old.id
                try record.update(db)
                try audit(
                    db, action: "attendance.correct", entity: entity,
                    details: ["at": place, "old": old.snapshot, "new": record.snapshot])
                return (record, true)
            }
            try record.insert(db)
            try audit(db, action: "attendance.record", entity: entity, details: ["at": place, "new": record.snapshot])
            return (record, false)
        }
    }

    /// The attendance of a course, by date, session and name, optionally of one day.
    public func attendance(course code: String, day: Day? = nil) throws -> [AttendanceView] {
        try read { db in
            let course = try Course.named(code, in: db)
            var sql = """
                SELECT a.*, s.day, s.start_minute, s.end_minute, s.kind, p.name, p.resident_id
                FROM attendance a JOIN course_session s ON s.id = a.session_id
                JOIN enrolment e ON e.id = a.enrolment_id JOIN person p ON p.id = e.person_id
                WHERE a.course_id = ?
                """
            var arguments: StatementArguments = [course.id]
            if let day {
                sql += " AND s.day = ?"
                arguments += [day.description]
            }
            sql += " ORDER BY s.day, s.start_minute, p.name, p.resident_id"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let record = try Attendance(row: row)
                let session = CourseSession(
                    id: nil, courseId: course.rowID, day: try Day(row["day"] as String),
                    startMinute: row["start_minute"], endMinute: row["end_minute"], classHours: 0,
                    kind: try CourseSession.Kind(row["kind"] as String), createdAt: "")
                let id: String = row["resident_id"]
                return AttendanceView(
                    course: course.code, date: session.day, session: session.timeText, kind: session.kind,
                    name: row["name"], idMasked: (try? ResidentID(id).masked) ?? id, status: record.status,
                    checkIn: record.checkIn.flatMap(ClockTime.init(minutes:))?.description,
                    checkOut: record.checkOut.flatMap(ClockTime.init(minutes:))?.description,
                    attendedMinutes: record.attendedMinutes, hours: HoursText.of(record.attendedMinutes),
                    source: record.source, note: record.note)
            }
        }
    }
}

extension Attendance {
    /// Refuses attendance for a session after the person withdrew.
    static func checkEnrolled(_ enrolment: Enrolment, on day: Day, person: ResidentID) throws {
        if enrolment.status == .withdrawn, let left = enrolment.withdrawnOn, day > left {
            throw ConcordError("person \(person.masked) withdrew on \(left), before the session on \(day)")
        }
    }
}

extension SessionWindow {
    /// The window of a stored session, with its course's grace.
    public init(course: Course, session: CourseSession) {
        self.init(start: session.startMinute, end: session.endMinute, grace: course.graceMinutes)
    }
}
