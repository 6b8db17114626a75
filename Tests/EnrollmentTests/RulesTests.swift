import Enrollment
import Foundation
import Model
import Testing

/// The pure rules: no database.
@Suite struct RulesTests {
    static let morning = SessionWindow(start: 9 * 60, end: 12 * 60, grace: 10)

    @Test(arguments: [
        ("08:50", "12:05", 180, AttendanceStatus.present),
        ("09:10", "12:00", 170, .present),
        ("09:11", "12:00", 169, .late),
        ("09:00", "11:50", 170, .present),
        ("09:00", "11:49", 169, .leftEarly),
        ("09:30", "11:00", 90, .late),
        ("12:30", "13:00", 0, .late),
        ("07:00", "08:00", 0, .leftEarly),
    ])
    func attendedMinutesAreTheOverlapAndStatusFollowsGrace(
        _ checkIn: String, _ checkOut: String, _ minutes: Int, _ status: AttendanceStatus
    ) throws {
        let outcome = try AttendanceRules.manual(
            status: nil, checkIn: try ClockTime(checkIn), checkOut: try ClockTime(checkOut), session: Self.morning)
        #expect(outcome.attendedMinutes == minutes)
        #expect(outcome.status == status)
    }

    @Test func checkOutBeforeCheckInIsRefused() throws {
        #expect(throws: ConcordError("check-out 09:00 is before check-in 10:00")) {
            try AttendanceRules.manual(
                status: nil, checkIn: try ClockTime("10:00"), checkOut: try ClockTime("09:00"), session: Self.morning)
        }
    }

    @Test func absentTakesNoTimesAndCameNeedsBoth() throws {
        let absent = try AttendanceRules.manual(status: .absent, checkIn: nil, checkOut: nil, session: Self.morning)
        #expect(absent.attendedMinutes == 0 && absent.checkIn == nil)
        #expect(throws: ConcordError.self) {
            try AttendanceRules.manual(
                status: .excused, checkIn: try ClockTime("09:00"), checkOut: nil, session: Self.morning)
        }
        #expect(throws: ConcordError.self) {
            try AttendanceRules.manual(
                status: .present, checkIn: try ClockTime("09:00"), checkOut: nil, session: Self.morning)
        }
    }

    @Test(arguments: [
        ([540, 541, 543, 720], [540, 720]),
        ([720, 540, 545], [540, 720]),
        ([540, 545, 550, 555], [540]),
        ([540, 546], [540, 546]),
        ([Int](), [Int]()),
    ])
    func doubleTapsCollapse(_ events: [Int], _ kept: [Int]) {
        #expect(AttendanceRules.collapse(events) == kept)
    }

    @Test func eventsBecomeInAndOut() throws {
        let full = try #require(AttendanceRules.fromEvents([538, 539, 722], session: Self.morning))
        #expect(full == AttendanceOutcome(status: .present, checkIn: 538, checkOut: 722, attendedMinutes: 180))
        let lone = try #require(AttendanceRules.fromEvents([541, 543], session: Self.morning))
        #expect(lone.status == .leftEarly && lone.checkOut == nil && lone.attendedMinutes == 0)
        #expect(AttendanceRules.fromEvents([], session: Self.morning) == nil)
    }

    @Test(arguments: [
        (500, 0), (600, 0), (725, 0), (780, 1), (800, 1), (1100, 1), (750, 0), (751, 1),
    ])
    func eventsGoToTheNearestSessionOfTheDay(_ minute: Int, _ index: Int) {
        // 09:00–12:00 and 13:00–17:00: 12:30 (750) is as near to both; the earlier wins.
        let sessions = [Self.morning, SessionWindow(start: 13 * 60, end: 17 * 60, grace: 10)]
        #expect(AttendanceRules.nearestSession(to: minute, among: sessions) == index)
    }

    @Test(arguments: [
        ("09:00", "12:00", 60, nil as Int?, 3 as Int?),
        ("09:00", "12:00", 45, nil, 4),
        ("09:00", "12:00", 60, 3, 3),
        ("09:00", "12:00", 60, 4, nil),
        ("09:00", "10:30", 60, nil, nil),
        ("12:00", "09:00", 60, nil, nil),
    ])
    func sessionHoursMustMatchTheTimes(
        _ start: String, _ end: String, _ length: Int, _ given: Int?, _ hours: Int?
    ) throws {
        let compute = {
            try SessionRules.classHours(
                start: try ClockTime(start), end: try ClockTime(end), classHourMinutes: length, given: given)
        }
        if let hours {
            #expect(try compute() == hours)
        } else {
            #expect(throws: ConcordError.self) { try compute() }
        }
    }

    @Test(arguments: [
        (0, "0.0"), (90, "1.5"), (100, "1.67"), (120, "2.0"), (45, "0.75"), (7200, "120.0"), (1, "0.02"),
    ])
    func hoursPrintWithOneOrTwoDecimals(_ minutes: Int, _ text: String) {
        #expect(HoursText.of(minutes) == text)
    }

    @Test(arguments: [
        // attended, remaining, planned 120 h = 7200 min, 80 % → 5760 needed
        (5760, 0, CompletionState.completed),
        (5759, 1, .onTrack),
        (5759, 0, .atRisk),
        (3000, 2760, .onTrack),
        (3000, 2759, .atRisk),
    ])
    func completionState(_ attended: Int, _ remaining: Int, _ state: CompletionState) {
        #expect(ProgressRules.state(attended: attended, remaining: remaining, planned: 7200, percent: 80) == state)
    }

    @Test func requiredMinutesRoundUpAndShareIsInBasisPoints() {
        #expect(ProgressRules.requiredMinutes(planned: 101, percent: 80) == 81)
        #expect(ProgressRules.shareBasisPoints(attended: 6000, planned: 7200) == 8333)
        #expect(ProgressRules.percentText(basisPoints: 8333) == "83.33")
        #expect(ProgressRules.percentText(basisPoints: 8005) == "80.05")
    }

    @Test(arguments: [
        ("07:05", 425), ("7:05", 425), ("23:59:59", 1439), ("24:00", -1), ("12:60", -1), ("1205", -1), ("", -1),
    ])
    func clockTimes(_ text: String, _ minutes: Int) {
        if minutes >= 0 {
            #expect((try? ClockTime(text))?.minutes == minutes)
        } else {
            #expect(throws: ConcordError.self) { try ClockTime(text) }
        }
    }
}

@Suite struct EnrolmentAndApprovalRulesTests {
    static func day(_ text: String) -> Day { (try? Day(text)) ?? Day.epoch }

    @Test(arguments: [
        (nil as Enrolment.Status?, 29, "2025-03-01", nil as String?),
        (nil, 30, "2025-03-01", "course C1 is full (30 of 30 places taken)"),
        (.active, 0, "2025-03-01", "person P is already enrolled on course C1"),
        (.withdrawn, 0, "2025-03-01", "person P withdrew from course C1 on 2025-03-10 and cannot be enrolled again"),
        (nil, 0, "2025-07-01", "course C1 ended on 2025-06-30"),
    ])
    func refusals(_ existing: Enrolment.Status?, _ active: Int, _ on: String, _ reason: String?) {
        let earlier = existing.map { ($0, $0 == .withdrawn ? Self.day("2025-03-10") : nil as Day?) }
        #expect(EnrolmentRules.refusal(
            course: "C1", capacity: 30, endsOn: Self.day("2025-06-30"), activeEnrolments: active,
            existing: earlier, on: Self.day(on), person: "P") == reason)
    }

    @Test func joiningLateWarns() {
        let start = Self.day("2025-03-01")
        #expect(EnrolmentRules.warnings(course: "C1", startsOn: start, on: start).isEmpty)
        #expect(EnrolmentRules.warnings(course: "C1", startsOn: start, on: Self.day("2025-03-02")).count == 1)
    }

    @Test(arguments: [
        ("2025-03-01", "2025-03-31", true),
        ("2025-02-01", "2025-03-01", true),
        ("2025-06-30", "2025-07-30", true),
        ("2025-01-01", "2025-02-28", false),
        ("2025-07-01", "2025-07-31", false),
        ("2025-04-01", "2025-03-01", false),
    ])
    func approvalRangeMustMeetTheCourseDates(_ from: String, _ to: String, _ ok: Bool) {
        let check = {
            try ApprovalRules.check(
                from: Self.day(from), to: Self.day(to), course: "C1", starts: Self.day("2025-03-01"),
                ends: Self.day("2025-06-30"))
        }
        if ok {
            #expect(throws: Never.self) { try check() }
        } else {
            #expect(throws: ConcordError.self) { try check() }
        }
    }
}
