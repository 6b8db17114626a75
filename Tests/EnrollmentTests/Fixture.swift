import Catalog
import Enrollment
import Foundation
import GRDB
import Model
import Storage

/// A temporary database file with an institution, an employer, people and one course with sessions.
final class Fixture {
    let dir: URL
    let store: Store
    static let employer = "91110000600037341L"

    init(capacity: Int = 30) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("concord-enrol-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        store = try Store(path: dir.appendingPathComponent("t.sqlite").path, actor: "test", mode: .create)
        try store.addInstitution(code: "HZ-T1", name: "杭州培训中心", kind: .training, creditCode: nil, region: "杭州市")
        try store.addInstitution(code: "ZJ-E1", name: "评价中心", kind: .evaluation, creditCode: nil, region: "杭州市")
        try store.saveEmployer(EmployerInput(
            creditCode: try CreditCode(Self.employer), name: "杭州纺织有限公司", sizeClass: .medium,
            region: try RegionPath("杭州市/西湖区"), park: nil))
        for i in 0..<5 {
            try store.savePerson(try PersonInput(
                name: try PersonName("学员\(i)"), residentID: try ResidentID(Self.id(i)),
                employer: i == 4 ? nil : try CreditCode(Self.employer)))
        }
        try store.addCourse(CourseInput(
            code: "C1", title: "劳动关系协调员四级", institution: "HZ-T1", level: .four, classHours: 12,
            capacity: capacity, fee: Fen(yuan: 1800), startsOn: Self.day("2025-03-01"),
            endsOn: Self.day("2025-03-31")))
        for (date, start, end, kind) in [
            ("2025-03-03", "09:00", "12:00", CourseSession.Kind.class), ("2025-03-03", "13:00", "16:00", .class),
            ("2025-03-10", "09:00", "12:00", .class), ("2025-03-17", "09:00", "12:00", .class),
            ("2025-03-24", "09:00", "11:00", .assessment),
        ] {
            try store.addSession(SessionInput(
                course: "C1", day: Self.day(date), start: try ClockTime(start), end: try ClockTime(end), kind: kind))
        }
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    /// A valid resident ID with region 360426, born 1991-01-01, and the given sequence.
    static func id(_ sequence: Int) -> String {
        let body = "36042619910101" + String(format: "%03d", sequence % 1000)
        let digits = body.compactMap { Int(String($0)) }
        return body + String(ResidentID.checkCharacter(digits))
    }

    static func rid(_ sequence: Int) throws -> ResidentID { try ResidentID(id(sequence)) }

    static func day(_ text: String) -> Day { (try? Day(text)) ?? Day.epoch }

    func enrol(_ sequence: Int, course: String = "C1", on: String = "2025-03-01") throws {
        _ = try store.enrol(EnrolmentInput(course: course, person: try Self.rid(sequence), on: Self.day(on)))
    }

    func approve(_ sequence: Int, reference: String, from: String, to: String) throws {
        try store.approve(ApprovalInput(
            course: "C1", person: try Self.rid(sequence), reference: reference, approvedOn: Self.day("2025-02-20"),
            approver: "人事部 王经理", mode: .fullTime, coversFrom: Self.day(from), coversTo: Self.day(to)))
    }

    func document(_ text: String) throws -> CSVDocument {
        try CSVDocument(data: Data(text.utf8), source: "input.csv", required: [])
    }

    /// Row counts of every table Enrollment writes, and the audit log, to prove a failure wrote nothing.
    func counts() throws -> [Int] {
        try store.read { db in
            try ["course", "course_session", "enrolment", "leave_approval", "attendance", "audit_log"].map {
                try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)") ?? -1
            }
        }
    }
}
