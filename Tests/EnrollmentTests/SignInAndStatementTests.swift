import Catalog
import Enrollment
import Foundation
import GRDB
import Model
import Storage
import Testing

/// The sign-in import, progress and the paid-leave statement, on a real temporary SQLite file.
@Suite struct SignInAndStatementTests {
    /// Four employees on C1; person 0 approved for 1–10 March, person 1 for the whole course.
    func scenario() throws -> Fixture {
        let f = try Fixture()
        for i in 0..<4 { try f.enrol(i) }
        try f.approve(0, reference: "HR-2025-001", from: "2025-03-01", to: "2025-03-10")
        try f.approve(1, reference: "HR-2025-002", from: "2025-03-01", to: "2025-03-31")
        let p = (0..<4).map(Fixture.id)
        let csv = """
            resident_id,time,device,course
            \(p[0]),2025-03-03 08:55:10,gate-1,
            \(p[0]),2025-03-03 08:57:40,gate-1,
            \(p[0]),2025-03-03 12:02,gate-1,
            \(p[0]),2025-03-03 12:58,gate-1,C1
            \(p[0]),2025-03-03 16:00,gate-2,
            \(p[0]),2025-03-10 09:20,gate-1,
            \(p[0]),2025-03-10 12:00,gate-1,
            \(p[0]),2025-03-17 09:00,gate-1,
            \(p[0]),2025-03-17 12:00,gate-1,
            \(p[1]),2025-03-03 09:00,gate-1,
            \(p[1]),2025-03-10 09:00,gate-1,
            \(p[1]),2025-03-10 11:00,gate-1,
            \(p[2]),2025-03-24 09:00,gate-1,
            \(p[2]),2025-03-24T11:00,gate-1,

            """
        let summary = try f.store.importSignIns(try f.document(csv), dryRun: false)
        #expect(summary.created == 7)
        return f
    }

    @Test func signInEventsBecomeAttendance() throws {
        let f = try scenario()
        let rows = try f.store.attendance(course: "C1")
        let summary = rows.map { "\($0.date) \($0.session) \($0.name) \($0.status.rawValue) \($0.attendedMinutes)" }
        #expect(summary == [
            "2025-03-03 09:00–12:00 学员0 present 180",
            "2025-03-03 09:00–12:00 学员1 left-early 0",
            "2025-03-03 13:00–16:00 学员0 present 180",
            "2025-03-10 09:00–12:00 学员0 late 160",
            "2025-03-10 09:00–12:00 学员1 left-early 120",
            "2025-03-17 09:00–12:00 学员0 present 180",
            "2025-03-24 09:00–11:00 学员2 present 120",
        ])
        #expect(rows[0].checkIn == "08:55" && rows[0].checkOut == "12:02")
        #expect(rows[1].note == "no check-out recorded" && rows[1].checkOut == nil)
    }

    @Test func reimportingTheSameFileIsRefused() throws {
        let f = try scenario()
        let before = try f.counts()
        let csv = "resident_id,time\n\(Fixture.id(0)),2025-03-10 09:00\n\(Fixture.id(0)),2025-03-10 12:00\n"
        #expect {
            try f.store.importSignIns(try f.document(csv), dryRun: false)
        } throws: { error in
            (error as? ConcordError)?.details == [
                "line 2: attendance of \(try Fixture.rid(0).masked) at C1 on 2025-03-10 is already recorded; "
                    + "correct it with 'concord attend record'",
            ]
        }
        #expect(try f.counts() == before)
    }

    @Test func oneBadLineAmongAThousandWritesNothing() throws {
        let f = try Fixture()
        for i in 0..<4 { try f.enrol(i) }
        let before = try f.counts()
        var csv = "resident_id,time\n"
        for i in 0..<1000 {
            let who = i == 499 ? Fixture.id(4) : Fixture.id(i % 4)
            let minute = 480 + (i * 7) % 540
            csv += "\(who),2025-03-03 \(ClockTime(minutes: minute)?.description ?? "")\n"
        }
        #expect {
            try f.store.importSignIns(try f.document(csv), dryRun: false)
        } throws: { error in
            (error as? ConcordError)?.details == [
                "line 501: person \(try Fixture.rid(4).masked) is not enrolled in any course with a session on "
                    + "2025-03-03",
            ]
        }
        #expect(try f.counts() == before)
        // The same file without the bad line imports; a dry run writes nothing.
        let good = csv.replacingOccurrences(of: Fixture.id(4), with: Fixture.id(0))
        #expect(try f.store.importSignIns(try f.document(good), dryRun: true).created == 8)
        #expect(try f.counts() == before)
    }

    @Test(arguments: [
        ("2025-03-18", ["completed", "at-risk", "at-risk", "at-risk"]),
        ("2025-03-01", ["completed", "at-risk", "on-track", "on-track"]),
    ])
    func progressAgainstTheCompletionShare(_ asOf: String, _ states: [String]) throws {
        let f = try scenario()
        let progress = try f.store.progress(course: "C1", asOf: Fixture.day(asOf))
        #expect(progress.map(\.state.rawValue) == states)
        #expect(progress[0].attendedMinutes == 700 && progress[0].requiredMinutes == 576)
        #expect(progress[0].shareBasisPoints == 9722)
        // The assessment session is not class time.
        #expect(progress[2].attendedMinutes == 0)
    }

    @Test func statementHoursAddUpFromTheRawCheckIns() throws {
        let f = try scenario()
        let s = try f.store.paidLeaveStatement(
            employer: try CreditCode(Fixture.employer), from: Fixture.day("2025-03-01"),
            to: Fixture.day("2025-03-31"), today: Fixture.day("2025-04-01"))
        #expect(s.employees.map(\.name) == ["学员0", "学员1", "学员2"])
        let p0 = s.employees[0]
        #expect(p0.idMasked == "360426********" + String(Fixture.id(0).suffix(4)))
        #expect(p0.protectedDays.map { "\($0.date) \($0.hours) \($0.approval ?? "")" } == [
            "2025-03-03 6.0 HR-2025-001", "2025-03-10 2.67 HR-2025-001",
        ])
        #expect(p0.unprotectedDays.map { "\($0.date) \($0.hours)" } == ["2025-03-17 3.0"])
        #expect(p0.protectedMinutes == 520 && p0.protectedHours == "8.67" && p0.unprotectedMinutes == 180)
        #expect(s.employees[1].protectedMinutes == 120 && s.employees[1].unprotectedMinutes == 0)
        #expect(s.employees[2].unprotectedDays.map(\.kind) == ["assessment"])
        #expect(s.protectedMinutes == 640 && s.unprotectedMinutes == 300)
        #expect(s.rule.contains("不扣减工资和福利"))

        let narrow = try f.store.paidLeaveStatement(
            employer: try CreditCode(Fixture.employer), from: Fixture.day("2025-03-10"),
            to: Fixture.day("2025-03-10"), today: Fixture.day("2025-04-01"))
        #expect(narrow.protectedMinutes == 280 && narrow.unprotectedMinutes == 0)
    }

    @Test func statementCSVAndHTML() throws {
        let f = try scenario()
        let s = try f.store.paidLeaveStatement(
            employer: try CreditCode(Fixture.employer), from: Fixture.day("2025-03-01"),
            to: Fixture.day("2025-03-31"), today: Fixture.day("2025-04-01"))
        let csv = try StatementFormats.csv(s)
        let doc = try CSVDocument(data: Data(csv.utf8), source: "s.csv", required: ["employee", "hours", "protected"])
        #expect(doc.rows.count == 5 + 3 * 2)  // five days, two total rows per employee
        #expect(doc.rows[0]["approval"] == "HR-2025-001" && doc.rows[0]["minutes"] == "360")
        #expect(!csv.contains(Fixture.id(0)))

        var html = try StatementFormats.html(s)
        #expect(html.contains("带薪培训假期证明") && html.contains("HR-2025-001") && html.contains("8.67"))
        #expect(html.contains("@page { size: A4"))
        #expect(!html.contains(Fixture.id(0)) && !html.contains("http"))
        var hostile = s
        hostile.employees[0].name = "<script>x</script>"
        html = try StatementFormats.html(hostile)
        #expect(!html.contains("<script>") && html.contains("&lt;script&gt;"))
    }
}
