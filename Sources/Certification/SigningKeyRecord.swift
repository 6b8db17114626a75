import Foundation
import GRDB
import Model
import Signing
import Storage

/// The public half of a signing key and its dates, as the verifier needs it (the private key is only the
/// file `<keys>/<kid>.pem`).
public struct SigningKeyRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "signing_key"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// The key id.
    public var kid: String
    /// The raw public key, base64url (the JWKS `x`).
    public var publicKey: String
    public var createdAt: String
    /// When `concord keys rotate` replaced it; nil while active.
    public var retiredAt: String?
    /// Whether new certificates are signed with it.
    public var active: Bool

    /// The public key, or nil when the stored text was damaged.
    public var key: Ed25519PublicKey? {
        Base64.decodeURL(publicKey).flatMap { try? Ed25519PublicKey(raw: $0) }
    }

    /// Every key, oldest first.
    public static func all(_ db: Database) throws -> [SigningKeyRecord] {
        try SigningKeyRecord.order(Column("created_at"), Column("kid")).fetchAll(db)
    }

    /// The public key with id `kid`, or nil when the key set has no such key.
    public static func publicKey(_ db: Database, kid: String) throws -> Ed25519PublicKey? {
        // A cached statement: every verification asks.
        let statement = try db.cachedStatement(sql: "SELECT public_key FROM signing_key WHERE kid = ?")
        return try String.fetchOne(statement, arguments: [kid])
            .flatMap(Base64.decodeURL).flatMap { try? Ed25519PublicKey(raw: $0) }
    }

    /// The active key's record, or an error saying how to make one.
    static func active(_ db: Database) throws -> SigningKeyRecord {
        guard let record = try SigningKeyRecord.filter(Column("active") == true).fetchOne(db) else {
            throw ConcordError("there is no active signing key; run 'concord keys generate'")
        }
        return record
    }

    /// Inserts `key` (its file already saved) as a new key; active when `active`.
    static func insert(_ db: Database, key: Ed25519PublicKey, active: Bool) throws -> SigningKeyRecord {
        let record = SigningKeyRecord(
            kid: key.kid, publicKey: Base64.url(key.raw), createdAt: Timestamp.text(), retiredAt: nil, active: active)
        try record.insert(db)
        return record
    }
}

extension Store {
    /// Every signing key, oldest first.
    public func signingKeys() throws -> [SigningKeyRecord] {
        try read { db in try SigningKeyRecord.all(db) }
    }

    /// The JWKS of every key not reported compromised (retired keys stay, so old certificates keep verifying
    /// offline; a compromised key leaves it, see Docs/SECURITY.md).
    public func jwks() throws -> JSONWebKeySet {
        try read { db in try Self.jwks(db) }
    }

    /// The JWKS read inside the caller's transaction.
    public static func jwks(_ db: Database) throws -> JSONWebKeySet {
        let compromised = try KeyCompromise.all(db)
        let trusted = try SigningKeyRecord.all(db).filter { compromised[$0.kid] == nil }
        return JSONWebKeySet(keys: trusted.compactMap(\.key))
    }

    /// Creates the first signing key (file and row); refuses when a key is already active.
    @discardableResult
    public func generateFirstKey(in keys: KeyDirectory) throws -> SigningKeyRecord {
        try write { db in
            if let active = try SigningKeyRecord.filter(Column("active") == true).fetchOne(db) {
                throw ConcordError("key \(active.kid) is already active; use 'concord keys rotate' for a new one")
            }
            return try addKey(db, keys: keys, action: "key.generate")
        }
    }

    /// Creates the first key when none exists (what `concord init` does); returns nil when one exists.
    @discardableResult
    public func ensureSigningKey(in keys: KeyDirectory) throws -> SigningKeyRecord? {
        try write { db in
            guard try SigningKeyRecord.fetchCount(db) == 0 else { return nil }
            return try addKey(db, keys: keys, action: "key.generate")
        }
    }

    /// Retires the active key and makes a new one active; old keys stay for verification.
    @discardableResult
    public func rotateKey(in keys: KeyDirectory) throws -> (retired: SigningKeyRecord?, active: SigningKeyRecord) {
        try write { db in
            var retired = try SigningKeyRecord.filter(Column("active") == true).fetchOne(db)
            if var old = retired {
                old.active = false
                old.retiredAt = Timestamp.text()
                try old.update(db)
                retired = old
            }
            let new = try addKey(db, keys: keys, action: "key.rotate", retired: retired?.kid)
            return (retired, new)
        }
    }

    /// Generates a key, writes its file (mode 0600), and inserts it active, inside the caller's transaction:
    /// a failed file write rolls the row back.
    func addKey(
        _ db: Database, keys: KeyDirectory, action: String, retired: String? = nil
    ) throws -> SigningKeyRecord {
        try keys.create()
        let key = try Ed25519PrivateKey.generate()
        let record = try SigningKeyRecord.insert(db, key: key.publicKey, active: true)
        try keys.save(key)
        var details = ["kid": record.kid, "file": keys.file(kid: record.kid)]
        if let retired { details["retired"] = retired }
        try audit(db, action: action, entity: "key:\(record.kid)", details: details)
        return record
    }

    /// The active key's record and its private key from the keys folder (mode and identity checked).
    public func activeSigningKey(in keys: KeyDirectory) throws -> (record: SigningKeyRecord, key: Ed25519PrivateKey) {
        let record = try read { db in try SigningKeyRecord.active(db) }
        return (record, try keys.load(kid: record.kid))
    }
}
