import Catalog
import Foundation
import GRDB
import Model
import Storage

/// A contestant under an anonymous number, with the employer and training institution recusal uses.
public struct Contestant: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "contestant"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var contestId: Int64
    /// The anonymous number (`007`), the only thing judges see.
    public var number: String
    public var personId: Int64
    public var employerId: Int64?
    public var institutionId: Int64?
    public var createdAt: String

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The contestant of `contest` with this number, or an error naming it.
    public static func withNumber(_ number: String, contest: Contest, in db: Database) throws -> Contestant {
        guard let found = try Contestant.filter(Column("contest_id") == contest.id && Column("number") == number)
            .fetchOne(db)
        else {
            throw ConcordError("contest \(contest.code) has no contestant number \(number.clipped)")
        }
        return found
    }
}

/// One person to enter: their identity number and, optionally, their training institution's code.
public struct Entry: Sendable, Hashable {
    public var person: ResidentID
    public var institution: String?
    /// The line of the file the entry was read from, if it was (its problems are then reported by line).
    public var line: Int?

    public init(person: ResidentID, institution: String? = nil, line: Int? = nil) {
        self.person = person
        self.institution = institution.map { $0.trimmingSpaces() }.flatMap { $0.isEmpty ? nil : $0 }
        self.line = line
    }
}

/// A contestant as the organisers see them after entry: number and masked name.
public struct EnteredContestant: Codable, Sendable, Equatable {
    public var number: String
    public var name: String
    public var idMasked: String
}

extension Store {
    /// Enters people in a contest and draws each a new anonymous number; `seed` makes the draw repeatable.
    ///
    /// All or nothing. An entry read from a file (`Entry.line`) that cannot be entered is reported with its line,
    /// together with `badLines` (lines of the file that could not be read as an entry), and nothing is written;
    /// `source` names the file. Any other entry that cannot be entered stops the command at once. With `dryRun`
    /// everything is checked and drawn, and nothing is written.
    @discardableResult
    public func enter(
        contest code: String, _ entries: [Entry], seed: UInt64?, dryRun: Bool = false,
        badLines: [(line: Int, reason: String)] = [], source: String? = nil
    ) throws -> [EnteredContestant] {
        guard !entries.isEmpty || !badLines.isEmpty else { throw ConcordError("nobody to enter") }
        let start = seed ?? UInt64.random(in: 0...UInt64.max)
        let path = self.path
        do {
            return try writer.writeWithoutTransaction { db in
                var outcome: Result<[EnteredContestant], ConcordError> = .failure(ConcordError("nothing was entered"))
                try db.inTransaction(.immediate) {
                    var generator = SeededGenerator(seed: start)
                    let contest = try Contest.withCode(code, in: db)
                    let existing = Set(try String.fetchAll(
                        db, sql: "SELECT number FROM contestant WHERE contest_id = ?", arguments: [contest.id]))
                    let width = NumberDraw.width(forContestants: existing.count + entries.count)
                    let numbers = NumberDraw.draw(entries.count, taken: existing, width: width, using: &generator)
                    var entered: [EnteredContestant] = []
                    var bad = badLines
                    for (entry, number) in zip(entries, numbers) {
                        do {
                            entered.append(try Self.enter(entry, number: number, contest: contest, in: db))
                        } catch let error as ConcordError where entry.line != nil {
                            bad.append((entry.line ?? 0, error.description))
                        }
                    }
                    guard bad.isEmpty else {
                        bad.sort { $0.line < $1.line }
                        outcome = .failure(ConcordError(
                            "\(bad.count) bad row\(bad.count == 1 ? "" : "s"); nothing was written",
                            at: source ?? "--file", details: bad.map { "line \($0.line): \($0.reason)" }))
                        return .rollback
                    }
                    try self.audit(
                        db, action: "contest.enter", entity: "contest:\(contest.code)",
                        details: ["entered": String(entered.count), "seed": seed.map(String.init) ?? "random"])
                    outcome = .success(entered)
                    return dryRun ? .rollback : .commit
                }
                return outcome
            }.get()
        } catch let error as DatabaseError {
            throw StoreErrors.userFacing(error, path: path)
        }
    }

    /// Enters one person under `number`; throws why they cannot be entered.
    private static func enter(
        _ entry: Entry, number: String, contest: Contest, in db: Database
    ) throws -> EnteredContestant {
        let person = try Person.withID(entry.person, in: db)
        let institutionID = try entry.institution.map { try Institution.named($0, in: db).id } ?? nil
        if try Contestant.filter(Column("contest_id") == contest.id && Column("person_id") == person.id)
            .fetchCount(db) > 0 {
            throw ConcordError("\(person.maskedName) (\(person.maskedID)) is already entered")
        }
        if try Judge.filter(Column("contest_id") == contest.id && Column("person_id") == person.id)
            .fetchCount(db) > 0 {
            throw ConcordError("\(person.maskedName) (\(person.maskedID)) judges this contest")
        }
        var record = Contestant(
            id: nil, contestId: contest.rowID, number: number, personId: person.id ?? 0,
            employerId: person.employerId, institutionId: institutionID, createdAt: Timestamp.text())
        try record.insert(db)
        return EnteredContestant(number: number, name: person.maskedName, idMasked: person.maskedID)
    }
}
