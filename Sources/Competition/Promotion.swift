import Catalog
import Foundation
import GRDB
import Model
import Storage

/// What a winner's promotion recorded.
public struct PromotionRecord: Codable, Sendable, Equatable {
    public var number: String
    public var name: String
    public var award: Award
    public var fromLevel: SkillLevel
    public var level: SkillLevel
    public var source: String
    public var grantedOn: String
}

extension Store {
    /// Promotes an award winner one skill level (晋升一级), recorded as a Catalog `SkillPromotion` that the
    /// certification module accepts. The current level is `fromLevel` when given, else the highest level a
    /// recorded promotion already gave the person; `level`, when given, must be the level one above.
    @discardableResult
    public func promote(
        contest code: String, number: String, fromLevel: SkillLevel?, level: SkillLevel?, on day: Day
    ) throws -> PromotionRecord {
        try write { db in
            let contest = try Contest.withCode(code, in: db)
            let results = try ContestResults.compute(contest: contest, names: .masked, standardise: false, in: db)
            guard results.isFinal else {
                throw ConcordError("winners are promoted only after every event of \(contest.code) is locked")
            }
            let contestant = try Contestant.withNumber(number, contest: contest, in: db)
            guard let row = results.rows.first(where: { $0.number == contestant.number }), let award = row.award else {
                throw ConcordError("contestant \(contestant.number) won no award; only winners are promoted")
            }
            let held = try SkillPromotion.all(db, personID: contestant.personId).map(\.level).max()
            guard let current = fromLevel ?? held else {
                throw ConcordError(
                    "the current skill level of contestant \(contestant.number) is not on record; give --from-level")
            }
            guard let next = current.next else {
                throw ConcordError("level \(current) is the highest; there is no level to promote to")
            }
            if let level, level != next {
                throw ConcordError(
                    "a promotion is one level: from level \(current) that is level \(next), not \(level)")
            }
            let source = String("contest:\(contest.code) \(contest.name)".prefix(200))
            try SkillPromotion.record(
                db, personID: contestant.personId, level: next, source: source, on: day,
                note: "\(award.label), rank \(row.rank)")
            let record = PromotionRecord(
                number: contestant.number, name: row.name ?? "", award: award, fromLevel: current, level: next,
                source: source, grantedOn: day.description)
            try audit(db, action: "contest.promote", entity: "contest:\(contest.code)/\(contestant.number)",
                      details: record)
            return record
        }
    }
}
