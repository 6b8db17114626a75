import Catalog
import Enrollment
import Foundation
import Model
import Storage

/// The enrolment part of the demo: three courses with weekly sessions, about sixty enrolments, employers'
/// approvals, a sign-in device file generated and imported through the real importer, then one course's
/// progress and one employer's paid-leave statement.
enum DemoEnrollment {
    /// The courses: code, institution, level, class hours, capacity, fee (yuan), first Saturday, Saturdays.
    static let courses: [(code: String, title: String, institution: String, level: SkillLevel, hours: Int,
                          capacity: Int, fee: Int64, weeks: Int)] = [
        ("HZ-L4-2025A", "劳动关系协调员（四级）周末班", "HZ-TRAIN-01", .four, 120, 30, 1800, 20),
        ("NB-L4-2025A", "劳动关系协调员（四级）", "NB-TRAIN-01", .four, 120, 25, 1600, 20),
        ("HZ-L3-2025A", "劳动关系协调师（三级）", "HZ-TRAIN-01", .three, 96, 20, 2400, 16),
    ]
    static let firstDay = Day(year: 2025, month: 3, day: 1) ?? Day.epoch
    /// The sign-in file covers the first eight Saturdays of the first course.
    static let importedWeeks = 8

    static func run(store: Store, generator gen: inout SyntheticRegistry) throws {
        print("== Enrollment ==")
        var sessions = "course,date,start,end,hours,kind\n"
        for c in courses {
            try store.addCourse(CourseInput(
                code: c.code, title: c.title, institution: c.institution, level: c.level, classHours: c.hours,
                capacity: c.capacity, fee: Fen(yuan: c.fee), startsOn: firstDay,
                endsOn: firstDay.adding(days: 7 * c.weeks + 14)))
            for week in 0..<c.weeks {
                let day = firstDay.adding(days: 7 * week)
                sessions += "\(c.code),\(day),09:00,12:00,3,class\n\(c.code),\(day),13:00,16:00,3,class\n"
            }
            sessions += "\(c.code),\(firstDay.adding(days: 7 * c.weeks)),09:00,11:00,2,assessment\n"
        }
        _ = try store.importSessions(
            try CSVDocument(data: Data(sessions.utf8), source: "demo-sessions.csv", required: []), dryRun: false)

        let people = try store.persons(reveal: true).filter { $0.employer != nil }
        var enrolments = "course,resident_id,enrolled_on,subsidised_training\n"
        var onCourse: [String: [PersonView]] = [:]
        var next = 0
        for (c, count) in zip(courses, [28, 20, 14]) {
            for person in people[min(next, people.count)..<min(next + count, people.count)] {
                let subsidised = gen.below(5) == 0 ? "1" : "0"
                enrolments += "\(c.code),\(person.residentId ?? ""),2025-02-20,\(subsidised)\n"
                onCourse[c.code, default: []].append(person)
            }
            next += count
        }
        let enrolled = try store.importEnrolments(
            try CSVDocument(data: Data(enrolments.utf8), source: "demo-enrolments.csv", required: []),
            dryRun: false, today: firstDay).summary.created

        var approvals = 0
        for c in courses {
            for (i, person) in (onCourse[c.code] ?? []).enumerated() where gen.below(10) < 8 {
                // Most employers approve the whole course; some only its first month (a renewal is pending).
                let short = i % 4 == 3
                let id = try ResidentID(person.residentId ?? "")
                try store.approve(ApprovalInput(
                    course: c.code, person: id, reference: "\(c.code)-批-\(String(format: "%03d", i + 1))",
                    approvedOn: Day(year: 2025, month: 2, day: 25) ?? firstDay, approver: "人力资源部",
                    mode: gen.below(3) == 0 ? .partTime : .fullTime, coversFrom: firstDay,
                    coversTo: short ? firstDay.adding(days: 30) : firstDay.adding(days: 7 * c.weeks + 14)))
                approvals += 1
            }
        }
        print("courses: \(courses.count), enrolments: \(enrolled), approvals: \(approvals)")
        Output.printTable(
            ["code", "title", "institution", "level", "hours", "enrolled"],
            try store.courses().map {
                [$0.code, $0.title, $0.institution, $0.level.description, String($0.classHours),
                 "\($0.enrolled)/\($0.capacity)"]
            })

        let course = courses[0]
        let trainees = onCourse[course.code] ?? []
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("concord-demo-signin-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(signInFile(trainees, weeks: importedWeeks, generator: &gen).utf8).write(to: file)
        let imported = try store.importSignIns(
            try CSVDocument(path: file.path, required: ["resident_id", "time"]), dryRun: false)
        print("")
        print("sign-in file imported: \(imported.created) attendance records")
        let asOf = firstDay.adding(days: 7 * importedWeeks)
        print("progress of \(course.code) as of \(asOf):")
        EnrollCommand.Progress.printProgress(try store.progress(course: course.code, asOf: asOf))

        var counts: [String: Int] = [:]
        for t in trainees { counts[t.employer ?? "", default: 0] += 1 }
        if let employer = counts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key, !employer.isEmpty {
            print("")
            print("paid-leave statement:")
            LeaveCommand.Statement.printTable(try store.paidLeaveStatement(
                employer: try CreditCode(employer), from: firstDay, to: asOf, today: asOf))
        }
    }

    /// A sign-in device's export: one row per event, with early and late arrivals, double taps, the odd
    /// forgotten check-out and absences.
    static func signInFile(_ trainees: [PersonView], weeks: Int, generator gen: inout SyntheticRegistry) -> String {
        var csv = "resident_id,time,device\n"
        func stamp(_ day: Day, _ minute: Int, _ second: Int) -> String {
            String(format: "%@ %02d:%02d:%02d", day.description, minute / 60, minute % 60, second)
        }
        for week in 0..<weeks {
            let day = firstDay.adding(days: 7 * week)
            for (i, person) in trainees.enumerated() {
                let id = person.residentId ?? ""
                // Most come nearly every time; every ninth trainee comes about one time in three.
                let misses = i % 9 == 4 ? 8 : 1
                for (start, end) in [(540, 720), (780, 960)] where gen.below(12) >= misses {
                    let arrive = start - 15 + gen.below(gen.below(6) == 0 ? 50 : 20)
                    csv += "\(id),\(stamp(day, arrive, gen.below(60))),gate-1\n"
                    if gen.below(8) == 0 { csv += "\(id),\(stamp(day, arrive + 1, gen.below(60))),gate-1\n" }
                    if gen.below(40) == 0 { continue }  // forgot to check out
                    let leave = end - (gen.below(7) == 0 ? 40 : 5) + gen.below(12)
                    csv += "\(id),\(stamp(day, leave, gen.below(60))),gate-2\n"
                }
            }
        }
        return csv
    }
}
