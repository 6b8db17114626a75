import Certification
import Foundation
import Model
import Signing
import Storage
import Synchronization

/// The verification service over a Concord database (opened read-only by `concord serve`).
///
/// A code's answer is cached with a digest of its certificate row, its signing-key row and any compromise
/// record (`HotRowReader`). While the file has not changed at all (`PRAGMA data_version`), a hot code is
/// answered from the cache; after any change, the row is read again and its digest compared, so only a code whose
/// rows changed is decided again (`Verification.standing(joinedRow:)`, from that same read). Any edit to those rows (a revocation, tampering, a key marked compromised)
/// changes the digest, so the next request re-verifies.
public final class StoreVerificationService: VerificationService {
    let store: Store
    private let cache = Mutex<[String: Cached]>([:])
    private let cacheLimit: Int

    struct Cached {
        let digest: [UInt8]
        let answer: EncodedAnswer
        /// The `HotRowReader` epoch the answer was last checked at.
        let epoch: Int
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
        try encodedAnswer(code: text).answer
    }

    public func encodedAnswer(code text: String) throws -> EncodedAnswer {
        try answer(code: text, verifying: true) ?? .unknown
    }

    public func quickAnswer(code text: String) throws -> EncodedAnswer? {
        try answer(code: text, verifying: false)
    }

    /// A new row that `answer(code:verifying: false)` leaves to a full verification.
    private struct NeedsVerification: Error {}

    /// The answer for a typed code; without `verifying`, nil instead of checking a row's signatures.
    private func answer(code text: String, verifying: Bool) throws -> EncodedAnswer? {
        // The check symbol is checked before any database access.
        guard let code = try? ShortCode(parsing: text).display else { return .malformed }
        // Without a hot reader (an in-memory store) every request is verified in full, uncached.
        guard let hot else { return verifying ? EncodedAnswer(Self.answer(try store.verify(code: code))) : nil }
        // The cached answer while the file is unchanged; else one read: a known row's cached answer, or a new
        // row decided from what was read.
        let cached = cache.withLock { $0[code] }
        let found: HotRowReader.Lookup<EncodedAnswer>?
        do {
            found = try hot.lookup(
                code: code,
                current: { epoch in cached.flatMap { $0.epoch == epoch ? $0.answer : nil } },
                known: { digest in cached.flatMap { $0.digest == digest ? $0.answer : nil } },
                decide: { row in
                    guard verifying else { throw NeedsVerification() }
                    return EncodedAnswer(Self.answer(try Verification.standing(joinedRow: row)))
                })
        } catch is NeedsVerification {
            return nil
        }
        guard let found else { return .unknown }
        if let digest = found.digest { remember(code, Cached(digest: digest, answer: found.answer, epoch: found.epoch)) }
        return found.answer
    }

    private func remember(_ code: String, _ entry: Cached) {
        cache.withLock { cache in
            if cache.count >= cacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[code] = entry
        }
    }

    public func verify(token: String) throws -> VerifyAnswer {
        Self.answer(try store.verify(token: token))
    }

    public func jwks() throws -> String {
        try store.jwks().json
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
