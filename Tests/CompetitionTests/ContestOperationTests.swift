import Catalog
import Foundation
import GRDB
import Model
import Storage
import Testing

@testable import Competition

/// Expects `body` to throw a `ConcordError` whose text contains `text`, and to write nothing.
func expectRefused(_ fixture: ContestFixture, _ text: String, _ body: () throws -> Void) throws {
    let before = try fixture.snapshot()
    do {
        try body()
        Issue.record("expected an error containing \(text)")
    } catch let error as ConcordError {
        #expect(error.description.contains(text), "\(error.description)")
    }
    #expect(try fixture.snapshot() == before)
}

@Suite struct ContestOperationTests {
    @Test func marksWaitForWeightsTotalling100() throws {
        let fixture = try ContestFixture(secondEvent: false)
        let numbers = try fixture.enterFour()
        try expectRefused(fixture, "total 30 %, not 100 %") { try fixture.mark(numbers[0], "T1", "J1", "80") }
    }

    @Test func theDrawRepeatsWithTheSameSeed() throws {
        let a = try ContestFixture().enterFour()
        let b = try ContestFixture().enterFour()
        #expect(a == b)
        #expect(Set(a).count == 4 && a.allSatisfy { $0.count == 3 })
    }

    @Test func badMarksAreRefusedAndWriteNothing() throws {
        let fixture = try ContestFixture()
        let n = try fixture.enterFour()
        try expectRefused(fixture, "outside the scale 0–3") { try fixture.mark(n[0], "C1", "J2", "4") }
        try expectRefused(fixture, "no contestant number 999") { try fixture.mark("999", "C1", "J2", "2") }
        try expectRefused(fixture, "J1 is recused for contestant \(n[1])") { try fixture.mark(n[1], "C1", "J1", "2") }
        try expectRefused(fixture, "does not judge event theory") { try fixture.mark(n[0], "T1", "J1", "80") }
        try fixture.mark(n[0], "C1", "J2", "2")
        try expectRefused(fixture, "already marked") { try fixture.mark(n[0], "C1", "J2", "3") }
        try fixture.mark(n[0], "C1", "J2", "3", replace: true)
        try fixture.mark(n[0], "C2", "J2", "6")
        try expectRefused(fixture, "already has a mark") { try fixture.mark(n[0], "C2", "J3", "7") }
    }

    /// Marks everyone completely; contestant A gets the worked example's marks.
    func markAll(_ fixture: ContestFixture, _ n: [String]) throws {
        let c1: [[String]] = [["2", "2.5", "3", "2", "2.5"], ["", "3", "3", "2", "3"], ["1", "1", "1", "2", "1"],
                              ["3", "3", "3", "3", "3"]]
        let theory = ["82.5", "90", "50", "61"]
        let c2 = ["6.5", "9", "4", "8"]
        for (i, number) in n.enumerated() {
            try fixture.mark(number, "T1", "J5", theory[i], time: 3600)
            try fixture.mark(number, "C2", "J2", c2[i], time: 5400 + i * 60)
            for j in 1...5 where !c1[i][j - 1].isEmpty {
                try fixture.mark(number, "C1", "J\(j)", c1[i][j - 1])
            }
        }
    }

    @Test func lockNeedsCompleteMarksAndNoOpenFlags() throws {
        let fixture = try ContestFixture()
        let n = try fixture.enterFour()
        try fixture.mark(n[0], "T1", "J5", "82.5")
        try expectRefused(fixture, "3 missing marks") { try fixture.store.lockEvent(contest: "HZ", event: "theory") }
        let f2 = try ContestFixture()
        let m = try f2.enterFour()
        try markAll(f2, m)
        try f2.mark(m[2], "C1", "J1", "3", replace: true)  // 3 against 1,1,2,1: spread 2 > 1
        let flags = try f2.store.flags(contest: "HZ")
        #expect(flags.map(\.number) == [m[2]])
        #expect(flags.first?.marks == "J1=3 J2=1 J3=1 J4=2 J5=1")
        try expectRefused(f2, "1 open spread flag") { try f2.store.lockEvent(contest: "HZ", event: "case") }
        try f2.mark(m[2], "C1", "J1", "1", replace: true)
        #expect(try f2.store.flags(contest: "HZ").isEmpty)
        try f2.mark(m[2], "C1", "J1", "3", replace: true)
        try expectRefused(f2, "needs a reason") {
            try f2.store.overrideFlag(contest: "HZ", number: m[2], criterion: "C1", reason: " ")
        }
        try f2.store.overrideFlag(contest: "HZ", number: m[2], criterion: "C1", reason: "video confirms J1")
        #expect(try f2.store.flags(contest: "HZ").isEmpty)
        let lock = try f2.store.lockEvent(contest: "HZ", event: "case")
        #expect(lock.lockedBy == "t")
        try expectRefused(f2, "is locked") { try f2.mark(m[0], "C1", "J1", "1", replace: true) }
    }

    @Test func resultsFollowTheWorkedExampleAndNamesWaitForTheLastLock() throws {
        let fixture = try ContestFixture()
        let n = try fixture.enterFour()
        try markAll(fixture, n)
        var results = try fixture.store.results(contest: "HZ")
        let a = try #require(results.rows.first { $0.number == n[0] })
        #expect(a.eventScores == ["theory": p("82.5"), "case": p("14.28")])
        #expect(a.total == p("74.73"))
        #expect(results.rows.allSatisfy { $0.name == nil })
        #expect(!results.isFinal)
        // B: theory 90 → 27; case: C1 by J2–J5 (J1 recused), mean 11/4 → 9.17, C2 9 → 18.17 → 63.60; total 90.60.
        let b = try #require(results.rows.first { $0.number == n[1] })
        #expect(b.total == p("90.6"))
        #expect(results.rows.map(\.number) == [n[1], n[3], n[0], n[2]])
        try fixture.store.lockEvent(contest: "HZ", event: "theory")
        try fixture.store.lockEvent(contest: "HZ", event: "case")
        results = try fixture.store.results(contest: "HZ")
        #expect(results.isFinal)
        #expect(results.rows.first?.name == "黄*")
        #expect(results.rows.map(\.rank) == [1, 2, 3, 4])
        // 4 contestants: one of each prize (at least one), and C (below 60) wins nothing.
        #expect(results.rows.map(\.award) == [.first, .second, .third, nil])
    }

    @Test func correctionsAfterLockNeedAReasonAndKeepBeforeAndAfter() throws {
        let fixture = try ContestFixture()
        let n = try fixture.enterFour()
        try markAll(fixture, n)
        let input = MarkInput(number: n[0], criterion: "T1", judge: "J5", value: p("85"))
        try expectRefused(fixture, "not locked") { try fixture.store.correctMark(contest: "HZ", input, reason: "x") }
        try fixture.store.lockEvent(contest: "HZ", event: "theory")
        try expectRefused(fixture, "needs a reason") {
            try fixture.store.correctMark(contest: "HZ", input, reason: "")
        }
        let record = try fixture.store.correctMark(contest: "HZ", input, reason: "paper re-added")
        #expect(record.before == p("82.5") && record.after == p("85"))
        let results = try fixture.store.results(contest: "HZ")
        #expect(results.rows.first { $0.number == n[0] }?.total == p("75.48"))
        let audit = try fixture.store.read { db in
            try String.fetchOne(db, sql: "SELECT details FROM audit_log WHERE action = 'contest.correct'")
        }
        #expect(audit?.contains("\"before\":82.5") == true && audit?.contains("paper re-added") == true)
    }

    @Test func appealsOnlyInThePublicityPeriodAndPromotionOnlyForWinners() throws {
        let fixture = try ContestFixture()
        let n = try fixture.enterFour()
        try markAll(fixture, n)
        try expectRefused(fixture, "every event is locked") {
            try fixture.store.publish(contest: "HZ", on: try Day("2025-05-12"))
        }
        try fixture.store.lockEvent(contest: "HZ", event: "theory")
        try fixture.store.lockEvent(contest: "HZ", event: "case")
        try expectRefused(fixture, "has not published") {
            try fixture.store.addAppeal(contest: "HZ", number: n[0], grounds: "g", on: try Day("2025-05-12"))
        }
        try fixture.store.publish(contest: "HZ", on: try Day("2025-05-12"))
        try expectRefused(fixture, "outside the publicity period 2025-05-12 to 2025-05-19") {
            try fixture.store.addAppeal(contest: "HZ", number: n[0], grounds: "g", on: try Day("2025-05-20"))
        }
        try expectRefused(fixture, "outside the publicity period") {
            try fixture.store.addAppeal(contest: "HZ", number: n[0], grounds: "g", on: try Day("2025-05-11"))
        }
        let appeal = try fixture.store.addAppeal(contest: "HZ", number: n[0], grounds: "C1 marked low",
                                                 on: try Day("2025-05-19"))
        let resolved = try fixture.store.resolveAppeal(
            contest: "HZ", appeal: appeal.id, status: .dismissed, resolution: "marks confirmed",
            on: try Day("2025-05-20"))
        #expect(resolved.status == .dismissed)

        let june = try Day("2025-06-01")
        try expectRefused(fixture, "won no award") {
            try fixture.store.promote(contest: "HZ", number: n[2], fromLevel: .four, level: nil, on: june)
        }
        try expectRefused(fixture, "give --from-level") {
            try fixture.store.promote(contest: "HZ", number: n[1], fromLevel: nil, level: nil, on: june)
        }
        try expectRefused(fixture, "not 2") {
            try fixture.store.promote(contest: "HZ", number: n[1], fromLevel: .four, level: .two, on: june)
        }
        let promotion = try fixture.store.promote(
            contest: "HZ", number: n[1], fromLevel: .four, level: .three, on: try Day("2025-06-01"))
        #expect(promotion.level == .three && promotion.award == .first)
        let held = try fixture.store.read { db in
            try SkillPromotion.all(db, personID: try Person.withID(try residentID(7), in: db).id ?? 0)
        }
        #expect(held.map(\.level) == [.three])
        #expect(try fixture.store.verifyAudit().isIntact)
    }

    @Test func sheetsShowNumbersOnlyAndLeaveOutRecusedContestants() throws {
        let fixture = try ContestFixture()
        let n = try fixture.enterFour()
        let sheet = try fixture.store.sheet(contest: "HZ", judge: "J1")
        #expect(Set(sheet.lines.map(\.number)) == Set([n[0], n[2], n[3]]))
        let csv = try sheet.csv()
        #expect(csv.hasPrefix("number,event,criterion,aspect,scale,mark\n"))
        let html = try sheet.html()
        #expect(html.contains("<td>\(n[0])</td>"))
        for name in ["王伟", "杨洋", "黄勇", "杨*"] {
            #expect(!csv.contains(name) && !html.contains(name))
        }
    }

    @Test func resultsForALargeContestComeFromOnePass() throws {
        // A smoke test of the bulk path (not a timing test): 60 contestants, 5 judges, every mark present.
        let fixture = try ContestFixture()
        for i in 10..<70 {
            _ = try fixture.store.savePerson(
                try PersonInput(name: PersonName("选手\(i)"), residentID: try residentID(i)))
        }
        let entries = try (10..<70).map { Entry(person: try residentID($0)) }
        let numbers = try fixture.store.enter(contest: "HZ", entries, seed: 1)
            .map(\.number)
        for (i, number) in numbers.enumerated() {
            try fixture.mark(number, "T1", "J5", String(40 + i % 60))
            try fixture.mark(number, "C2", "J2", String(i % 11))
            for j in 1...5 { try fixture.mark(number, "C1", "J\(j)", String((i + j / 3) % 3)) }
        }
        let results = try fixture.store.results(contest: "HZ", standardise: true)
        #expect(results.rows.count == 60)
        #expect(results.rows.map(\.rank) == results.rows.map(\.rank).sorted())
        #expect(results.rows.allSatisfy { $0.standardisedTotal != nil })
        let awarded = results.rows.filter { $0.award != nil }.count
        #expect(awarded >= 6 && awarded <= 60)
    }
}
