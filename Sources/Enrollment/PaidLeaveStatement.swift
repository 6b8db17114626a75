import Catalog
import Foundation
import GRDB
import Model
import Storage

/// An employer's paid-leave statement: for each employee, the days of approved off-duty training or
/// assessment (protected by the seed's rule 2(4)1) and, separately, attended hours no approval covers.
public struct PaidLeaveStatement: Codable, Sendable, Equatable {
    /// The rule the protected days rest on, as printed on every statement.
    public static let rule = "浙人社发〔2023〕18号 第二(四)1条：经单位批准脱产参加培训及等级认定期间视同提供正常劳动，"
        + "企业不扣减工资和福利。"

    public var employer: String
    public var creditCode: String
    public var from: Day
    public var to: Day
    public var generatedOn: Day
    public var rule: String
    public var employees: [EmployeeLeave]
    public var protectedMinutes: Int
    public var unprotectedMinutes: Int
    public var protectedHours: String
    public var unprotectedHours: String
}

/// One employee's part of a statement. The identity number is masked: the printout is filed and shared.
public struct EmployeeLeave: Codable, Sendable, Equatable {
    public var name: String
    public var idMasked: String
    /// Days covered by the employer's approval: no deduction of wages or benefits.
    public var protectedDays: [LeaveDay]
    /// Days attended without a covering approval: attended, but not protected.
    public var unprotectedDays: [LeaveDay]
    public var protectedMinutes: Int
    public var unprotectedMinutes: Int
    public var protectedHours: String
    public var unprotectedHours: String
}

/// One day of one course attended by an employee.
public struct LeaveDay: Codable, Sendable, Equatable {
    public var date: Day
    public var course: String
    public var courseTitle: String
    /// `class`, `assessment`, or `class+assessment` when the day had both.
    public var kind: String
    public var minutes: Int
    public var hours: String
    /// The covering approval's reference, or nil when the day is not protected.
    public var approval: String?
    public var mode: LeaveApproval.Mode?
}

/// One attended session, the raw material of a statement.
public struct AttendedSession: Sendable, Equatable {
    public var name: String
    public var residentID: String
    public var day: Day
    public var course: String
    public var courseTitle: String
    public var kind: CourseSession.Kind
    public var minutes: Int
    /// The employer's approvals for this enrolment.
    public var approvals: [LeaveApproval]

    /// A value from its fields.
    public init(
        name: String, residentID: String, day: Day, course: String, courseTitle: String, kind: CourseSession.Kind,
        minutes: Int, approvals: [LeaveApproval]
    ) {
        self.name = name
        self.residentID = residentID
        self.day = day
        self.course = course
        self.courseTitle = courseTitle
        self.kind = kind
        self.minutes = minutes
        self.approvals = approvals
    }
}

extension PaidLeaveStatement {
    /// Builds a statement from attended sessions (no database): sessions are summed per employee, date and
    /// course; a day is protected when one of the enrolment's approvals covers it.
    public static func build(
        employer: String, creditCode: String, from: Day, to: Day, generatedOn: Day, sessions: [AttendedSession]
    ) -> PaidLeaveStatement {
        struct DayKey: Hashable { var day: Day, course: String }
        var byPerson: [String: [AttendedSession]] = [:]
        for s in sessions where s.minutes > 0 && s.day >= from && s.day <= to {
            byPerson[s.residentID, default: []].append(s)
        }
        var employees: [EmployeeLeave] = []
        for (residentID, list) in byPerson {
            var days: [DayKey: LeaveDay] = [:]
            for s in list {
                let key = DayKey(day: s.day, course: s.course)
                var entry = days[key] ?? {
                    let approval = ApprovalRules.protecting(s.day, among: s.approvals)
                    return LeaveDay(
                        date: s.day, course: s.course, courseTitle: s.courseTitle, kind: s.kind.rawValue, minutes: 0,
                        hours: "", approval: approval?.reference, mode: approval?.mode)
                }()
                if entry.minutes > 0, !entry.kind.contains(s.kind.rawValue) {
                    entry.kind = "class+assessment"
                }
                entry.minutes += s.minutes
                entry.hours = HoursText.of(entry.minutes)
                days[key] = entry
            }
            let sorted = days.values.sorted { ($0.date, $0.course) < ($1.date, $1.course) }
            let protected = sorted.filter { $0.approval != nil }
            let unprotected = sorted.filter { $0.approval == nil }
            let p = protected.reduce(0) { $0 + $1.minutes }, u = unprotected.reduce(0) { $0 + $1.minutes }
            employees.append(EmployeeLeave(
                name: list[0].name, idMasked: (try? ResidentID(residentID).masked) ?? residentID,
                protectedDays: protected, unprotectedDays: unprotected, protectedMinutes: p, unprotectedMinutes: u,
                protectedHours: HoursText.of(p), unprotectedHours: HoursText.of(u)))
        }
        employees.sort { ($0.name, $0.idMasked) < ($1.name, $1.idMasked) }
        let p = employees.reduce(0) { $0 + $1.protectedMinutes }
        let u = employees.reduce(0) { $0 + $1.unprotectedMinutes }
        return PaidLeaveStatement(
            employer: employer, creditCode: creditCode, from: from, to: to, generatedOn: generatedOn, rule: rule,
            employees: employees, protectedMinutes: p, unprotectedMinutes: u, protectedHours: HoursText.of(p),
            unprotectedHours: HoursText.of(u))
    }
}

extension Store {
    /// The paid-leave statement of an employer's current employees for the days `from` to `to`. Only the
    /// employer's own approvals protect a day.
    public func paidLeaveStatement(
        employer code: CreditCode, from: Day, to: Day, today: Day
    ) throws -> PaidLeaveStatement {
        guard to >= from else { throw ConcordError("the statement ends (\(to)) before it starts (\(from))") }
        return try read { db in
            let employer = try Employer.withCode(code, in: db)
            let rows = try Row.fetchAll(
                db, sql: """
                    SELECT p.name, p.resident_id, s.day, s.kind, c.code, c.title, a.attended_minutes,
                           e.id AS enrolment_id
                    FROM attendance a JOIN enrolment e ON e.id = a.enrolment_id
                    JOIN person p ON p.id = e.person_id JOIN course_session s ON s.id = a.session_id
                    JOIN course c ON c.id = a.course_id
                    WHERE p.employer_id = ? AND s.day BETWEEN ? AND ? AND a.attended_minutes > 0
                    """, arguments: [employer.id, from.description, to.description])
            var approvals: [Int64: [LeaveApproval]] = [:]
            for approval in try LeaveApproval.filter(Column("employer_id") == employer.id).fetchAll(db) {
                approvals[approval.enrolmentId, default: []].append(approval)
            }
            let sessions = try rows.map { row in
                AttendedSession(
                    name: row["name"], residentID: row["resident_id"], day: try Day(row["day"] as String),
                    course: row["code"], courseTitle: row["title"],
                    kind: try CourseSession.Kind(row["kind"] as String),
                    minutes: row["attended_minutes"], approvals: approvals[row["enrolment_id"]] ?? [])
            }
            return PaidLeaveStatement.build(
                employer: employer.name, creditCode: employer.creditCode, from: from, to: to, generatedOn: today,
                sessions: sessions)
        }
    }
}
