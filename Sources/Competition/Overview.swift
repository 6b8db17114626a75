import Catalog
import Foundation
import GRDB
import Model
import Storage

/// A contest with its events, judges and number of contestants (`contest show`).
public struct ContestOverview: Codable, Sendable, Equatable {
    public var contest: Contest
    public var contestants: Int
    public var events: [EventLine]
    public var judges: [JudgeLine]

    /// One event: code, kind, weight, how many criteria, and who locked it when.
    public struct EventLine: Codable, Sendable, Equatable {
        public var code: String
        public var kind: ContestEvent.Kind
        public var weight: Points
        public var criteria: Int
        public var locked: String?
    }

    /// One judge: code, masked name, events judged.
    public struct JudgeLine: Codable, Sendable, Equatable {
        public var code: String
        public var name: String
        public var events: String
    }
}

extension Store {
    /// The overview of one contest.
    public func contestOverview(_ code: String) throws -> ContestOverview {
        try read { db in
            let contest = try Contest.withCode(code, in: db)
            let book = try MarkBook(contest: contest, in: db)
            let eventCodes = Dictionary(uniqueKeysWithValues: book.events.map { ($0.id ?? 0, $0.code) })
            let names = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: """
                SELECT p.id, p.name FROM person p JOIN contest_judge j ON j.person_id = p.id WHERE j.contest_id = ?
                """, arguments: [contest.id]).map { ($0["id"] as Int64, PersonName.mask($0["name"] as String)) })
            return ContestOverview(
                contest: contest, contestants: book.contestants.count,
                events: book.events.map { event in
                    ContestOverview.EventLine(
                        code: event.code, kind: event.kind, weight: event.weightPercent,
                        criteria: book.criteria.filter { $0.eventId == event.id }.count,
                        locked: event.lockedAt.map { "\($0) by \(event.lockedBy ?? "")" })
                },
                judges: book.judges.map { judge in
                    ContestOverview.JudgeLine(
                        code: judge.code, name: names[judge.personId] ?? "",
                        events: (book.judgeEvents[judge.id ?? 0] ?? []).compactMap { eventCodes[$0] }.sorted()
                            .joined(separator: ","))
                })
        }
    }
}
