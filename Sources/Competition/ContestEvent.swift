import Foundation
import GRDB
import Model
import Storage

/// One event of a contest: the theory exam or a practical event, with its weight in the total.
public struct ContestEvent: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "contest_event"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var contestId: Int64
    /// The short code people type (`theory`, `case`, `mediation`).
    public var code: String
    public var name: String
    public var kind: Kind
    /// The weight in hundredths of a percent (30 % is 3000).
    public var weight: Int
    /// When and by whom the event's marks were signed off; nil while open.
    public var lockedAt: String?
    public var lockedBy: String?
    public var createdAt: String

    /// Theory exam or practical event.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case theory, practical

        /// Parses `theory|practical` (or 理论/实操).
        public init(_ text: String) throws {
            switch text.trimmingSpaces().lowercased() {
            case "theory", "理论": self = .theory
            case "practical", "实操", "技能": self = .practical
            default: throw ConcordError("event kind \(text.clipped) is not theory or practical")
            }
        }
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Whether marks are signed off.
    public var isLocked: Bool { lockedAt != nil }

    /// The weight as points of a percent.
    public var weightPercent: Points { Points(hundredths: weight) }

    /// The event of `contest` with this code, or an error naming it.
    public static func withCode(_ code: String, contest: Contest, in db: Database) throws -> ContestEvent {
        guard let found = try ContestEvent.filter(Column("contest_id") == contest.id && Column("code") == code)
            .fetchOne(db)
        else {
            throw ConcordError("contest \(contest.code) has no event \(code.clipped)")
        }
        return found
    }

    /// The events of a contest, in the order they were added.
    public static func all(contestID: Int64, in db: Database) throws -> [ContestEvent] {
        try ContestEvent.filter(Column("contest_id") == contestID).order(Column("id")).fetchAll(db)
    }

    /// Refuses marks until the contest's weights total exactly 100 %.
    static func checkWeights(contest: Contest, in db: Database) throws {
        let total = try Int.fetchOne(
            db, sql: "SELECT coalesce(sum(weight), 0) FROM contest_event WHERE contest_id = ?",
            arguments: [contest.id]) ?? 0
        guard total == 10_000 else {
            throw ConcordError(
                "the event weights of contest \(contest.code) total \(Points(hundredths: total).short) %, "
                    + "not 100 %; no marks are accepted until they do")
        }
    }
}

extension Store {
    /// Adds an event to a contest; the weights of all events must not pass 100 %.
    @discardableResult
    public func addEvent(
        contest code: String, event: String, name: String?, kind: ContestEvent.Kind, weight: Points
    ) throws -> ContestEvent {
        let eventCode = event.trimmingSpaces()
        try Code.check(eventCode, "event code")
        guard weight > .zero, weight <= Points(100) else {
            throw ConcordError("weight \(weight.short) % must be more than 0 and at most 100")
        }
        return try write { db in
            let contest = try Contest.withCode(code, in: db)
            let events = try ContestEvent.all(contestID: contest.rowID, in: db)
            if events.contains(where: { $0.code == eventCode }) {
                throw ConcordError("contest \(contest.code) already has an event \(eventCode)")
            }
            let sum = events.reduce(weight.hundredths) { $0 + $1.weight }
            guard sum <= 10_000 else {
                throw ConcordError(
                    "the event weights would total \(Points(hundredths: sum).short) %, more than 100 %")
            }
            var record = ContestEvent(
                id: nil, contestId: contest.rowID, code: eventCode, name: name?.trimmingSpaces() ?? eventCode,
                kind: kind, weight: weight.hundredths, lockedAt: nil, lockedBy: nil, createdAt: Timestamp.text())
            try record.insert(db)
            try audit(db, action: "contest.event.add", entity: "contest:\(contest.code)/\(eventCode)", details: record)
            return record
        }
    }
}
