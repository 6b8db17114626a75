import Certification
import Foundation
import GRDB
import Model
import Signing
import Storage
import Synchronization

/// The verification service over a Concord database (opened read-only by `concord serve`).
///
/// A code's answer is cached with a digest of its certificate row and its signing-key row: while neither
/// changes, a hot code costs one indexed read and a SHA-256 instead of re-checking Ed25519 signatures.
/// Any edit to either row (revocation, tampering) or a key marked compromised changes the digest, so the
/// next request re-verifies.
public final class StoreVerificationService: VerificationService {
    let store: Store
    private let cache = Mutex<[String: Cached]>([:])
    private let cacheLimit: Int

    struct Cached {
        let digest: [UInt8]
        let answer: VerifyAnswer
    }

    /// The hot query's own connections; nil for an in-memory store.
    private let hot: HotRowReader?

    /// A service over `store`, remembering at most `cacheLimit` codes.
    public init(store: Store, cacheLimit: Int = 200_000) {
        self.store = store
        self.cacheLimit = cacheLimit
        hot = HotRowReader(path: store.path)
    }

    public func verify(code text: String) throws -> VerifyAnswer {
        // The check symbol is checked before any database access.
        guard let code = try? ShortCode(parsing: text).display else { return VerifyAnswer(status: "malformed") }
        if let hot {
            // The digest from the hot connections; the Store decides an answer only when it is new.
            guard let digest = try hot.digest(code: code) else { return VerifyAnswer(status: "unknown") }
            if let hit = cache.withLock({ $0[code] }), hit.digest == digest { return hit.answer }
            let answer = try store.readStatement { db -> VerifyAnswer in
                guard let certificate = try Certificate.fetchOne(
                    db, sql: "SELECT * FROM certificate WHERE code = ?", arguments: [code])
                else { return VerifyAnswer(status: "unknown") }
                return Self.answer(try Verification.standing(certificate, in: db))
            }
            remember(code, digest, answer)
            return answer
        }
        // One statement (SQLite runs it as its own snapshot) reads the certificate, its key and any compromise
        // record: all three decide the outcome, so all are in the digest. A cached statement and no explicit
        // transaction keep a hot code to one indexed read and a SHA-256.
        return try store.readStatement { db in
            let statement = try db.cachedStatement(sql: HotRowReader.sql)
            guard let row = try Row.fetchOne(statement, arguments: [code]) else {
                return VerifyAnswer(status: "unknown")
            }
            let digest = Self.digest(row)
            if let hit = cache.withLock({ $0[code] }), hit.digest == digest { return hit.answer }
            let answer = Self.answer(try Verification.standing(try Certificate(row: row), in: db))
            remember(code, digest, answer)
            return answer
        }
    }

    private func remember(_ code: String, _ digest: [UInt8], _ answer: VerifyAnswer) {
        cache.withLock { cache in
            if cache.count >= cacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[code] = Cached(digest: digest, answer: answer)
        }
    }

    public func verify(token: String) throws -> VerifyAnswer {
        Self.answer(try store.verify(token: token))
    }

    public func jwks() throws -> String {
        try store.jwks().json
    }

    /// SHA-256 over every column of the row, each as a type tag, a length and its bytes (no text
    /// formatting: this runs on every request).
    static func digest(_ row: Row) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1024)
        func append(_ n: Int64) { withUnsafeBytes(of: n.littleEndian) { bytes.append(contentsOf: $0) } }
        for value in row.databaseValues {
            switch value.storage {
            case .null: bytes.append(0)
            case .int64(let n):
                bytes.append(1)
                append(n)
            case .double(let d):
                bytes.append(2)
                append(Int64(bitPattern: d.bitPattern))
            case .string(let s):
                bytes.append(3)
                append(Int64(s.utf8.count))
                bytes.append(contentsOf: s.utf8)
            case .blob(let data):
                bytes.append(4)
                append(Int64(data.count))
                bytes.append(contentsOf: data)
            }
        }
        return SHA256.digest(bytes)
    }

    /// The public answer for a verification result: masked fields only.
    static func answer(_ result: VerificationResult) -> VerifyAnswer {
        VerifyAnswer(
            status: result.outcome.rawValue,
            certificate: result.certificate.map {
                CertificateSummary(
                    number: $0.number, holderName: $0.holderName, idMasked: $0.idMasked, occupation: $0.occupation,
                    level: $0.level, issuedOn: $0.issuedOn, body: $0.body)
            },
            revokedOn: result.revokedOn, reason: result.revokedReason)
    }
}
