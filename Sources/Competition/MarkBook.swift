import Foundation
import GRDB
import Model
import Storage

/// Every mark of a contest loaded in a handful of queries, indexed for one pass of scoring.
///
/// Results, flags and missing marks are computed from this, never stored, so they always follow the marks.
struct MarkBook {
    let contest: Contest
    let events: [ContestEvent]
    let criteria: [Criterion]
    let judges: [Judge]
    let judgeEvents: [Int64: Set<Int64>]
    let contestants: [Contestant]
    /// marks[contestant index][criterion index] = (judge id, value, time used).
    private(set) var marks: [[[(judge: Int64, value: Points, time: Int?)]]]
    let overrides: Set<Pair>

    struct Pair: Hashable {
        let contestant: Int64
        let criterion: Int64
    }

    init(contest: Contest, in db: Database) throws {
        self.contest = contest
        events = try ContestEvent.all(contestID: contest.rowID, in: db)
        criteria = try Criterion.filter(Column("contest_id") == contest.id).order(Column("event_id"), Column("id"))
            .fetchAll(db)
        judges = try Judge.filter(Column("contest_id") == contest.id).order(Column("code")).fetchAll(db)
        var judgeEvents: [Int64: Set<Int64>] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT je.judge_id, je.event_id FROM contest_judge_event je
            JOIN contest_judge j ON j.id = je.judge_id WHERE j.contest_id = ?
            """, arguments: [contest.id]) {
            judgeEvents[row["judge_id"], default: []].insert(row["event_id"])
        }
        self.judgeEvents = judgeEvents
        contestants = try Contestant.filter(Column("contest_id") == contest.id).order(Column("number")).fetchAll(db)
        let contestantIndex = Dictionary(uniqueKeysWithValues: contestants.enumerated().map { ($1.id ?? 0, $0) })
        let criterionIndex = Dictionary(uniqueKeysWithValues: criteria.enumerated().map { ($1.id ?? 0, $0) })
        marks = Array(repeating: Array(repeating: [], count: criteria.count), count: contestants.count)
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT m.contestant_id, m.criterion_id, m.judge_id, m.value, m.time_used
            FROM contest_mark m JOIN contestant c ON c.id = m.contestant_id WHERE c.contest_id = ?
            ORDER BY m.judge_id
            """, arguments: [contest.id])
        while let row = try cursor.next() {
            guard let c = contestantIndex[row[0]], let k = criterionIndex[row[1]] else { continue }
            marks[c][k].append((row[2], Points(hundredths: row[3]), row[4]))
        }
        var overrides = Set<Pair>()
        for row in try Row.fetchAll(db, sql: """
            SELECT o.contestant_id, o.criterion_id FROM contest_flag_override o
            JOIN contestant c ON c.id = o.contestant_id WHERE c.contest_id = ?
            """, arguments: [contest.id]) {
            overrides.insert(Pair(contestant: row[0], criterion: row[1]))
        }
        self.overrides = overrides
    }

    /// The judges who must mark `contestant` on `criterion`: those of its event who are not recused.
    func panel(contestant: Contestant, criterion: Criterion) -> [Judge] {
        judges.filter {
            judgeEvents[$0.id ?? 0]?.contains(criterion.eventId) == true && !Recusal.applies($0, contestant)
        }
    }

    /// Open spread flags, optionally of one event only.
    func flags(event: Int64? = nil) -> [SpreadFlag] {
        var flags: [SpreadFlag] = []
        for (k, criterion) in criteria.enumerated() where criterion.kind == .judgement {
            if let event, criterion.eventId != event { continue }
            let eventCode = events.first { $0.id == criterion.eventId }?.code ?? ""
            for (c, contestant) in contestants.enumerated() {
                let values = marks[c][k].map(\.value)
                guard Scoring.isFlagged(values, rule: criterion.rule),
                      !overrides.contains(Pair(contestant: contestant.id ?? 0, criterion: criterion.id ?? 0))
                else { continue }
                let byJudge = marks[c][k].map { mark in
                    "\(judges.first { $0.id == mark.judge }?.code ?? "?")=\(mark.value.short)"
                }
                flags.append(SpreadFlag(
                    number: contestant.number, event: eventCode, criterion: criterion.code,
                    spread: Scoring.spread(values), allowed: Points(hundredths: criterion.allowedSpread),
                    marks: byJudge.joined(separator: " ")))
            }
        }
        return flags.sorted { ($0.number, $0.criterion) < ($1.number, $1.criterion) }
    }

    /// Marks still missing for an event: each line names the contestant, criterion and who should mark.
    func missing(event: ContestEvent) -> [String] {
        var missing: [String] = []
        for (k, criterion) in criteria.enumerated() where criterion.eventId == event.id {
            for (c, contestant) in contestants.enumerated() {
                let panel = panel(contestant: contestant, criterion: criterion)
                let marked = Set(marks[c][k].map(\.judge))
                if criterion.kind == .measurement {
                    if marked.isEmpty { missing.append("\(contestant.number) \(criterion.code): no mark") }
                } else if panel.isEmpty {
                    missing.append("\(contestant.number) \(criterion.code): no judge who is not recused")
                } else {
                    let absent = panel.filter { !marked.contains($0.id ?? 0) }.map(\.code)
                    if !absent.isEmpty {
                        let list = absent.joined(separator: ",")
                        missing.append("\(contestant.number) \(criterion.code): none from \(list)")
                    }
                }
            }
        }
        return missing
    }

    /// Scores every contestant: criterion scores, event sums, weighted total, practical share, time used.
    func standings(standardised: Bool = false) -> [ScoreCard] {
        let adjusted = standardised ? Standardisation.adjust(self) : nil
        let maxima = events.map { event in
            criteria.filter { $0.eventId == event.id }.reduce(Points.zero) { $0 + Points(hundredths: $1.maxMark) }
        }
        let eventIndex = Dictionary(uniqueKeysWithValues: events.enumerated().map { ($1.id ?? 0, $0) })
        return contestants.indices.map { c in
            var eventScores = Array(repeating: Points.zero, count: events.count)
            var eventTimes: [Int?] = Array(repeating: nil, count: events.count)
            for (k, criterion) in criteria.enumerated() {
                guard let e = eventIndex[criterion.eventId] else { continue }
                let values = adjusted?[c][k] ?? marks[c][k].map(\.value)
                eventScores[e] = eventScores[e] + (Scoring.criterionScore(values, rule: criterion.rule) ?? .zero)
                for mark in marks[c][k] {
                    if let t = mark.time { eventTimes[e] = max(eventTimes[e] ?? 0, t) }
                }
            }
            let results = events.indices.map {
                EventResult(score: eventScores[$0], maximum: maxima[$0], weight: events[$0].weightPercent)
            }
            let practical = events.indices.filter { events[$0].kind == .practical }.map { results[$0] }
            let times = eventTimes.compactMap { $0 }
            return ScoreCard(
                eventScores: eventScores,
                standing: Standing(
                    total: Scoring.total(results), practical: Scoring.total(practical),
                    timeUsed: times.isEmpty ? nil : times.reduce(0, +)))
        }
    }
}

/// One contestant's computed scores.
struct ScoreCard {
    var eventScores: [Points]
    var standing: Standing
}

/// A criterion where judges' marks for one contestant differ by more than allowed.
public struct SpreadFlag: Codable, Sendable, Equatable {
    public var number: String
    public var event: String
    public var criterion: String
    public var spread: Points
    public var allowed: Points
    /// The judges' marks, `J1=2 J2=0 …`.
    public var marks: String
}
