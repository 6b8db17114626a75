import Certification
import GRDB
import Model

/// The seam to the certification module: which coordinators hold a level-4 or level-3 certificate on a day.
///
/// The CLI passes `.certification`; tests may pass their own lookup, and `.unknown` reports the count as
/// unknown (0, with `source` nil, and the output says so).
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

    /// Certificates issued by the certification module: a coordinator counts when they hold a level-4 or
    /// level-3 certificate issued on or before the day and not revoked.
    public static let certification = CertifiedLookup(
        source: { _ in "certification" },
        certified: { db, persons, day in try Certificate.holders(db, among: persons, on: day) })
}
