import Catalog
import Competition
import Foundation
import Model
import Storage

/// A large synthetic skills competition for the contest-results benchmark, built through the Competition
/// module's own operations (events, criteria, judges, the number draw, the marks import, locking).
enum SyntheticContest {
    /// The contest code the generator uses.
    static let code = "BENCH"

    /// What was built.
    struct Counts { var contestants = 0, judges = 0, criteria = 0, marks = 0 }

    /// Registers `contestants + judges` people, then a contest with three events (theory 30 %, case 40 %,
    /// mediation 30 %), `criteria` judgement criteria on a 0–3 scale spread over them, `judges` judges who
    /// mark every event, every contestant marked by every judge on every criterion within the allowed
    /// spread, and every event locked.
    static func build(
        store: Store, contestants: Int, judges: Int, criteria: Int, seed: UInt64
    ) throws -> Counts {
        var gen = SyntheticRegistry(seed: seed)
        _ = try DemoRegistry.load(into: store, size: contestants + judges, generator: &gen)
        let people = try store.persons(reveal: true).compactMap { view in
            view.residentId.flatMap { try? ResidentID($0) }
        }
        // Judges come from no employer, so none has to recuse and every contestant gets every judge's mark.
        let panel = Array(people.prefix(judges))
        for id in panel {
            let view = try store.person(id, reveal: true)
            try store.savePerson(try PersonInput(
                name: PersonName(view.name), residentID: id, education: view.education, major: view.major))
        }
        try store.addContest(ContestInput(
            code: code, name: "浙江省劳动关系协调员职业技能竞赛（基准）", organiser: "浙江省人力资源和社会保障厅",
            level: .province, startsOn: try Day("2025-10-18"), endsOn: try Day("2025-10-19")))
        let events: [(code: String, name: String, kind: ContestEvent.Kind, weight: Int)] = [
            ("theory", "理论知识", .theory, 30), ("case", "案例分析", .practical, 40),
            ("mediation", "模拟调解", .practical, 30),
        ]
        for event in events {
            try store.addEvent(contest: code, event: event.code, name: event.name, kind: event.kind,
                               weight: Points(event.weight))
        }
        var criterionCodes: [String] = []
        for k in 0..<criteria {
            let event = events[k % events.count]
            let criterion = "K\(k + 1)"
            try store.addCriterion(contest: code, CriterionInput(
                event: event.code, code: criterion, aspect: "\(event.name)要点\(k / events.count + 1)",
                kind: .judgement, maxMark: Points(10)))
            criterionCodes.append(criterion)
        }
        let judgeCodes = (0..<judges).map { "J\($0 + 1)" }
        for (j, id) in panel.enumerated() {
            try store.addJudge(contest: code, judge: judgeCodes[j], person: id, institution: nil,
                               events: events.map(\.code))
        }
        let entered = try store.enter(
            contest: code, people.dropFirst(judges).prefix(contestants).map { Entry(person: $0) }, seed: seed)

        // Each contestant has a level per criterion; judges give that level or one more (spread ≤ 1).
        var rng = SeededGenerator(seed: seed)
        var csv = "number,criterion,judge,value,time\n"
        csv.reserveCapacity(entered.count * criteria * judges * 24)
        for contestant in entered {
            let minutes = 60 + Int.random(in: 0...30, using: &rng)
            for criterion in criterionCodes {
                let level = Int.random(in: 0...2, using: &rng)
                for judge in judgeCodes {
                    csv += "\(contestant.number),\(criterion),\(judge),\(level + Int.random(in: 0...1, using: &rng)),"
                        + "\(minutes)\n"
                }
            }
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("concord-bench-marks-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(csv.utf8).write(to: file)
        let summary = try store.importMarks(
            contest: code, try CSVDocument(path: file.path, required: ["number"]), replace: false, dryRun: false)
        for event in events { try store.lockEvent(contest: code, event: event.code) }
        return Counts(contestants: entered.count, judges: panel.count, criteria: criteria, marks: summary.created)
    }
}
