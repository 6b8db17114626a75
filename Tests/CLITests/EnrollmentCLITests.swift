import Foundation
import Testing

/// Courses, enrolment, approvals, attendance and paid-leave statements through the built binary.
@Suite struct EnrollmentCLITests {
    static let employer = "91110000600037341L"

    /// An initialised database with an institution, an employer, three employees and course C1 with sessions.
    func setUp() throws -> CLI {
        let cli = try CLI()
        try cli.run("init")
        try cli.run("institution", "add", "--code", "HZ-T1", "--name", "杭州培训中心", "--kind", "training")
        try cli.run("employer", "add", "--name", "杭州纺织有限公司", "--credit-code", Self.employer, "--size", "medium",
                    "--region", "杭州市/西湖区")
        for i in 0..<3 {
            try cli.run("person", "add", "--name", "员工\(i)", "--id", validID(sequence: i), "--employer", Self.employer)
        }
        let course = try cli.run(
            "course", "add", "--code", "C1", "--title", "劳动关系协调员四级", "--institution", "HZ-T1", "--level", "4",
            "--class-hours", "9", "--capacity", "2", "--fee", "1800", "--starts", "2025-03-01", "--ends", "2025-03-31")
        #expect(course.status == 0, "\(course.stderr)")
        let sessions = try cli.file(
            "sessions.csv",
            "course,date,start,end,hours,kind\nC1,2025-03-03,09:00,12:00,3,class\nC1,2025-03-10,09:00,12:00,,class\n"
                + "C1,2025-03-17,09:00,12:00,3,class\nC1,2025-03-24,09:00,11:00,2,assessment\n")
        let imported = try cli.run("course", "session", "import", sessions)
        #expect(imported.status == 0, "\(imported.stderr)")
        return cli
    }

    @Test func courseSessionsEnrolmentAttendanceProgressAndStatement() throws {
        let cli = try setUp()
        let show = try cli.run("course", "show", "C1", "--json")
        let detail = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any]
        #expect((detail?["sessions"] as? [Any])?.count == 4)
        #expect((detail?["course"] as? [String: Any])?["feeFen"] as? Int == 180_000)

        let p0 = validID(sequence: 0), p1 = validID(sequence: 1)
        #expect(try cli.run("enroll", "add", "--course", "C1", "--person", p0, "--on", "2025-02-20",
                            "--subsidised-training").status == 0)
        #expect(try cli.run("enroll", "add", "--course", "C1", "--person", p1, "--on", "2025-02-20").status == 0)
        let approve = try cli.run(
            "enroll", "approve", "--course", "C1", "--person", p0, "--reference", "纺人〔2025〕3号",
            "--approved-on", "2025-02-25", "--approver", "人事部", "--mode", "full-time", "--from", "2025-03-01",
            "--to", "2025-03-31")
        #expect(approve.status == 0, "\(approve.stderr)")

        let signIns = try cli.file(
            "signin.csv",
            "resident_id,time,device\n\(p0),2025-03-03 08:58:01,A\n\(p0),2025-03-03 08:59:30,A\n"
                + "\(p0),2025-03-03 12:01:00,A\n\(p0),2025-03-10 09:15,A\n\(p0),2025-03-10 11:45,A\n"
                + "\(p1),2025-03-03 09:02,A\n\(p1),2025-03-03 12:00,A\n\(p0),2025-03-24 08:50,A\n"
                + "\(p0),2025-03-24 11:05,A\n")
        let imported = try cli.run("attend", "import", signIns)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("4 new") || imported.stdout.contains("5 new"))

        let list = try cli.run("attend", "list", "--course", "C1", "--json")
        let rows = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.map { $0["attendedMinutes"] as? Int ?? -1 } == [180, 178, 150, 120])
        #expect(rows?[2]["status"] as? String == "late")
        #expect(!list.stdout.contains(p0))

        // 150 + 180 = 330 of 540 class minutes; 432 needed; one class session (180) left after 03-10.
        let progress = try cli.run("enroll", "progress", "--course", "C1", "--as-of", "2025-03-11", "--json")
        let states = try JSONSerialization.jsonObject(with: Data(progress.stdout.utf8)) as? [[String: Any]]
        #expect(states?.map { $0["state"] as? String ?? "" } == ["on-track", "at-risk"])
        #expect(try cli.run("enroll", "progress", "--course", "C1", "--as-of", "2025-03-11").stdout.contains("61.11"))

        let table = try cli.run("leave", "statement", "--employer", Self.employer, "--from", "2025-03-01",
                                "--to", "2025-03-31")
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("纺人〔2025〕3号") && table.stdout.contains("NOT PROTECTED"))
        #expect(table.stdout.contains("total: 7.5 h protected, 2.97 h attended without approval"))

        let json = try cli.run("leave", "statement", "--employer", Self.employer, "--from", "2025-03-01",
                               "--to", "2025-03-31", "--format", "json")
        let statement = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(statement?["protectedMinutes"] as? Int == 450 && statement?["unprotectedMinutes"] as? Int == 178)

        let csv = try cli.run("leave", "statement", "--employer", Self.employer, "--from", "2025-03-01",
                              "--to", "2025-03-31", "--format", "csv")
        #expect(csv.stdout.hasPrefix("employee,id_masked,date,course"))
        #expect(csv.stdout.contains("2025-03-24,C1,劳动关系协调员四级,assessment,120,2.0,yes,纺人〔2025〕3号,full-time"))
        let html = try cli.run("leave", "statement", "--employer", Self.employer, "--from", "2025-03-01",
                               "--to", "2025-03-31", "--format", "html")
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>") && html.stdout.contains("浙人社发〔2023〕18号"))
        #expect(!html.stdout.contains(p0))

        let enrolled = try cli.run("enroll", "list", "--course", "C1", "--json")
        #expect(enrolled.stdout.contains("\"subsidisedTraining\" : true"))
        #expect(try cli.run("audit", "verify").stdout.contains("audit chain intact"))
    }

    @Test func correctionsAreAuditedWithOldAndNewValues() throws {
        let cli = try setUp()
        let p0 = validID(sequence: 0)
        try cli.run("enroll", "add", "--course", "C1", "--person", p0, "--on", "2025-02-20")
        let first = try cli.run("attend", "record", "--course", "C1", "--person", p0, "--date", "2025-03-10",
                                "--in", "09:40", "--out", "12:00")
        #expect(first.stdout.contains("attendance recorded") && first.stdout.contains("late, 2.33 h"))
        let second = try cli.run("attend", "record", "--course", "C1", "--person", p0, "--date", "2025-03-10",
                                 "--status", "excused", "--note", "sick note")
        #expect(second.stdout.contains("attendance corrected"), "\(second.stderr)")
        let audit = try cli.sqlite("SELECT details FROM audit_log WHERE action = 'attendance.correct'")
        #expect(audit.contains("\"old\":{\"in\":\"09:40\",\"minutes\":\"140\""))
        #expect(audit.contains("\"new\":{\"in\":\"\",\"minutes\":\"0\""))
    }

    @Test func badInputIsOneErrorLineAndWritesNothing() throws {
        let cli = try setUp()
        let p0 = validID(sequence: 0), p1 = validID(sequence: 1), p2 = validID(sequence: 2)
        try cli.run("enroll", "add", "--course", "C1", "--person", p0, "--on", "2025-02-20")
        try cli.run("enroll", "add", "--course", "C1", "--person", p1, "--on", "2025-02-20")
        let counts = "SELECT (SELECT count(*) FROM course_session), (SELECT count(*) FROM enrolment), "
            + "(SELECT count(*) FROM leave_approval), (SELECT count(*) FROM attendance), "
            + "(SELECT count(*) FROM audit_log)"
        let before = try cli.sqlite(counts)

        let cases: [([String], String)] = [
            (["course", "session", "add", "--course", "C1", "--date", "2025-03-03", "--start", "11:00",
              "--end", "13:00"],
             "error: 11:00–13:00 overlaps the session 09:00–12:00 of course C1 on 2025-03-03"),
            (["course", "session", "add", "--course", "C1", "--date", "2025-03-04", "--start", "09:00",
              "--end", "12:00", "--hours", "2"],
             "error: 2 class hours do not match 09:00–12:00"),
            (["enroll", "add", "--course", "C1", "--person", p2, "--on", "2025-02-21"],
             "error: course C1 is full (2 of 2 places taken)"),
            (["enroll", "add", "--course", "C1", "--person", p0],
             "error: person 360426********\(p0.suffix(4)) is already enrolled on course C1"),
            (["enroll", "approve", "--course", "C1", "--person", p0, "--reference", "X", "--approved-on", "2025-02-01",
              "--approver", "HR", "--from", "2024-03-01", "--to", "2024-03-31"],
             "error: the approval covers 2024-03-01 to 2024-03-31, which misses course C1 (2025-03-01 to 2025-03-31)"),
            (["attend", "record", "--course", "C1", "--person", p2, "--date", "2025-03-03", "--in", "09:00",
              "--out", "12:00"],
             "error: person 360426********\(p2.suffix(4)) is not enrolled on course C1"),
            (["attend", "record", "--course", "C1", "--person", p0, "--date", "2025-03-03", "--in", "12:00",
              "--out", "09:00"],
             "error: check-out 09:00 is before check-in 12:00"),
            (["leave", "statement", "--employer", Self.employer, "--from", "2025-03-01", "--to", "2025-03-31",
              "--format", "pdf"],
             "error: --format must be table, csv, json or html"),
        ]
        for (arguments, message) in cases {
            let r = try cli.run(arguments)
            #expect(r.status != 0, "\(arguments)")
            #expect(r.lastErrorLine.hasPrefix(message), "\(r.stderr)")
        }
        #expect(try cli.sqlite(counts) == before)
    }

    @Test func signInImportWithOneBadLineAmongAThousandWritesNothing() throws {
        let cli = try setUp()
        let p0 = validID(sequence: 0), p1 = validID(sequence: 1), p2 = validID(sequence: 2)
        try cli.run("enroll", "add", "--course", "C1", "--person", p0, "--on", "2025-02-20")
        try cli.run("enroll", "add", "--course", "C1", "--person", p1, "--on", "2025-02-20")
        var csv = "resident_id,time,device\n"
        for i in 0..<1000 {
            let who = i == 700 ? p2 : (i % 2 == 0 ? p0 : p1)
            csv += "\(who),2025-03-03 \(String(format: "%02d:%02d", 8 + i % 5, i % 60)),gate\n"
        }
        let file = try cli.file("signin.csv", csv)
        let r = try cli.run("attend", "import", file)
        #expect(r.status != 0)
        #expect(r.stderr.contains(
            "line 702: person 360426********\(p2.suffix(4)) is not enrolled in any course with a session "
                + "on 2025-03-03"))
        #expect(r.lastErrorLine == "error: 1 bad row; nothing was written (\(file))")
        #expect(try cli.sqlite("SELECT count(*) FROM attendance") == "0")
        #expect(try cli.sqlite("SELECT count(*) FROM audit_log WHERE action = 'attendance.import'") == "0")
    }
}

@Suite struct EnrolmentEligibilityCLITests {
    @Test func enrollingSomeoneWhoCannotSitTheLevelYetWarnsWithTheReasons() throws {
        let cli = try CLI()
        try cli.run("init")
        try cli.run("institution", "add", "--code", "T1", "--name", "杭州培训中心", "--kind", "training")
        try cli.run("person", "add", "--name", "张三", "--id", "360426199101010071")
        try cli.run("person", "add", "--name", "李四", "--id", "11010519491231002X", "--education", "bachelor",
                    "--major", "法学", "--related-work-since", "2015-01-01")
        try cli.run("course", "add", "--code", "C1", "--title", "四级", "--institution", "T1", "--level", "4",
                    "--class-hours", "9", "--capacity", "5", "--fee", "1800", "--starts", "2025-03-01",
                    "--ends", "2025-03-31")
        let newcomer = try cli.run("enroll", "add", "--course", "C1", "--person", "360426199101010071",
                                   "--on", "2025-02-01")
        #expect(newcomer.status == 0)
        #expect(newcomer.stderr.hasPrefix("warning: 张* cannot yet sit level 4 (四级/中级工) by 2025-03-31: "))
        #expect(newcomer.stderr.contains("no related-work start date recorded"))
        let veteran = try cli.run("enroll", "add", "--course", "C1", "--person", "11010519491231002X",
                                  "--on", "2025-02-01")
        #expect(veteran.status == 0)
        #expect(veteran.stderr.isEmpty)
        #expect(try cli.sqlite("SELECT count(*) FROM enrolment") == "2")
    }
}
