import Foundation
import GRDB
import Model

/// One row of the append-only, hash-chained audit log.
public struct AuditEntry: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "audit_log"

    public var id: Int64
    public var at: String
    public var actor: String
    public var action: String
    public var entity: String
    public var details: String
    public var prevHash: String
    public var hash: String

    public enum CodingKeys: String, CodingKey {
        case id, at, actor, action, entity, details
        case prevHash = "prev_hash"
        case hash
    }

    /// The hash of the chain before its first row.
    public static let genesis = String(repeating: "0", count: 64)

    /// SHA-256 over the previous hash and every field of the row, one per line, in a fixed order.
    public static func computeHash(
        prevHash: String, id: Int64, at: String, actor: String, action: String, entity: String, details: String
    ) -> String {
        SHA256.hex([prevHash, String(id), at, actor, action, entity, details].joined(separator: "\n"))
    }

    /// Whether the stored hash matches the row's fields.
    public var isSelfConsistent: Bool {
        hash == Self.computeHash(
            prevHash: prevHash, id: id, at: at, actor: actor, action: action, entity: entity, details: details)
    }
}

/// The result of walking the audit chain.
public struct AuditVerification: Sendable, Codable, Equatable {
    /// Rows checked.
    public var rows: Int
    /// The id of the first row that breaks the chain, or nil when the chain is whole.
    public var firstBrokenRow: Int64?
    /// Why that row breaks the chain.
    public var reason: String?

    public var isIntact: Bool { firstBrokenRow == nil }
}

extension Store {
    /// Appends an audit row for a change made in `db` (call it inside the same write transaction).
    ///
    /// `details` is encoded as JSON with sorted keys, so the hashed text is stable.
    public func audit(
        _ db: Database, action: String, entity: String, details: some Encodable & Sendable = [String: String]()
    ) throws {
        try AuditLog.append(db, actor: actor, action: action, entity: entity, details: details)
    }

    /// Walks the whole chain and names the first broken row.
    public func verifyAudit() throws -> AuditVerification {
        try read { db in try AuditLog.verify(db) }
    }
}

/// The audit log's operations on a `Database`.
public enum AuditLog {
    private static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    /// Appends one row after the current last row.
    public static func append(
        _ db: Database, actor: String, action: String, entity: String, details: some Encodable
    ) throws {
        let json = String(decoding: try encoder.encode(details), as: UTF8.self)
        let last = try Row.fetchOne(db, sql: "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
        let id: Int64 = (last?["id"] ?? 0) + 1
        let prev: String = last?["hash"] ?? AuditEntry.genesis
        let at = Timestamp.text()
        let hash = AuditEntry.computeHash(
            prevHash: prev, id: id, at: at, actor: actor, action: action, entity: entity, details: json)
        try AuditEntry(
            id: id, at: at, actor: actor, action: action, entity: entity, details: json, prevHash: prev, hash: hash
        ).insert(db)
    }

    /// Walks the chain in id order: each row's `prev_hash` must be the previous row's hash, ids must follow
    /// one another, and each hash must match its row.
    public static func verify(_ db: Database) throws -> AuditVerification {
        var expectedPrev = AuditEntry.genesis
        var expectedID: Int64 = 1
        var count = 0
        let cursor = try AuditEntry.order(Column("id")).fetchCursor(db)
        while let row = try cursor.next() {
            count += 1
            if row.id != expectedID {
                return AuditVerification(
                    rows: count, firstBrokenRow: row.id,
                    reason: "row \(row.id) follows row \(expectedID - 1): rows are missing or renumbered")
            }
            if row.prevHash != expectedPrev {
                return AuditVerification(
                    rows: count, firstBrokenRow: row.id,
                    reason: "row \(row.id) does not link to the row before it (deleted, reordered or edited)")
            }
            if !row.isSelfConsistent {
                return AuditVerification(
                    rows: count, firstBrokenRow: row.id, reason: "row \(row.id) was edited after it was written")
            }
            expectedPrev = row.hash
            expectedID += 1
        }
        return AuditVerification(rows: count, firstBrokenRow: nil, reason: nil)
    }
}
