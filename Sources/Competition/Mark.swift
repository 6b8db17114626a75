import Foundation
import GRDB
import Model
import Storage

/// One judge's mark for one contestant on one criterion, in hundredths, with the time used for the event.
public struct Mark: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "contest_mark"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var contestantId: Int64
    public var criterionId: Int64
    public var judgeId: Int64
    public var value: Int
    /// Seconds the contestant used for the criterion's event, when the judge noted it.
    public var timeUsed: Int?
    public var recordedAt: String

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A mark as keyed or imported: contestant number, criterion and judge codes, value, time used.
public struct MarkInput: Sendable, Hashable {
    public var number: String
    public var criterion: String
    public var judge: String
    public var value: Points
    /// Seconds used for the event.
    public var timeUsed: Int?

    public init(number: String, criterion: String, judge: String, value: Points, timeUsed: Int? = nil) {
        self.number = number.trimmingSpaces()
        self.criterion = criterion.trimmingSpaces()
        self.judge = judge.trimmingSpaces()
        self.value = value
        self.timeUsed = timeUsed
    }

    /// Parses time used written as minutes (`95`) or minutes and seconds (`94:30`) into seconds.
    public static func seconds(_ text: String) throws -> Int {
        let parts = text.trimmingSpaces().split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let minutes = Int(parts[0]), (0...10_000).contains(minutes),
              parts.count == 1 || (parts[1].count == 2 && Int(parts[1]).map { (0...59).contains($0) } == true)
        else {
            throw ConcordError("time used \(text.clipped) must be minutes (95) or minutes:seconds (94:30)")
        }
        return minutes * 60 + (parts.count == 2 ? Int(parts[1]) ?? 0 : 0)
    }
}

/// What recording a mark did.
public struct MarkOutcome: Codable, Sendable, Equatable {
    public var number: String
    public var criterion: String
    public var judge: String
    public var value: Points
    /// The value it replaced, if it replaced one.
    public var replaced: Points?
}

/// The contest's set-up, loaded once per transaction, to check marks against without a query per lookup.
struct MarkDesk {
    let contest: Contest
    let events: [Int64: ContestEvent]
    let criteria: [String: Criterion]
    let judges: [String: Judge]
    let judgeEvents: [Int64: Set<Int64>]
    let contestants: [String: Contestant]

    init(contest: Contest, in db: Database) throws {
        self.contest = contest
        events = Dictionary(uniqueKeysWithValues: try ContestEvent.all(contestID: contest.rowID, in: db)
            .map { ($0.id ?? 0, $0) })
        criteria = Dictionary(uniqueKeysWithValues: try Criterion.filter(Column("contest_id") == contest.id)
            .fetchAll(db).map { ($0.code, $0) })
        let judgeList = try Judge.filter(Column("contest_id") == contest.id).fetchAll(db)
        judges = Dictionary(uniqueKeysWithValues: judgeList.map { ($0.code, $0) })
        var judgeEvents: [Int64: Set<Int64>] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT je.judge_id, je.event_id FROM contest_judge_event je
            JOIN contest_judge j ON j.id = je.judge_id WHERE j.contest_id = ?
            """, arguments: [contest.id]) {
            judgeEvents[row["judge_id"], default: []].insert(row["event_id"])
        }
        self.judgeEvents = judgeEvents
        contestants = Dictionary(uniqueKeysWithValues: try Contestant.filter(Column("contest_id") == contest.id)
            .fetchAll(db).map { ($0.number, $0) })
    }

    /// The parts a mark refers to, after every check that does not depend on other marks.
    func resolve(_ input: MarkInput) throws -> (Contestant, Criterion, Judge, ContestEvent) {
        guard let contestant = contestants[input.number] else {
            throw ConcordError("contest \(contest.code) has no contestant number \(input.number.clipped)")
        }
        guard let criterion = criteria[input.criterion] else {
            throw ConcordError("contest \(contest.code) has no criterion \(input.criterion.clipped)")
        }
        guard let judge = judges[input.judge] else {
            throw ConcordError("contest \(contest.code) has no judge \(input.judge.clipped)")
        }
        guard let event = events[criterion.eventId] else {
            throw ConcordError("criterion \(criterion.code) has no event")
        }
        guard judgeEvents[judge.id ?? 0]?.contains(criterion.eventId) == true else {
            throw ConcordError("judge \(judge.code) does not judge event \(event.code)")
        }
        if Recusal.applies(judge, contestant) {
            throw ConcordError(
                "judge \(judge.code) is recused for contestant \(contestant.number) "
                    + "(same employer or training institution); the mark is refused")
        }
        let top = Points(hundredths: criterion.scaleMax)
        guard input.value <= top else {
            throw ConcordError(
                "mark \(input.value.short) is outside the scale 0–\(top.short) of criterion \(criterion.code)")
        }
        return (contestant, criterion, judge, event)
    }

    /// Records a mark before lock; a second mark for the same judge, criterion and contestant needs `replace`.
    func record(_ input: MarkInput, replace: Bool, in db: Database) throws -> MarkOutcome {
        let (contestant, criterion, judge, event) = try resolve(input)
        if event.isLocked {
            throw ConcordError("event \(event.code) is locked; change a mark with 'contest correct --reason'")
        }
        let existing = try Mark.filter(Column("contestant_id") == contestant.id
            && Column("criterion_id") == criterion.id).fetchAll(db)
        if var mark = existing.first(where: { $0.judgeId == judge.id }) {
            guard replace else {
                throw ConcordError(
                    "judge \(judge.code) already marked contestant \(contestant.number) on \(criterion.code) "
                        + "(\(Points(hundredths: mark.value).short)); use --replace to re-mark")
            }
            let before = Points(hundredths: mark.value)
            mark.value = input.value.hundredths
            mark.timeUsed = input.timeUsed ?? mark.timeUsed
            mark.recordedAt = Timestamp.text()
            try mark.update(db)
            return MarkOutcome(
                number: contestant.number, criterion: criterion.code, judge: judge.code, value: input.value,
                replaced: before)
        }
        if criterion.kind == .measurement, let other = existing.first {
            let code = judges.values.first { $0.id == other.judgeId }?.code ?? "another judge"
            throw ConcordError(
                "measurement criterion \(criterion.code) already has a mark for contestant \(contestant.number) "
                    + "from \(code)")
        }
        var mark = Mark(
            id: nil, contestantId: contestant.id ?? 0, criterionId: criterion.id ?? 0, judgeId: judge.id ?? 0,
            value: input.value.hundredths, timeUsed: input.timeUsed, recordedAt: Timestamp.text())
        try mark.insert(db)
        return MarkOutcome(
            number: contestant.number, criterion: criterion.code, judge: judge.code, value: input.value, replaced: nil)
    }
}

extension Store {
    /// Records one mark (or re-marks with `replace`) before its event is locked.
    @discardableResult
    public func recordMark(contest code: String, _ input: MarkInput, replace: Bool = false) throws -> MarkOutcome {
        try write { db in
            let contest = try Contest.withCode(code, in: db)
            try ContestEvent.checkWeights(contest: contest, in: db)
            let outcome = try MarkDesk(contest: contest, in: db).record(input, replace: replace, in: db)
            try audit(
                db, action: outcome.replaced == nil ? "contest.mark.record" : "contest.mark.replace",
                entity: "contest:\(contest.code)/\(outcome.number)/\(outcome.criterion)/\(outcome.judge)",
                details: outcome)
            return outcome
        }
    }

    /// Imports marks from CSV `number,criterion,judge,value[,time]`; all or nothing.
    public func importMarks(
        contest code: String, _ document: CSVDocument, replace: Bool, dryRun: Bool
    ) throws -> ImportSummary {
        try Importer(store: self, dryRun: dryRun).run(document) { db, problems in
            let contest = try Contest.withCode(code, in: db)
            try ContestEvent.checkWeights(contest: contest, in: db)
            let desk = try MarkDesk(contest: contest, in: db)
            var summary = ImportSummary()
            let progress = ProgressLine("marks", total: document.rows.count)
            for (i, record) in document.rows.enumerated() {
                let outcome = problems.check(record) {
                    let input = MarkInput(
                        number: try record.required("number"), criterion: try record.required("criterion"),
                        judge: try record.required("judge"), value: try Points(try record.required("value")),
                        timeUsed: try record["time"].map(MarkInput.seconds))
                    return try desk.record(input, replace: replace, in: db)
                }
                if let outcome {
                    if outcome.replaced == nil { summary.created += 1 } else { summary.updated += 1 }
                }
                progress.update(i + 1)
            }
            progress.finish()
            try self.audit(db, action: "contest.mark.import", entity: "contest:\(contest.code)",
                           details: summary.details(document))
            return summary
        }
    }
}
