import GRDB
import Model

/// The seam to the certification module: which coordinators hold a level-4 or level-3 certificate on a day.
///
/// Coverage does not depend on the certification module. The CLI passes a lookup in; until certification is
/// wired here, `.detecting` reads a `certificate` table when one with the expected columns exists and
/// otherwise reports the count as unknown (0, with `source` nil, and the output says so).
public struct CertifiedLookup: Sendable {
    /// Where the answer comes from, or nil when it is unknown.
    public var source: (@Sendable (Database) throws -> String?)
    /// The subset of `persons` holding a valid level-4 or level-3 certificate on the day.
    public var certified: @Sendable (Database, Set<Int64>, Day) throws -> Set<Int64>

    /// A lookup from two closures.
    public init(
        source: @escaping @Sendable (Database) throws -> String?,
        certified: @escaping @Sendable (Database, Set<Int64>, Day) throws -> Set<Int64>
    ) {
        self.source = source
        self.certified = certified
    }

    /// Nothing is known: every count is 0 and the report says "unknown".
    public static let unknown = CertifiedLookup(source: { _ in nil }, certified: { _, _, _ in [] })

    /// Reads a table `certificate(person_id, level, revoked_on|revoked_at|revoked[, issued_on])` when the
    /// database has one; otherwise behaves as `.unknown`.
    public static let detecting = CertifiedLookup(
        source: { db in try CertificateTable.detect(db) == nil ? nil : "certificate table" },
        certified: { db, persons, day in
            guard let table = try CertificateTable.detect(db), !persons.isEmpty else { return [] }
            return try table.certified(db, persons: persons, on: day)
        })
}

/// The shape of a `certificate` table found at run time.
struct CertificateTable {
    var revocation: String
    var issued: String?

    static func detect(_ db: Database) throws -> CertificateTable? {
        guard try db.tableExists("certificate") else { return nil }
        let columns = Set(try db.columns(in: "certificate").map(\.name))
        guard columns.contains("person_id"), columns.contains("level"),
              let revocation = ["revoked_on", "revoked_at", "revoked"].first(where: columns.contains)
        else { return nil }
        return CertificateTable(
            revocation: revocation, issued: ["issued_on", "issue_date"].first(where: columns.contains))
    }

    func certified(_ db: Database, persons: Set<Int64>, on day: Day) throws -> Set<Int64> {
        var sql = """
            SELECT DISTINCT person_id FROM certificate
            WHERE level IN (3, 4) AND (\(revocation) IS NULL OR \(revocation) = 0 OR \(revocation) = '')
            """
        var arguments: StatementArguments = []
        if let issued {
            sql += " AND \(issued) <= ?"
            arguments += [day.description]
        }
        let found = Set(try Int64.fetchAll(db, sql: sql, arguments: arguments))
        return persons.intersection(found)
    }
}
