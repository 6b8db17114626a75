import Foundation
import GRDB
import Storage
import Testing

/// Point 2: eight `concord` processes at once on one file, issuing certificates (single and batch) and
/// recording contest marks.
@Suite struct ConcurrencyTests {
    static let writers = 8
    static let rounds = 5

    @Test func eightWritersNeverLockRepeatOrLoseAWrite() throws {
        let bench = try Bench()
        // Persons 0..<28 pass at EV (single issues), 28..<278 at EV2 (a batch run of two batches),
        // 278..<308 at EV3 (a batch run of one), 308..<319 take part in the contest.
        let store = try Setup.passed(bench, count: 319) { i in
            i < 28 ? "EV" : i < 278 ? "EV2" : i < 308 ? "EV3" : nil
        }
        let contest: [[String]] = [
            ["contest", "add", "--code", "HZ", "--name", "杭州市劳动关系协调员职业技能竞赛", "--organiser", "杭州市人社局",
             "--starts", "2025-05-10", "--publicity-days", "7"],
            ["contest", "event", "add", "--contest", "HZ", "--code", "theory", "--kind", "theory", "--weight", "100"],
            ["contest", "criterion", "add", "--contest", "HZ", "--event", "theory", "--code", "T1", "--aspect", "理论",
             "--kind", "measurement", "--max", "100"],
            ["contest", "judge", "add", "--contest", "HZ", "--code", "J1", "--person", residentID(308),
             "--events", "theory"],
        ]
        for step in contest {
            let r = try bench.run(step)
            #expect(r.status == 0, "\(step.joined(separator: " ")): \(r.stderr)")
        }
        let entered = try bench.run(
            ["contest", "enter", "--contest", "HZ", "--seed", "42", "--json"]
                + (309..<319).flatMap { ["--person", residentID($0)] })
        let numbers = try #require(
            try JSONSerialization.jsonObject(with: Data(entered.stdout.utf8)) as? [[String: Any]]
        ).compactMap { $0["number"] as? String }
        #expect(numbers.count == 10)
        let auditBefore = try store.read { db in try Int.fetchOne(db, sql: "SELECT max(id) FROM audit_log") ?? 0 }

        var singles = 0, marks = 0
        var nextSingle = 0
        for round in 0..<Self.rounds {
            var commands: [[String]] = []
            for worker in 0..<Self.writers {
                switch worker {
                case 4 where round == 0, 5 where round == 0:
                    commands.append(["cert", "issue", "--all-passed", "--body", worker == 4 ? "EV2" : "EV3",
                                     "--date", "2025-04-01"])
                case 6, 7:
                    commands.append(["contest", "mark", "record", "--contest", "HZ",
                                     "--number", numbers[(worker - 6) * 5 + round], "--criterion", "T1",
                                     "--judge", "J1", "--value", String(50 + round * 7 + worker)])
                    marks += 1
                default:
                    commands.append(["cert", "issue", "--person", residentID(nextSingle), "--level", "4",
                                     "--date", "2025-04-01"])
                    nextSingle += 1
                    singles += 1
                }
            }
            let children = try commands.map { try bench.start($0) }
            for (command, child) in zip(commands, children) {
                let result = child.wait()
                #expect(result.status == 0, "\(command.joined(separator: " ")): \(result.stderr)")
                #expect(!result.stderr.contains("locked") && !result.stderr.contains("busy"), "\(result.stderr)")
            }
        }
        #expect(singles == 28)
        let marksRecorded = marks

        try store.read { db in
            // No number repeats and every sequence is 1…n without a gap.
            let numbersByBody = try Row.fetchAll(
                db, sql: "SELECT body_id, number FROM certificate ORDER BY body_id, number")
            #expect(numbersByBody.count == 28 + 250 + 30)
            #expect(Set(numbersByBody.map { $0["number"] as String }).count == numbersByBody.count)
            var sequences: [Int64: [Int]] = [:]
            for row in numbersByBody {
                sequences[row["body_id"], default: []].append(Int(String((row["number"] as String).suffix(6))) ?? 0)
            }
            for (body, sequence) in sequences {
                #expect(sequence == Array(1...sequence.count), "body \(body) has gaps or repeats")
            }
            // Every certificate is named by exactly one audit row; each batch row's numbers follow one another.
            var audited: [String: Int] = [:]
            for entry in try AuditEntry.filter(Column("id") > auditBefore).fetchAll(db) {
                switch entry.action {
                case "certificate.issue":
                    audited[String(entry.entity.dropFirst("certificate:".count)), default: 0] += 1
                case "certificate.issue-batch":
                    let details = try JSONSerialization.jsonObject(with: Data(entry.details.utf8)) as? [String: Any]
                    let issued = (details?["issued"] as? String ?? "").split(separator: " ").map(String.init)
                    let tail = issued.compactMap { Int($0.suffix(6)) }
                    #expect(tail == Array((tail.first ?? 0)..<((tail.first ?? 0) + tail.count)), "gap in a batch")
                    for number in issued { audited[number, default: 0] += 1 }
                default: break
                }
            }
            #expect(audited.count == numbersByBody.count && audited.values.allSatisfy { $0 == 1 })
            let markRows = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM audit_log WHERE id > ? AND action = 'contest.mark.record'",
                arguments: [auditBefore])
            #expect(markRows == marksRecorded)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM contest_mark") == marksRecorded)
            #expect(try AuditLog.verify(db).isIntact)
        }
        print("concurrency: \(Self.writers) writers × \(Self.rounds) rounds, \(singles) single issues, "
            + "2 batch runs, \(marks) marks")
    }
}
