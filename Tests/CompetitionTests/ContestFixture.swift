import Catalog
import Competition
import Foundation
import GRDB
import Model
import Storage

/// A valid resident ID numbered `n` (same birth date, different sequence).
func residentID(_ n: Int) throws -> ResidentID {
    let body = "36042619910101" + String(format: "%03d", n)
    let check = ResidentID.checkCharacter(body.map { Int(String($0)) ?? 0 })
    return try ResidentID(body + String(check))
}

/// A store with a registry and a contest set up as in Docs/COMPETITION.md's worked example:
/// theory 30 % (T1, measurement out of 100) and case 70 % (C1 judgement 0–3 out of 10, C2 measurement out of 10);
/// judges J1–J5 mark the case, J5 also the theory; J1 works for the same employer as contestant B.
struct ContestFixture {
    let store: Store
    static let employerA = "91110000600037341L"

    init(secondEvent: Bool = true) throws {
        store = try Store(inMemoryActor: "t")
        let code = try CreditCode(Self.employerA)
        _ = try store.saveEmployer(EmployerInput(
            creditCode: code, name: "杭州纺织有限公司", sizeClass: .medium, region: try RegionPath("杭州市/西湖区"),
            park: nil))
        try store.addInstitution(code: "HZ-T1", name: "杭州培训中心", kind: .training, creditCode: nil, region: "杭州市")
        let names = ["王伟", "李娜", "张敏", "刘静", "陈强", "杨洋", "黄勇", "赵艳", "吴杰"]
        for (i, name) in names.enumerated() {
            // Person 1 (judge J1) and person 7 (contestant B) share the employer.
            _ = try store.savePerson(try PersonInput(
                name: PersonName(name), residentID: try residentID(i + 1),
                employer: [1, 7].contains(i + 1) ? code : nil))
        }
        try store.addContest(ContestInput(
            code: "HZ", name: "杭州市劳动关系协调员职业技能竞赛", organiser: "杭州市人力资源和社会保障局", level: .city,
            startsOn: try Day("2025-05-10"), endsOn: try Day("2025-05-11"), publicityDays: 7))
        try store.addEvent(contest: "HZ", event: "theory", name: "理论", kind: .theory, weight: Points(30))
        try store.addCriterion(contest: "HZ", CriterionInput(
            event: "theory", code: "T1", aspect: "理论考试", kind: .measurement, maxMark: Points(100)))
        if secondEvent {
            try store.addEvent(contest: "HZ", event: "case", name: "案例分析", kind: .practical, weight: Points(70))
            try store.addCriterion(contest: "HZ", CriterionInput(
                event: "case", code: "C1", aspect: "调解方案", kind: .judgement, maxMark: Points(10)))
            try store.addCriterion(contest: "HZ", CriterionInput(
                event: "case", code: "C2", aspect: "法条引用", kind: .measurement, maxMark: Points(10)))
        }
        for j in 1...5 {
            let events = secondEvent ? (j == 5 ? ["case", "theory"] : ["case"]) : ["theory"]
            try store.addJudge(
                contest: "HZ", judge: "J\(j)", person: try residentID(j), institution: nil, events: events)
        }
    }

    /// Enters persons 6–9 with seed 42 and returns their numbers in entry order (A, B, C, D).
    func enterFour() throws -> [String] {
        try store.enter(contest: "HZ", (6...9).map { Entry(person: try residentID($0)) }, seed: 42).map(\.number)
    }

    func mark(_ number: String, _ criterion: String, _ judge: String, _ value: String, replace: Bool = false,
              time: Int? = nil) throws {
        try store.recordMark(
            contest: "HZ", MarkInput(number: number, criterion: criterion, judge: judge, value: try Points(value),
                                     timeUsed: time), replace: replace)
    }

    /// Rows in tables the contest writes, and audit rows, to prove a refused command wrote nothing.
    func snapshot() throws -> [Int] {
        try store.read { db in
            try ["contest_mark", "contest_correction", "contest_appeal", "contest_flag_override", "audit_log",
                 "skill_promotion"].map { try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)") ?? -1 }
                + [Int.fetchOne(db, sql: "SELECT count(*) FROM contest_event WHERE locked_at IS NOT NULL") ?? -1]
        }
    }
}
