import Catalog
import Foundation
import GRDB
import Model
import Storage

/// An employer's approval of off-duty (脱产) training for one enrolment, covering a range of dates.
///
/// Hours attended on a date inside a covered range are protected by the seed's rule 2(4)1: the employer may
/// not deduct wages or benefits for them. An enrolment may have several approvals (a renewal, an extension).
public struct LeaveApproval: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "leave_approval"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var enrolmentId: Int64
    /// The employer that approved (the person's employer when the approval was recorded).
    public var employerId: Int64
    /// The employer's reference number for the approval (文号).
    public var reference: String
    public var approvedOn: Day
    public var approver: String
    public var mode: Mode
    public var coversFrom: Day
    public var coversTo: Day
    public var createdAt: String

    /// Full-time (全脱产) or part-time (半脱产) release from work.
    public enum Mode: String, Codable, Sendable, CaseIterable {
        case fullTime = "full-time"
        case partTime = "part-time"

        /// Parses `full-time|part-time` (or 全脱产/半脱产).
        public init(_ text: String) throws {
            switch text.trimmingSpaces().lowercased() {
            case "full-time", "fulltime", "全脱产", "脱产": self = .fullTime
            case "part-time", "parttime", "半脱产": self = .partTime
            default: throw ConcordError("approval mode \(text.clipped) is not full-time or part-time")
            }
        }
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Whether the approval covers `day`.
    public func covers(_ day: Day) -> Bool { coversFrom <= day && day <= coversTo }
}

/// The rules an approval is checked by, as functions of values.
public enum ApprovalRules {
    /// Throws when the covered range misses the course's dates entirely (an approval for another course or
    /// a typing error in a year), or is reversed.
    public static func check(from: Day, to: Day, course: String, starts: Day, ends: Day) throws {
        guard to >= from else { throw ConcordError("the approval ends (\(to)) before it starts (\(from))") }
        guard from <= ends && to >= starts else {
            throw ConcordError(
                "the approval covers \(from) to \(to), which misses course \(course) (\(starts) to \(ends))")
        }
    }

    /// The approval that protects `day`: the most recently approved one covering it, or nil.
    public static func protecting(_ day: Day, among approvals: [LeaveApproval]) -> LeaveApproval? {
        approvals.filter { $0.covers(day) }.max { ($0.approvedOn, $0.reference) < ($1.approvedOn, $1.reference) }
    }
}

/// What one `enroll approve` records.
public struct ApprovalInput: Sendable {
    public var course: String
    public var person: ResidentID
    public var reference: String
    public var approvedOn: Day
    public var approver: String
    public var mode: LeaveApproval.Mode
    public var coversFrom: Day
    public var coversTo: Day

    /// A value from its fields.
    public init(
        course: String, person: ResidentID, reference: String, approvedOn: Day, approver: String,
        mode: LeaveApproval.Mode, coversFrom: Day, coversTo: Day
    ) {
        self.course = course
        self.person = person
        self.reference = reference
        self.approvedOn = approvedOn
        self.approver = approver
        self.mode = mode
        self.coversFrom = coversFrom
        self.coversTo = coversTo
    }
}

extension Store {
    /// Records an employer's approval of off-duty training for an active enrolment.
    @discardableResult
    public func approve(_ input: ApprovalInput) throws -> LeaveApproval {
        try write { db in
            let approval = try LeaveApproval.add(input, in: db)
            try audit(
                db, action: "approval.add", entity: "course:\(input.course)",
                details: ["person": input.person.masked, "reference": approval.reference,
                          "from": approval.coversFrom.description, "to": approval.coversTo.description,
                          "mode": approval.mode.rawValue])
            return approval
        }
    }

    /// The approvals of one enrolment, oldest first.
    public func approvals(course code: String, person: ResidentID) throws -> [LeaveApproval] {
        try read { db in
            let course = try Course.named(code, in: db)
            let enrolment = try Enrolment.of(try Person.withID(person, in: db), on: course, in: db)
            return try LeaveApproval.filter(Column("enrolment_id") == enrolment.id).order(Column("approved_on"))
                .fetchAll(db)
        }
    }
}

extension LeaveApproval {
    static func add(_ input: ApprovalInput, in db: Database) throws -> LeaveApproval {
        let reference = input.reference.trimmingSpaces()
        let approver = input.approver.trimmingSpaces()
        guard (1...64).contains(reference.count) else { throw ConcordError("reference must be 1–64 characters") }
        guard (1...50).contains(approver.count) else { throw ConcordError("approver must be 1–50 characters") }
        let course = try Course.named(input.course, in: db)
        let person = try Person.withID(input.person, in: db)
        let enrolment = try Enrolment.of(person, on: course, in: db)
        guard enrolment.status == .active else {
            throw ConcordError("person \(input.person.masked) withdrew from course \(course.code)")
        }
        guard let employerID = person.employerId else {
            throw ConcordError("person \(input.person.masked) has no employer on record to approve the leave")
        }
        try ApprovalRules.check(
            from: input.coversFrom, to: input.coversTo, course: course.code, starts: course.startsOn,
            ends: course.endsOn)
        if try LeaveApproval.filter(Column("enrolment_id") == enrolment.id && Column("reference") == reference)
            .fetchCount(db) > 0
        {
            throw ConcordError("approval \(reference) is already recorded for this enrolment")
        }
        var approval = LeaveApproval(
            id: nil, enrolmentId: enrolment.id ?? 0, employerId: employerID, reference: reference,
            approvedOn: input.approvedOn, approver: approver, mode: input.mode, coversFrom: input.coversFrom,
            coversTo: input.coversTo, createdAt: Timestamp.text())
        try approval.insert(db)
        return approval
    }
}
