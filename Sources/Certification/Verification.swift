import Foundation
import GRDB
import Model
import Signing
import Storage

/// The outcome of checking a code or token (DESIGN.md's raw values).
public enum VerificationOutcome: String, Codable, Sendable, CaseIterable {
    case valid, revoked, unknown, tampered, malformed
    case badSignature = "bad-signature"
    case unknownKey = "unknown-key"
}

/// A certificate's fields the public may see: names and identity numbers masked.
public struct PublicCertificate: Codable, Sendable, Equatable {
    public var number: String
    public var holderName: String
    public var idMasked: String
    public var occupation: String
    public var occupationName: String
    public var level: Int
    public var levelLabel: String
    public var issuedOn: String
    public var body: String
    public var code: String

    /// The public view of `certificate`.
    public init(_ certificate: Certificate) {
        number = certificate.number
        holderName = PersonName.mask(certificate.holderName)
        idMasked = certificate.idMasked
        occupation = certificate.occupation
        occupationName = Certificate.occupationName
        level = certificate.level.rawValue
        levelLabel = certificate.level.label
        issuedOn = certificate.issuedOn
        body = certificate.bodyName
        code = certificate.code
    }
}

/// The answer to a verification: the outcome, why, and (when a certificate was found) its public fields.
public struct VerificationResult: Codable, Sendable, Equatable {
    public var outcome: VerificationOutcome
    /// A sentence for people.
    public var detail: String
    public var certificate: PublicCertificate?
    public var revokedOn: String?
    /// The reason class: fraud, error, duplicate, other or key-compromise.
    public var revokedReason: String?

    init(
        _ outcome: VerificationOutcome, _ detail: String, _ certificate: Certificate? = nil,
        compromise: KeyCompromise? = nil
    ) {
        self.outcome = outcome
        self.detail = detail
        // A tampered record's fields are not what was signed, so they are not shown.
        self.certificate = outcome == .tampered ? nil : certificate.map(PublicCertificate.init)
        if outcome == .revoked {
            revokedOn = certificate?.revokedOn ?? compromise?.sinceDay.description
            revokedReason = certificate?.revokedReason?.rawValue
                ?? compromise.map { _ in RevocationReason.keyCompromise.rawValue }
        }
    }
}

/// Verification of codes and tokens against the database; the HTTP verifier calls these with its own
/// read transaction.
public enum Verification {
    /// Checks a typed short code: malformed codes are rejected before any lookup; a found certificate is
    /// re-checked against its signatures (one indexed lookup by code).
    public static func verify(code text: String, in db: Database) throws -> VerificationResult {
        let code: String
        do {
            code = try ShortCodeText.display(text)
        } catch let error as ConcordError {
            return VerificationResult(.malformed, error.what)
        }
        let found: Certificate?
        do {
            found = try Certificate.withCode(code, in: db)
        } catch let error as ConcordError {
            return unreadable(error)
        }
        guard let certificate = found else {
            return VerificationResult(.unknown, "no certificate has the code \(code)")
        }
        return try standing(certificate, in: db)
    }

    /// The answer for a stored row that is not a certificate Concord could have issued (a level or revocation
    /// reason no command writes, edited into the file): tampered, like any other edit.
    public static func unreadable(_ error: ConcordError) -> VerificationResult {
        VerificationResult(.tampered, "the stored certificate was altered: \(error.what)")
    }

    /// Checks a token: its syntax, its key (in the key set), its signature, then the certificate it names.
    public static func verify(token text: String, in db: Database) throws -> VerificationResult {
        let token: CompactJWS
        do {
            token = try CompactJWS(parsing: text)
        } catch let error as ConcordError {
            return VerificationResult(.malformed, error.what)
        }
        guard let key = try SigningKeyRecord.publicKey(db, kid: token.header.kid) else {
            return VerificationResult(.unknownKey, "key \(token.header.kid.clipped) is not in the key set")
        }
        guard token.isSigned(by: key) else {
            return VerificationResult(.badSignature, "the signature does not match key \(key.kid)")
        }
        guard let claims = try? JSONDecoder().decode(CertificateClaims.self, from: Data(token.payload)),
              let jti = claims.jti
        else { return VerificationResult(.malformed, "the token's claims are not a certificate's") }
        let found: Certificate?
        do {
            found = try Certificate.withCode(jti, in: db)
        } catch let error as ConcordError {
            return unreadable(error)
        }
        guard let certificate = found else {
            return VerificationResult(.unknown, "no certificate has the code \(jti.clipped)")
        }
        guard certificate.token == token.text else {
            return VerificationResult(.tampered, "the stored certificate differs from this token", certificate)
        }
        return try standing(certificate, in: db)
    }

    /// The standing of a stored certificate: tampered unless it matches its signatures, then revoked (by the
    /// body, or because its key leaked before it was signed: `key-compromise`) or valid.
    public static func standing(_ certificate: Certificate, in db: Database) throws -> VerificationResult {
        let compromises = try db.cachedStatement(sql: "SELECT * FROM signing_key_compromise WHERE kid = ?")
        return standing(
            certificate, key: try SigningKeyRecord.publicKey(db, kid: certificate.kid),
            compromise: try KeyCompromise.fetchOne(compromises, arguments: [certificate.kid]))
    }

    /// The standing of a certificate from rows already read: its key (nil when the key set has none, or its
    /// stored text is damaged) and its key's compromise record, if any. The one place a certificate's
    /// standing is decided.
    public static func standing(
        _ certificate: Certificate, key: Ed25519PublicKey?, compromise: KeyCompromise?
    ) -> VerificationResult {
        guard let key else {
            return VerificationResult(.unknownKey, "the certificate's key \(certificate.kid) is not in the key set")
        }
        guard CertificateSeal.matches(certificate, key: key) else {
            return VerificationResult(
                .tampered, "the stored record no longer matches its signature", certificate)
        }
        if certificate.revokedOn != nil {
            return VerificationResult(.revoked, "the certificate was revoked", certificate)
        }
        if let compromise, compromise.covers(certificate) {
            return VerificationResult(
                .revoked, "the certificate was signed after its key \(certificate.kid) was compromised",
                certificate, compromise: compromise)
        }
        return VerificationResult(.valid, "the certificate is valid", certificate)
    }

    /// One query that reads everything a code's standing depends on: the certificate row (`c.*`) with its
    /// key's columns (`key_…`) and its key's compromise date (`key_compromised_since`). The HTTP verifier
    /// runs it on every request (a digest of the row tells whether its cached answer still holds) and
    /// decides a new row with `standing(joinedRow:)`.
    public static let joinedRowSQL = """
        SELECT c.*, k.kid AS key_kid, k.public_key AS key_public_key, k.created_at AS key_created_at,
               k.retired_at AS key_retired_at, k.active AS key_active, x.since AS key_compromised_since
        FROM certificate c
        LEFT JOIN signing_key k ON k.kid = c.kid
        LEFT JOIN signing_key_compromise x ON x.kid = c.kid
        WHERE c.code = ?
        """

    /// The standing of a row of `joinedRowSQL`: the same decision as `standing(_:in:)`, without another read.
    public static func standing(joinedRow row: Row) throws -> VerificationResult {
        let certificate: Certificate
        do {
            certificate = try Certificate(row: row)
        } catch let error as ConcordError {
            return unreadable(error)
        }
        let key = (row["key_public_key"] as String?).flatMap(Base64.decodeURL)
            .flatMap { try? Ed25519PublicKey(raw: $0) }
        let compromise = (row["key_compromised_since"] as String?).map {
            KeyCompromise(kid: certificate.kid, since: $0, note: "", recordedAt: "")
        }
        return standing(certificate, key: key, compromise: compromise)
    }
}

extension Store {
    /// Verifies a typed short code.
    public func verify(code: String) throws -> VerificationResult {
        try read { db in try Verification.verify(code: code, in: db) }
    }

    /// Verifies a JWS token.
    public func verify(token: String) throws -> VerificationResult {
        try read { db in try Verification.verify(token: token, in: db) }
    }
}
