import Catalog
import Enrollment
import Foundation
import GRDB
import Model
import Storage
import Testing

/// Operations on a real temporary SQLite file.
@Suite struct OperationsTests {
    @Test func courseNeedsATrainingInstitutionAndDefaultsHoursByLevel() throws {
        let f = try Fixture()
        let level3 = try f.store.addCourse(CourseInput(
            code: "C3", title: "三级", institution: "HZ-T1", level: .three, capacity: 10, fee: .zero,
            startsOn: Fixture.day("2025-04-01"), endsOn: Fixture.day("2025-05-01")))
        #expect(level3.classHours == 100 && level3.completionPercent == 80 && level3.graceMinutes == 10)
        #expect(throws: ConcordError("institution ZJ-E1 is an evaluation body and runs no courses")) {
            try f.store.addCourse(CourseInput(
                code: "C4", title: "x", institution: "ZJ-E1", level: .four, capacity: 10, fee: .zero,
                startsOn: Fixture.day("2025-04-01"), endsOn: Fixture.day("2025-05-01")))
        }
        let view = try f.store.course("C1").course
        #expect(view.sessions == 5 && view.scheduledClassHours == 12)
    }

    @Test func overlappingSessionIsRefusedAndNothingIsWritten() throws {
        let f = try Fixture()
        let before = try f.counts()
        #expect(throws: ConcordError("11:00–13:00 overlaps the session 09:00–12:00 of course C1 on 2025-03-03")) {
            try f.store.addSession(SessionInput(
                course: "C1", day: Fixture.day("2025-03-03"), start: try ClockTime("11:00"),
                end: try ClockTime("13:00")))
        }
        #expect(throws: ConcordError.self) {
            try f.store.addSession(SessionInput(
                course: "C1", day: Fixture.day("2025-04-03"), start: try ClockTime("09:00"),
                end: try ClockTime("10:00")))
        }
        #expect(try f.counts() == before)
        // Touching ends do not overlap.
        try f.store.addSession(SessionInput(
            course: "C1", day: Fixture.day("2025-03-03"), start: try ClockTime("12:00"), end: try ClockTime("13:00")))
    }

    @Test func sessionImportIsAllOrNothing() throws {
        let f = try Fixture()
        let before = try f.counts()
        let csv = "course,date,start,end,hours,kind\nC1,2025-03-04,09:00,12:00,3,class\n"
            + "C1,2025-03-04,11:00,12:00,,class\nC1,2025-03-05,09:00,12:00,2,\n"
        #expect {
            try f.store.importSessions(try f.document(csv), dryRun: false)
        } throws: { error in
            let e = error as? ConcordError
            return e?.details.count == 2 && e?.details[0].hasPrefix("line 3: 11:00–12:00 overlaps") == true
                && e?.details[1].hasPrefix("line 4: 2 class hours do not match") == true
        }
        #expect(try f.counts() == before)
    }

    @Test func fullCourseAndSecondEnrolmentAreRefused() throws {
        let f = try Fixture(capacity: 2)
        try f.enrol(0)
        #expect(throws: ConcordError("person \(try Fixture.rid(0).masked) is already enrolled on course C1")) {
            try f.enrol(0)
        }
        try f.enrol(1)
        let before = try f.counts()
        #expect(throws: ConcordError("course C1 is full (2 of 2 places taken)")) { try f.enrol(2) }
        #expect(try f.counts() == before)
        _ = try f.store.withdraw(course: "C1", person: try Fixture.rid(1), on: Fixture.day("2025-03-02"), reason: "病假")
        try f.enrol(2, on: "2025-03-05")
        let list = try f.store.enrolments(course: "C1")
        #expect(list.map(\.status) == [.active, .withdrawn, .active])
        #expect(list.allSatisfy { $0.residentId == nil })
    }

    @Test func subsidisedTrainingFlagIsKept() throws {
        let f = try Fixture()
        _ = try f.store.enrol(EnrolmentInput(
            course: "C1", person: try Fixture.rid(0), on: Fixture.day("2025-03-01"), subsidisedTraining: true))
        let rows = try f.store.read { db in try Enrolment.all(personID: 1, in: db) }
        #expect(rows.map(\.subsidisedTraining) == [true])
        let json = try JSONEncoder().encode(try f.store.enrolments(course: "C1"))
        #expect(String(decoding: json, as: UTF8.self).contains("\"subsidisedTraining\":true"))
    }

    @Test func advisorWarningsComeBackWithTheEnrolment() throws {
        let f = try Fixture()
        let outcome = try f.store.enrol(
            EnrolmentInput(course: "C1", person: try Fixture.rid(0), on: Fixture.day("2025-03-05")),
            advisor: { _, person, course in ["\(person.maskedName) may not sit level \(course.level) yet"] })
        #expect(outcome.warnings == [
            "course C1 started on 2025-03-01; earlier sessions are missed", "学*0 may not sit level 4 yet",
        ])
    }

    @Test func approvalMissingTheCourseDatesIsRefused() throws {
        let f = try Fixture()
        try f.enrol(0)
        try f.enrol(4)
        let before = try f.counts()
        #expect(throws: ConcordError(
            "the approval covers 2024-03-01 to 2024-03-31, which misses course C1 (2025-03-01 to 2025-03-31)")
        ) { try f.approve(0, reference: "HR-1", from: "2024-03-01", to: "2024-03-31") }
        #expect(throws: ConcordError(
            "person \(try Fixture.rid(4).masked) has no employer on record to approve the leave")
        ) { try f.approve(4, reference: "HR-2", from: "2025-03-01", to: "2025-03-31") }
        #expect(try f.counts() == before)
        try f.approve(0, reference: "HR-1", from: "2025-03-01", to: "2025-03-10")
        try f.approve(0, reference: "HR-1b", from: "2025-03-11", to: "2025-03-31")
        #expect(try f.store.approvals(course: "C1", person: try Fixture.rid(0)).count == 2)
    }

    @Test func attendanceNeedsAnEnrolmentAndOrderedTimes() throws {
        let f = try Fixture()
        try f.enrol(0)
        let before = try f.counts()
        #expect(throws: ConcordError("person \(try Fixture.rid(1).masked) is not enrolled on course C1")) {
            try f.store.recordAttendance(AttendanceInput(
                course: "C1", person: try Fixture.rid(1), day: Fixture.day("2025-03-10"),
                checkIn: try ClockTime("09:00"), checkOut: try ClockTime("12:00")))
        }
        #expect(throws: ConcordError("check-out 09:00 is before check-in 10:00")) {
            try f.store.recordAttendance(AttendanceInput(
                course: "C1", person: try Fixture.rid(0), day: Fixture.day("2025-03-10"),
                checkIn: try ClockTime("10:00"), checkOut: try ClockTime("09:00")))
        }
        let twoSessions = "course C1 has 2 sessions on 2025-03-03; name one with its start time (--start)"
        #expect(throws: ConcordError(twoSessions)) {
            try f.store.recordAttendance(AttendanceInput(
                course: "C1", person: try Fixture.rid(0), day: Fixture.day("2025-03-03"), status: .absent))
        }
        #expect(try f.counts() == before)
    }

    @Test func aCorrectionKeepsTheOldValueInTheAuditLog() throws {
        let f = try Fixture()
        try f.enrol(0)
        let input = AttendanceInput(
            course: "C1", person: try Fixture.rid(0), day: Fixture.day("2025-03-10"),
            checkIn: try ClockTime("09:30"), checkOut: try ClockTime("12:00"))
        let first = try f.store.recordAttendance(input)
        #expect(!first.corrected && first.attendance.status == .late && first.attendance.attendedMinutes == 150)
        var fixed = input
        fixed.checkIn = try ClockTime("09:00")
        fixed.note = "device clock was wrong"
        let second = try f.store.recordAttendance(fixed)
        #expect(second.corrected && second.attendance.status == .present && second.attendance.attendedMinutes == 180)
        let audit = try f.store.read { db in
            try AuditEntry.filter(Column("action") == "attendance.correct").fetchAll(db)
        }
        #expect(audit.count == 1)
        #expect(audit.first?.details.contains("\"old\":{\"in\":\"09:30\"") == true)
        #expect(audit.first?.details.contains("\"new\":{\"in\":\"09:00\"") == true)
        #expect(try f.store.attendance(course: "C1").count == 1)
        #expect(try f.store.verifyAudit().isIntact)
    }
}
