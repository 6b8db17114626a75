import Catalog
import Foundation
import GRDB
import Model
import Storage

/// Where a trainee stands against the course's completion share.
public enum CompletionState: String, Codable, Sendable {
    /// Attended class time has reached the share.
    case completed
    /// Not yet, but attending the remaining class sessions can still reach it.
    case onTrack = "on-track"
    /// Even attending every remaining class session in full cannot reach the share.
    case atRisk = "at-risk"
}

/// The completion rules, as functions of values.
public enum ProgressRules {
    /// The class minutes a trainee must attend: `percent` of the planned minutes, rounded up.
    public static func requiredMinutes(planned: Int, percent: Int) -> Int {
        (planned * percent + 99) / 100
    }

    /// The state from attended minutes and the minutes of class sessions still to come.
    public static func state(attended: Int, remaining: Int, planned: Int, percent: Int) -> CompletionState {
        let required = requiredMinutes(planned: planned, percent: percent)
        if attended >= required { return .completed }
        return attended + remaining >= required ? .onTrack : .atRisk
    }

    /// Attended minutes as a share of planned minutes, in basis points (8333 = 83.33 %), rounded down.
    public static func shareBasisPoints(attended: Int, planned: Int) -> Int {
        planned > 0 ? attended * 10_000 / planned : 0
    }

    /// `83.33` from basis points.
    public static func percentText(basisPoints: Int) -> String {
        let frac = basisPoints % 100
        return "\(basisPoints / 100).\(frac < 10 ? "0" : "")\(frac)"
    }
}

/// One enrolment's progress, as `enroll progress` prints it.
public struct ProgressView: Codable, Sendable, Equatable {
    public var course: String
    public var name: String
    public var idMasked: String
    public var enrolment: Enrolment.Status
    public var attendedMinutes: Int
    public var attendedHours: String
    public var plannedMinutes: Int
    public var requiredMinutes: Int
    public var remainingMinutes: Int
    public var shareBasisPoints: Int
    public var state: CompletionState
}

extension Store {
    /// Progress of every enrolment on a course as of `asOf`: class sessions on or after that day without an
    /// attendance record are the ones still to come; assessment sessions do not count as class time.
    public func progress(course code: String, asOf: Day) throws -> [ProgressView] {
        try read { db in
            let course = try Course.named(code, in: db)
            let rows = try Row.fetchAll(
                db, sql: """
                    SELECT e.status, p.name, p.resident_id,
                        coalesce((SELECT sum(a.attended_minutes) FROM attendance a
                                  JOIN course_session s ON s.id = a.session_id
                                  WHERE a.enrolment_id = e.id AND s.kind = 'class'), 0) AS attended,
                        coalesce((SELECT sum(s.end_minute - s.start_minute) FROM course_session s
                                  WHERE s.course_id = e.course_id AND s.kind = 'class' AND s.day >= ?
                                    AND NOT EXISTS (SELECT 1 FROM attendance a
                                                    WHERE a.enrolment_id = e.id AND a.session_id = s.id)), 0)
                            AS remaining
                    FROM enrolment e JOIN person p ON p.id = e.person_id
                    WHERE e.course_id = ? ORDER BY p.name, p.resident_id
                    """, arguments: [asOf.description, course.id])
            return try rows.map { row in
                let status = try Enrolment.Status(rawValue: row["status"] as String)
                    .orThrow("unknown enrolment status")
                let attended: Int = row["attended"]
                let remaining: Int = status == .active ? row["remaining"] : 0
                let id: String = row["resident_id"]
                return ProgressView(
                    course: course.code, name: row["name"], idMasked: (try? ResidentID(id).masked) ?? id,
                    enrolment: status, attendedMinutes: attended, attendedHours: HoursText.of(attended),
                    plannedMinutes: course.plannedMinutes,
                    requiredMinutes: ProgressRules.requiredMinutes(
                        planned: course.plannedMinutes, percent: course.completionPercent),
                    remainingMinutes: remaining,
                    shareBasisPoints: ProgressRules.shareBasisPoints(
                        attended: attended, planned: course.plannedMinutes),
                    state: ProgressRules.state(
                        attended: attended, remaining: remaining, planned: course.plannedMinutes,
                        percent: course.completionPercent))
            }
        }
    }
}

extension Optional {
    /// The value, or a `ConcordError` saying what was missing.
    func orThrow(_ what: String) throws -> Wrapped {
        guard let self else { throw ConcordError(what) }
        return self
    }
}
