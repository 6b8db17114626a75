import Catalog
import Competition
import Foundation
import Model
import Storage

/// The demo's skills competition: three events, five judges, twenty contestants, one spread flag re-marked,
/// every event locked, and the results table with awards.
enum DemoCompetition {
    static func run(store: Store, seed: UInt64) throws {
        let people = try store.persons(reveal: true).compactMap { view in
            view.residentId.flatMap { try? ResidentID($0) }
        }
        guard people.count >= 25 else { return }
        try store.addContest(ContestInput(
            code: "HZ-2025", name: "2025年杭州市劳动关系协调员职业技能竞赛", organiser: "杭州市人力资源和社会保障局",
            level: .city, startsOn: try Day("2025-05-10"), endsOn: try Day("2025-05-11"), publicityDays: 7))
        try store.addEvent(contest: "HZ-2025", event: "theory", name: "理论知识", kind: .theory, weight: Points(30))
        try store.addEvent(contest: "HZ-2025", event: "case", name: "案例分析", kind: .practical, weight: Points(40))
        try store.addEvent(contest: "HZ-2025", event: "mediation", name: "模拟调解", kind: .practical,
                           weight: Points(30))
        let criteria = [
            CriterionInput(event: "theory", code: "T1", aspect: "理论考试", kind: .measurement, maxMark: Points(100)),
            CriterionInput(event: "case", code: "C1", aspect: "争议焦点识别", kind: .judgement, maxMark: Points(10)),
            CriterionInput(event: "case", code: "C2", aspect: "法律依据", kind: .judgement, maxMark: Points(10)),
            CriterionInput(event: "case", code: "C3", aspect: "处理方案", kind: .judgement, maxMark: Points(10)),
            CriterionInput(event: "case", code: "C4", aspect: "文书规范", kind: .measurement, maxMark: Points(10)),
            CriterionInput(event: "mediation", code: "M1", aspect: "沟通技巧", kind: .judgement, maxMark: Points(10)),
            CriterionInput(event: "mediation", code: "M2", aspect: "程序规范", kind: .judgement, maxMark: Points(10)),
            CriterionInput(event: "mediation", code: "M3", aspect: "协议达成", kind: .judgement, maxMark: Points(10)),
        ]
        for criterion in criteria { try store.addCriterion(contest: "HZ-2025", criterion) }
        for j in 1...5 {
            try store.addJudge(
                contest: "HZ-2025", judge: "J\(j)", person: people[j - 1], institution: j == 1 ? "HZ-TRAIN-01" : nil,
                events: j >= 4 ? ["theory", "case", "mediation"] : ["case", "mediation"])
        }
        let entries = (0..<20).map { Entry(person: people[5 + $0], institution: $0 % 4 == 0 ? "HZ-TRAIN-01" : nil) }
        let entered = try store.enter(contest: "HZ-2025", entries, seed: seed)

        // Marks from each judge's own sheet, around each contestant's ability, within the allowed spread.
        var gen = SeededGenerator(seed: seed)
        var ability: [String: Int] = [:]
        for contestant in entered { ability[contestant.number] = 120 + Int.random(in: 0...170, using: &gen) }
        var csv = "number,criterion,judge,value,time\n"
        var flagged: (number: String, criterion: String, judge: String, value: String)?
        var measured = Set<String>()
        for j in 1...5 {
            for line in try store.sheet(contest: "HZ-2025", judge: "J\(j)").lines {
                // A measurement takes one mark: the first judge on whose sheet it appears records it.
                if ["T1", "C4"].contains(line.criterion), !measured.insert(line.number + line.criterion).inserted {
                    continue
                }
                let level = ability[line.number] ?? 150
                let value: Points
                if line.criterion == "T1" {
                    let spread = Int.random(in: 0...900, using: &gen) / 50 * 50
                    value = Points(hundredths: min(10_000, level * 30 + spread))
                } else if line.criterion == "C4" {
                    value = Points(hundredths: min(1_000, level * 3 + Int.random(in: 0...100, using: &gen) / 50 * 50))
                } else {
                    let step = Int.random(in: -1...0, using: &gen) * 50 + level / 50 * 50
                    value = Points(hundredths: min(300, max(0, step)))
                }
                var text = value.short
                if flagged == nil, j == 2, line.criterion == "M1" {
                    // One judge slips: a mark far from the panel, flagged and then re-marked.
                    flagged = (line.number, line.criterion, "J2", text)
                    text = value.hundredths >= 200 ? "0" : "3"
                }
                let minutes = 80 + (ability[line.number] ?? 0) % 20
                csv += "\(line.number),\(line.criterion),J\(j),\(text),\(minutes)\n"
            }
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("concord-demo-marks-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(csv.utf8).write(to: file)
        let summary = try store.importMarks(
            contest: "HZ-2025", try CSVDocument(path: file.path, required: ["number"]), replace: false, dryRun: false)

        print("")
        print("== Skills competition ==")
        print("contest HZ-2025: 3 events (theory 30 %, case 40 %, mediation 30 %), 5 judges, "
            + "\(entered.count) contestants, \(summary.created) marks imported")
        let flags = try store.flags(contest: "HZ-2025")
        for flag in flags {
            print("flag: \(flag.number) \(flag.criterion) spread \(flag.spread.short): \(flag.marks)")
        }
        if let flagged {
            try store.recordMark(
                contest: "HZ-2025",
                MarkInput(number: flagged.number, criterion: flagged.criterion, judge: flagged.judge,
                          value: try Points(flagged.value)), replace: true)
            print("re-marked: \(flagged.number) \(flagged.criterion) by \(flagged.judge) → \(flagged.value); "
                + "open flags: \(try store.flags(contest: "HZ-2025").count)")
        }
        for event in ["theory", "case", "mediation"] { try store.lockEvent(contest: "HZ-2025", event: event) }
        let results = try store.results(contest: "HZ-2025")
        Output.printTable(ContestCommand.resultHeaders(results, standardise: false),
                          ContestCommand.resultLines(results, standardise: false))
    }
}
