import Foundation
import GRDB
import Model
import Storage

/// A skill level granted to a person outside an assessment, such as a competition winner's promotion
/// (DOMAIN.md, "Skills competitions"). Certification accepts it as eligibility for that level.
public struct SkillPromotion: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "skill_promotion"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var personId: Int64
    /// The level granted (for a level-4 holder promoted one level: 3).
    public var level: SkillLevel
    /// What granted it, e.g. `contest:2025 杭州市劳动关系协调员职业技能竞赛`.
    public var source: String
    public var grantedOn: String
    public var note: String
    public var createdAt: String

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Records a promotion inside the caller's transaction (the caller writes the audit row).
    @discardableResult
    public static func record(
        _ db: Database, personID: Int64, level: SkillLevel, source: String, on day: Day, note: String = ""
    ) throws -> SkillPromotion {
        if try SkillPromotion.filter(
            Column("person_id") == personID && Column("level") == level.rawValue && Column("source") == source
        ).fetchCount(db) > 0 {
            throw ConcordError("this person already has a level-\(level) promotion from \(source)")
        }
        var record = SkillPromotion(
            id: nil, personId: personID, level: level, source: source, grantedOn: day.description, note: note,
            createdAt: Timestamp.text())
        try record.insert(db)
        return record
    }

    /// Every promotion a person holds, oldest first.
    public static func all(_ db: Database, personID: Int64) throws -> [SkillPromotion] {
        try SkillPromotion.filter(Column("person_id") == personID).order(Column("granted_on")).fetchAll(db)
    }
}
