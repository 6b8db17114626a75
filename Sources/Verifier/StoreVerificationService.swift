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
/// changes, a hot code costs two indexed reads and a SHA-256 instead of re-checking Ed25519 signatures.
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

    /// A service over `store`, remembering at most `cacheLimit` codes.
    public init(store: Store, cacheLimit: Int = 200_000) {
        self.store = store
        self.cacheLimit = cacheLimit
    }

    public func verify(code text: String) throws -> VerifyAnswer {
        // The check symbol is checked before any database access.
        guard let code = try? ShortCode(parsing: text).display else { return VerifyAnswer(status: "malformed") }
        return try store.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM certificate WHERE code = ?", arguments: [code])
            else { return VerifyAnswer(status: "unknown") }
            // The key's row and its compromise record (if any) decide the outcome too, so both are in the digest.
            let key = try Row.fetchOne(
                db,
                sql: """
                    SELECT k.*, c.since AS compromised_since FROM signing_key k
                    LEFT JOIN signing_key_compromise c ON c.kid = k.kid WHERE k.kid = ?
                    """,
                arguments: [row["kid"] as String?])
            let digest = Self.digest(row, key)
            if let hit = cache.withLock({ $0[code] }), hit.digest == digest { return hit.answer }
            let answer = Self.answer(try Verification.standing(try Certificate(row: row), in: db))
            cache.withLock { cache in
                if cache.count >= cacheLimit { cache.removeAll(keepingCapacity: true) }
                cache[code] = Cached(digest: digest, answer: answer)
            }
            return answer
        }
    }

    public func verify(token: String) throws -> VerifyAnswer {
        Self.answer(try store.verify(token: token))
    }

    public func jwks() throws -> String {
        try store.jwks().json
    }

    /// SHA-256 over every column of the certificate row and of its key row.
    static func digest(_ row: Row, _ key: Row?) -> [UInt8] {
        var text = ""
        for value in row.databaseValues { text += value.description + "\u{1F}" }
        text += "\u{1E}"
        if let key {
            for value in key.databaseValues { text += value.description + "\u{1F}" }
        }
        return SHA256.digest(Array(text.utf8))
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
