import Catalog
import Foundation
import GRDB
import Model
import Storage

/// One event of a sign-in device's export: a person seen at a time.
public struct SignInEvent: Sendable, Equatable {
    public var person: ResidentID
    public var day: Day
    /// Minutes since midnight (seconds are dropped).
    public var minute: Int
    /// The course named on the row, when the device knows it.
    public var course: String?

    /// Parses `YYYY-MM-DD HH:MM[:SS]` (a `T` between date and time is accepted too).
    public static func parseTime(_ text: String) throws -> (day: Day, minute: Int) {
        let t = text.trimmingSpaces()
        let parts = t.split(whereSeparator: { $0 == " " || $0 == "T" })
        guard parts.count == 2 else {
            throw ConcordError("time \(t.clipped) is not in the form YYYY-MM-DD HH:MM[:SS]")
        }
        return (try Day(String(parts[0])), try ClockTime(String(parts[1])).minutes)
    }
}

extension Store {
    /// Imports a sign-in device's CSV: `resident_id,time[,device,course]`, one row per event.
    ///
    /// Each event goes to the session (of a course the person is actively enrolled on) on that date nearest
    /// its time; per person and session, double taps collapse, the first event is the check-in and the last
    /// the check-out. All or nothing: an event for a person with no enrolled session that day, or for a
    /// session already recorded, is a bad line.
    public func importSignIns(_ document: CSVDocument, dryRun: Bool) throws -> ImportSummary {
        try Importer(store: self, dryRun: dryRun).run(document) { db, problems in
            var people: [String: Person] = [:]
            var candidates: [String: [SignInCandidate]] = [:]
            var groups: [SignInKey: [(minute: Int, line: Int)]] = [:]
            var order: [SignInKey] = []
            let progress = ProgressLine("sign-in events", total: document.rows.count)
            for (i, record) in document.rows.enumerated() {
                progress.update(i + 1)
                _ = problems.check(record) {
                    let id = try ResidentID(try record.required("resident_id"))
                    let (day, minute) = try SignInEvent.parseTime(try record.required("time"))
                    let courseCode = record["course"]
                    let person: Person
                    if let known = people[id.value] {
                        person = known
                    } else {
                        person = try Person.withID(id, in: db)
                        people[id.value] = person
                    }
                    let cacheKey = "\(id.value)|\(day)|\(courseCode ?? "")"
                    let options: [SignInCandidate]
                    if let cached = candidates[cacheKey] {
                        options = cached
                    } else {
                        options = try SignInCandidate.sessions(person: person, day: day, course: courseCode, in: db)
                        candidates[cacheKey] = options
                    }
                    guard let index = AttendanceRules.nearestSession(to: minute, among: options.map(\.window)) else {
                        throw ConcordError(
                            "person \(id.masked) is not enrolled in any course "
                                + (courseCode.map { "\($0) " } ?? "") + "with a session on \(day)")
                    }
                    let key = SignInKey(candidate: options[index], person: id.masked)
                    if groups[key] == nil { order.append(key) }
                    groups[key, default: []].append((minute, record.line))
                }
            }
            progress.finish()
            var summary = ImportSummary()
            for key in order {
                let events = groups[key] ?? []
                let firstLine = events.map(\.line).min() ?? 0
                let recorded = Column("enrolment_id") == key.enrolmentID && Column("session_id") == key.sessionID
                if try Attendance.filter(recorded).fetchCount(db) > 0 {
                    problems.add(
                        line: firstLine,
                        "attendance of \(key.person) at \(key.course) on \(key.day) is already recorded; "
                            + "correct it with 'concord attend record'")
                    continue
                }
                guard let outcome = AttendanceRules.fromEvents(events.map(\.minute), session: key.window) else {
                    continue
                }
                var record = Attendance(
                    id: nil, courseId: key.courseID, enrolmentId: key.enrolmentID, sessionId: key.sessionID,
                    status: outcome.status, checkIn: outcome.checkIn, checkOut: outcome.checkOut,
                    attendedMinutes: outcome.attendedMinutes, source: .device, note: outcome.note,
                    recordedAt: Timestamp.text())
                try record.insert(db)
                summary.created += 1
            }
            try self.audit(db, action: "attendance.import", entity: "attendance", details: summary.details(document))
            return summary
        }
    }
}

/// A session a sign-in event may belong to: one of the person's active enrolments, one session that day.
struct SignInCandidate: Sendable {
    var courseID: Int64
    var course: String
    var enrolmentID: Int64
    var sessionID: Int64
    var day: Day
    var window: SessionWindow

    /// The sessions on `day` of the courses `person` is actively enrolled on (only `course` when named).
    static func sessions(person: Person, day: Day, course: String?, in db: Database) throws -> [SignInCandidate] {
        if let course { _ = try Course.named(course, in: db) }
        var sql = """
            SELECT c.id AS course_id, c.code, c.grace_minutes, e.id AS enrolment_id, s.id AS session_id,
                   s.start_minute, s.end_minute
            FROM enrolment e JOIN course c ON c.id = e.course_id JOIN course_session s ON s.course_id = c.id
            WHERE e.person_id = ? AND e.status = 'active' AND s.day = ?
            """
        var arguments: StatementArguments = [person.id, day.description]
        if let course {
            sql += " AND c.code = ?"
            arguments += [course]
        }
        return try Row.fetchAll(db, sql: sql + " ORDER BY s.start_minute", arguments: arguments).map { row in
            SignInCandidate(
                courseID: row["course_id"], course: row["code"], enrolmentID: row["enrolment_id"],
                sessionID: row["session_id"], day: day,
                window: SessionWindow(start: row["start_minute"], end: row["end_minute"], grace: row["grace_minutes"]))
        }
    }
}

/// The person-and-session an event was matched to.
struct SignInKey: Hashable, Sendable {
    var courseID: Int64
    var course: String
    var enrolmentID: Int64
    var sessionID: Int64
    var day: Day
    var person: String
    var window: SessionWindow

    init(candidate: SignInCandidate, person: String) {
        courseID = candidate.courseID
        course = candidate.course
        enrolmentID = candidate.enrolmentID
        sessionID = candidate.sessionID
        day = candidate.day
        self.person = person
        window = candidate.window
    }
}
