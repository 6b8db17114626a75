import GRDB
import Model

extension Certificate {
    /// Which of `persons` hold a certificate in force (issued on or before `day`, not revoked) at one of
    /// `levels`: the coordinators coverage counts as certified.
    public static func holders(
        _ db: Database, among persons: Set<Int64>, levels: Set<SkillLevel> = [.four, .three], on day: Day
    ) throws -> Set<Int64> {
        guard !persons.isEmpty, !levels.isEmpty else { return [] }
        let found = try Int64.fetchAll(
            db,
            sql: """
                SELECT DISTINCT person_id FROM certificate
                WHERE revoked_on IS NULL AND issued_on <= ? AND level IN (\(levels.map { _ in "?" }.joined(separator: ",")))
                """,
            arguments: StatementArguments([day.description] + levels.map(\.rawValue).map { "\($0)" }))
        return persons.intersection(found)
    }
}
