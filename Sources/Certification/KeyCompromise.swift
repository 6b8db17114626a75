import Foundation
import GRDB
import Model
import Signing
import Storage

/// A signing key reported as leaked: everything it signed at or after `since` is treated as revoked
/// (`key-compromise`), and it leaves the JWKS so offline checkers stop trusting it (see Docs/SECURITY.md).
public struct KeyCompromise: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "signing_key_compromise"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// The leaked key.
    public var kid: String
    /// The earliest moment the key may have been in other hands (UTC, `Timestamp` form).
    public var since: String
    /// What happened.
    public var note: String
    /// When the compromise was recorded.
    public var recordedAt: String

    /// Whether `certificate` falls under this compromise: signed by the key at or after `since`. Both the
    /// signing time (`created_at`) and the signed issue date count, so editing the unsigned `created_at` back
    /// does not rescue a certificate issued on or after the day of the compromise.
    public func covers(_ certificate: Certificate) -> Bool {
        guard certificate.kid == kid else { return false }
        return certificate.createdAt >= since || certificate.issuedOn >= sinceDay.description
    }

    /// The Asia/Shanghai day of `since` (what the verifier shows as the revocation date).
    public var sinceDay: Day {
        Day(shanghai: KeyCompromise.instant(since) ?? Date(timeIntervalSince1970: 0))
    }

    /// Parses `--since`: `YYYY-MM-DD` (midnight Asia/Shanghai) or an ISO 8601 instant with a zone
    /// (`2026-03-01T09:30:00Z`, `2026-03-01T17:30:00+08:00`); returns the `Timestamp` text.
    public static func parseSince(_ text: String) throws -> String {
        let t = text.trimmingSpaces()
        if let day = try? Day(t) {
            return Timestamp.text(Date(timeIntervalSince1970: TimeInterval(day.midnightShanghaiUnix)))
        }
        guard let date = instant(t) else {
            throw ConcordError(
                "\(t.clipped) is not a day (YYYY-MM-DD) or an ISO 8601 time with a zone", at: "--since")
        }
        return Timestamp.text(date)
    }

    static func instant(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text) ?? plain.date(from: text)
    }

    /// Every recorded compromise by key id.
    static func all(_ db: Database) throws -> [String: KeyCompromise] {
        Dictionary(uniqueKeysWithValues: try KeyCompromise.fetchAll(db).map { ($0.kid, $0) })
    }
}

extension Store {
    /// Records that key `kid` leaked at `since` (see `KeyCompromise.parseSince`). When it is the active key, a
    /// new key is made active in the same transaction (its file written to `keys`), so nothing more is signed
    /// with the leaked one. Recording a key twice is refused: a compromise is never moved or undone.
    @discardableResult
    public func compromiseKey(
        kid: String, since: String, note: String, keys: KeyDirectory
    ) throws -> (compromise: KeyCompromise, replacement: SigningKeyRecord?) {
        let note = note.trimmingSpaces()
        guard (1...200).contains(note.count) else {
            throw ConcordError("the note must be 1–200 characters", at: "--note")
        }
        let sinceText = try KeyCompromise.parseSince(since)
        return try write { db in
            guard var record = try SigningKeyRecord.fetchOne(db, key: kid) else {
                throw ConcordError("no signing key has the id \(kid.clipped)", at: "KID")
            }
            if let earlier = try KeyCompromise.fetchOne(db, key: kid) {
                throw ConcordError("key \(kid) is already recorded as compromised since \(earlier.since)")
            }
            let compromise = KeyCompromise(kid: kid, since: sinceText, note: note, recordedAt: Timestamp.text())
            try compromise.insert(db)
            var replacement: SigningKeyRecord?
            if record.active {
                record.active = false
                record.retiredAt = Timestamp.text()
                try record.update(db)
                replacement = try addKey(db, keys: keys, action: "key.rotate", retired: kid)
            }
            try audit(
                db, action: "key.compromise", entity: "key:\(kid)",
                details: ["since": sinceText, "note": note, "replacement": replacement?.kid ?? ""])
            return (compromise, replacement)
        }
    }

    /// Every recorded key compromise.
    public func keyCompromises() throws -> [KeyCompromise] {
        try read { db in try KeyCompromise.order(Column("since")).fetchAll(db) }
    }
}
