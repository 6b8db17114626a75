import Foundation
import GRDB
import Model
import Storage

/// A skills competition (职业技能竞赛) run by an HR bureau, with its award rule and publicity period.
public struct Contest: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "contest"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    /// The short code people type (`HZ-2025`).
    public var code: String
    public var name: String
    public var organiser: String
    public var level: Level
    public var startsOn: String
    public var endsOn: String
    /// Days of the publicity period (公示) that starts on `publishedOn`.
    public var publicityDays: Int
    /// Prize shares and minimum total, in hundredths (10 % is 1000, 60 points is 6000).
    public var firstShare: Int
    public var secondShare: Int
    public var thirdShare: Int
    public var minimumTotal: Int
    /// The day results were published, starting the publicity period.
    public var publishedOn: String?
    public var createdAt: String

    /// Who runs the contest.
    public enum Level: String, Codable, Sendable, CaseIterable {
        case city, province

        /// Parses `city|province` (or 市级/省级).
        public init(_ text: String) throws {
            switch text.trimmingSpaces().lowercased() {
            case "city", "市级", "市": self = .city
            case "province", "provincial", "省级", "省": self = .province
            default: throw ConcordError("contest level \(text.clipped) is not city or province")
            }
        }
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The award rule the contest was set up with.
    public var awardRule: AwardRule {
        AwardRule(
            first: Points(hundredths: firstShare), second: Points(hundredths: secondShare),
            third: Points(hundredths: thirdShare), minimum: Points(hundredths: minimumTotal))
    }

    /// The last day appeals may be filed, once published.
    public var publicityEnds: Day? {
        publishedOn.flatMap { try? Day($0) }.map { $0.adding(days: publicityDays) }
    }

    /// The contest with this code, or an error naming it.
    public static func withCode(_ code: String, in db: Database) throws -> Contest {
        guard let found = try Contest.filter(Column("code") == code).fetchOne(db) else {
            throw ConcordError("no contest has the code \(code.clipped)")
        }
        return found
    }

    /// The row id, which every stored contest has.
    var rowID: Int64 { id ?? 0 }
}

/// What a contest is set up with (`contest add`).
public struct ContestInput: Sendable {
    public var code: String
    public var name: String
    public var organiser: String
    public var level: Contest.Level
    public var startsOn: Day
    public var endsOn: Day
    public var publicityDays: Int
    public var awards: AwardRule

    public init(
        code: String, name: String, organiser: String, level: Contest.Level, startsOn: Day, endsOn: Day,
        publicityDays: Int = 7, awards: AwardRule = AwardRule()
    ) {
        self.code = code
        self.name = name
        self.organiser = organiser
        self.level = level
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.publicityDays = publicityDays
        self.awards = awards
    }

    func validated() throws -> ContestInput {
        var copy = self
        copy.code = code.trimmingSpaces()
        copy.name = name.trimmingSpaces()
        copy.organiser = organiser.trimmingSpaces()
        try Code.check(copy.code, "contest code")
        guard (1...100).contains(copy.name.count) else { throw ConcordError("contest name must be 1–100 characters") }
        guard (1...100).contains(copy.organiser.count) else {
            throw ConcordError("organiser must be 1–100 characters")
        }
        guard endsOn >= startsOn else { throw ConcordError("the contest ends (\(endsOn)) before it starts") }
        guard (1...90).contains(publicityDays) else { throw ConcordError("publicity days must be 1–90") }
        let shares = [awards.first, awards.second, awards.third]
        guard shares.allSatisfy({ $0 >= .zero }), shares.reduce(.zero, +) <= Points(100) else {
            throw ConcordError("award shares must not be negative and must total at most 100 %")
        }
        guard awards.minimum <= Points(100) else { throw ConcordError("the minimum total must be at most 100") }
        return copy
    }
}

/// Short codes people type for contests, events, criteria and judges.
enum Code {
    /// Checks 1–32 characters without spaces.
    static func check(_ code: String, _ what: String) throws {
        guard (1...32).contains(code.count), code.allSatisfy({ !$0.isWhitespace && $0 != "," }) else {
            throw ConcordError("\(what) \(code.clipped) must be 1–32 characters without spaces or commas")
        }
    }
}

extension Store {
    /// Sets up a contest; the code must be new.
    @discardableResult
    public func addContest(_ input: ContestInput) throws -> Contest {
        let input = try input.validated()
        return try write { db in
            if try Contest.filter(Column("code") == input.code).fetchCount(db) > 0 {
                throw ConcordError("a contest with the code \(input.code) already exists")
            }
            var contest = Contest(
                id: nil, code: input.code, name: input.name, organiser: input.organiser, level: input.level,
                startsOn: input.startsOn.description, endsOn: input.endsOn.description,
                publicityDays: input.publicityDays, firstShare: input.awards.first.hundredths,
                secondShare: input.awards.second.hundredths, thirdShare: input.awards.third.hundredths,
                minimumTotal: input.awards.minimum.hundredths, publishedOn: nil, createdAt: Timestamp.text())
            try contest.insert(db)
            try audit(db, action: "contest.add", entity: "contest:\(contest.code)", details: contest)
            return contest
        }
    }

    /// Every contest, newest first.
    public func contests() throws -> [Contest] {
        try read { db in try Contest.order(Column("starts_on").desc, Column("code")).fetchAll(db) }
    }
}
