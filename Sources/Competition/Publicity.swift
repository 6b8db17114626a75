import Catalog
import Foundation
import GRDB
import Model
import Storage

/// An appeal filed during the publicity period (公示期).
public struct Appeal: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "contest_appeal"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var contestId: Int64
    public var contestantId: Int64
    public var filedOn: String
    public var grounds: String
    public var status: Status
    public var resolution: String?
    public var resolvedOn: String?
    public var createdAt: String

    /// Where an appeal stands.
    public enum Status: String, Codable, Sendable, CaseIterable {
        case open, upheld, dismissed
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// An appeal as listed: with the contestant's number, never the name.
public struct AppealView: Codable, Sendable, Equatable {
    public var id: Int64
    public var number: String
    public var filedOn: String
    public var grounds: String
    public var status: Appeal.Status
    public var resolution: String?
    public var resolvedOn: String?
}

extension Store {
    /// Publishes the results of a contest whose events are all locked, starting the publicity period.
    @discardableResult
    public func publish(contest code: String, on day: Day) throws -> Contest {
        try write { db in
            var contest = try Contest.withCode(code, in: db)
            let events = try ContestEvent.all(contestID: contest.rowID, in: db)
            guard !events.isEmpty, events.allSatisfy(\.isLocked) else {
                let open = events.filter { !$0.isLocked }.map(\.code).joined(separator: ", ")
                throw ConcordError("results can be published only when every event is locked (open: \(open))")
            }
            if let published = contest.publishedOn {
                throw ConcordError("contest \(contest.code) was already published on \(published)")
            }
            contest.publishedOn = day.description
            try contest.update(db)
            try audit(db, action: "contest.publish", entity: "contest:\(contest.code)",
                      details: ["publishedOn": day.description, "publicityDays": String(contest.publicityDays)])
            return contest
        }
    }

    /// Files an appeal for a contestant; only within [published, published + publicity days].
    @discardableResult
    public func addAppeal(contest code: String, number: String, grounds: String, on day: Day) throws -> AppealView {
        let grounds = grounds.trimmingSpaces()
        guard !grounds.isEmpty else { throw ConcordError("an appeal needs its grounds", at: "--grounds") }
        return try write { db in
            let contest = try Contest.withCode(code, in: db)
            guard let published = contest.publishedOn, let ends = contest.publicityEnds else {
                throw ConcordError("contest \(contest.code) has not published its results; no appeals yet")
            }
            guard day >= (try Day(published)), day <= ends else {
                throw ConcordError(
                    "\(day) is outside the publicity period \(published) to \(ends); the appeal is refused")
            }
            let contestant = try Contestant.withNumber(number, contest: contest, in: db)
            var appeal = Appeal(
                id: nil, contestId: contest.rowID, contestantId: contestant.id ?? 0, filedOn: day.description,
                grounds: grounds, status: .open, resolution: nil, resolvedOn: nil, createdAt: Timestamp.text())
            try appeal.insert(db)
            let view = appeal.view(number: contestant.number)
            try audit(db, action: "contest.appeal.add", entity: "contest:\(contest.code)/appeal:\(view.id)",
                      details: view)
            return view
        }
    }

    /// Resolves an open appeal as upheld or dismissed, with the resolution text.
    @discardableResult
    public func resolveAppeal(
        contest code: String, appeal id: Int64, status: Appeal.Status, resolution: String, on day: Day
    ) throws -> AppealView {
        let resolution = resolution.trimmingSpaces()
        guard status != .open else { throw ConcordError("an appeal is resolved as upheld or dismissed") }
        guard !resolution.isEmpty else { throw ConcordError("a resolution needs its text", at: "--resolution") }
        return try write { db in
            let contest = try Contest.withCode(code, in: db)
            guard var appeal = try Appeal.filter(Column("id") == id && Column("contest_id") == contest.id).fetchOne(db)
            else { throw ConcordError("contest \(contest.code) has no appeal \(id)") }
            guard appeal.status == .open else {
                throw ConcordError("appeal \(id) is already \(appeal.status.rawValue)")
            }
            guard day >= (try Day(appeal.filedOn)) else {
                throw ConcordError("appeal \(id) was filed on \(appeal.filedOn), after \(day)")
            }
            appeal.status = status
            appeal.resolution = resolution
            appeal.resolvedOn = day.description
            try appeal.update(db)
            let number = try String.fetchOne(
                db, sql: "SELECT number FROM contestant WHERE id = ?", arguments: [appeal.contestantId]) ?? ""
            let view = appeal.view(number: number)
            try audit(db, action: "contest.appeal.resolve", entity: "contest:\(contest.code)/appeal:\(id)",
                      details: view)
            return view
        }
    }

    /// A contest's appeals, oldest first.
    public func appeals(contest code: String) throws -> [AppealView] {
        try read { db in
            let contest = try Contest.withCode(code, in: db)
            let numbers = Dictionary(uniqueKeysWithValues: try Row.fetchAll(
                db, sql: "SELECT id, number FROM contestant WHERE contest_id = ?", arguments: [contest.id]
            ).map { ($0["id"] as Int64, $0["number"] as String) })
            return try Appeal.filter(Column("contest_id") == contest.id).order(Column("id")).fetchAll(db).map {
                $0.view(number: numbers[$0.contestantId] ?? "")
            }
        }
    }
}

extension Appeal {
    func view(number: String) -> AppealView {
        AppealView(id: id ?? 0, number: number, filedOn: filedOn, grounds: grounds, status: status,
                   resolution: resolution, resolvedOn: resolvedOn)
    }
}
