import Catalog
import Foundation
import GRDB
import Model
import Storage

/// One line of a contest's results: the `--json` keys are `rank`, `number`, `name`, `eventScores`, `total`,
/// `award` (and `standardisedTotal` only when asked for).
public struct ResultRow: Codable, Sendable, Equatable {
    public var rank: Int
    public var number: String
    /// Nil until every event is locked; masked unless revealing was asked for.
    public var name: String?
    /// Event code → event score.
    public var eventScores: [String: Points]
    public var total: Points
    public var award: Award?
    /// The total from standardised judgement marks, beside the raw one (`--standardise`).
    public var standardisedTotal: Points?

    enum CodingKeys: String, CodingKey {
        case rank, number, name, eventScores, total, award, standardisedTotal
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rank, forKey: .rank)
        try container.encode(number, forKey: .number)
        try container.encode(name, forKey: .name)
        try container.encode(eventScores, forKey: .eventScores)
        try container.encode(total, forKey: .total)
        try container.encode(award, forKey: .award)
        try container.encodeIfPresent(standardisedTotal, forKey: .standardisedTotal)
    }
}

/// A contest's results: the rows in rank order and whether they are final.
public struct ContestResults: Sendable, Equatable {
    public var contest: Contest
    /// Event codes in order, for column headers.
    public var events: [String]
    public var rows: [ResultRow]
    /// Whether every event is locked (names are shown only then).
    public var isFinal: Bool
}

/// How results show names.
public enum NameDisplay: Sendable {
    /// `张*三`, for anything that may reach the public.
    case masked
    /// The full name (`--reveal`).
    case full
}

extension Store {
    /// Computes a contest's results from its marks, ranks them and gives awards.
    public func results(
        contest code: String, names: NameDisplay = .masked, standardise: Bool = false
    ) throws -> ContestResults {
        try read { db in try ContestResults.compute(contest: try Contest.withCode(code, in: db), names: names,
                                                    standardise: standardise, in: db) }
    }
}

extension ContestResults {
    /// Computes the results inside the caller's transaction (one pass over marks loaded in bulk).
    static func compute(contest: Contest, names: NameDisplay, standardise: Bool, in db: Database) throws
        -> ContestResults {
        let book = try MarkBook(contest: contest, in: db)
        let cards = book.standings()
        let standardised = standardise ? book.standings(standardised: true) : nil
        let ranks = Ranking.ranks(cards.map(\.standing))
        let awards = Ranking.awards(ranks: ranks, totals: cards.map(\.standing.total), rule: contest.awardRule)
        let isFinal = !book.events.isEmpty && book.events.allSatisfy(\.isLocked)
        var personNames: [Int64: String] = [:]
        if isFinal {
            for row in try Row.fetchAll(db, sql: """
                SELECT p.id, p.name FROM person p JOIN contestant c ON c.person_id = p.id WHERE c.contest_id = ?
                """, arguments: [contest.id]) {
                let name: String = row["name"]
                personNames[row["id"]] = names == .full ? name : PersonName.mask(name)
            }
        }
        var rows = book.contestants.indices.map { c in
            ResultRow(
                rank: ranks[c], number: book.contestants[c].number,
                name: personNames[book.contestants[c].personId],
                eventScores: Dictionary(uniqueKeysWithValues: zip(book.events.map(\.code), cards[c].eventScores)),
                total: cards[c].standing.total, award: awards[c],
                standardisedTotal: standardised?[c].standing.total)
        }
        rows.sort { ($0.rank, $0.number) < ($1.rank, $1.number) }
        return ContestResults(contest: contest, events: book.events.map(\.code), rows: rows, isFinal: isFinal)
    }
}
