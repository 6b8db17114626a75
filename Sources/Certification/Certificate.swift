import Foundation
import GRDB
import Model
import Storage

/// An issued certificate (职业技能等级证书): the snapshot that was signed, its token, seal and short code,
/// and its revocation state.
public struct Certificate: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "certificate"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// The occupation code of 劳动关系协调员.
    public static let occupationCode = "4-07-03-02"
    /// The occupation's name.
    public static let occupationName = "劳动关系协调员"

    public var id: Int64?
    /// The 22-character certificate number.
    public var number: String
    public var personId: Int64
    public var bodyId: Int64
    public var level: SkillLevel
    /// The holder's full name at issue.
    public var holderName: String
    /// The masked identity number at issue.
    public var idMasked: String
    public var occupation: String
    /// The evaluation body's name at issue (the token's `iss`).
    public var bodyName: String
    public var issuedOn: String
    /// The short code, `XXXX-XXXX-XXXX-XXXX-C` (also the token's `jti`).
    public var code: String
    public var kid: String
    /// The JWS compact token.
    public var token: String
    /// The record signature the short code is derived from (base64url), see Docs/VERIFICATION.md.
    public var seal: String
    public var theoryAssessmentId: Int64
    public var skillsAssessmentId: Int64
    public var revokedOn: String?
    public var revokedReason: RevocationReason?
    public var revokedNote: String?
    public var createdAt: String

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// `valid` or `revoked` (the stored state; `verify` also checks the signatures).
    public var status: String { revokedOn == nil ? "valid" : "revoked" }

    /// The claims the token carries, built from the stored snapshot.
    public var claims: CertificateClaims {
        CertificateClaims(
            iss: bodyName, sub: number, name: holderName, idm: idMasked, occ: occupation, lvl: level.rawValue,
            iat: ((try? Day(issuedOn)) ?? Day.epoch).midnightShanghaiUnix, jti: code)
    }

    /// The certificate with this number or short code (any typed form of the code).
    public static func find(_ db: Database, numberOrCode text: String) throws -> Certificate {
        let t = text.trimmingSpaces().uppercased()
        if let found = try Certificate.filter(Column("number") == t).fetchOne(db) { return found }
        if let code = try? ShortCodeText.display(t),
           let found = try Certificate.filter(Column("code") == code).fetchOne(db) {
            return found
        }
        throw ConcordError("no certificate has the number or code \(text.clipped)")
    }

    /// A person's certificates, oldest first.
    public static func all(_ db: Database, personID: Int64) throws -> [Certificate] {
        try Certificate.filter(Column("person_id") == personID).order(Column("issued_on"), Column("id")).fetchAll(db)
    }
}

/// Why a certificate was revoked. `keyCompromise` is never stored on a certificate row: it is derived from
/// `signing_key_compromise` when the certificate is verified (`concord keys compromise`).
public enum RevocationReason: String, Codable, Sendable, CaseIterable {
    case fraud, error, duplicate, other
    case keyCompromise = "key-compromise"

    /// Parses `fraud|error|duplicate|other|key-compromise`.
    public init(_ text: String) throws {
        guard let r = RevocationReason(rawValue: text.trimmingSpaces().lowercased()) else {
            throw ConcordError("reason \(text.clipped) is not fraud, error, duplicate, other or key-compromise")
        }
        self = r
    }
}

/// The view `cert show` prints (keys fixed by issue 5).
public struct CertificateView: Codable, Sendable, Equatable {
    public var number: String
    public var holderName: String
    public var idMasked: String
    public var occupation: String
    public var level: Int
    public var issuedOn: String
    public var body: String
    public var code: String
    public var token: String
    public var kid: String
    public var status: String
    public var revokedOn: String?
    public var revokedReason: String?

    /// The view of `certificate`.
    public init(_ certificate: Certificate) {
        number = certificate.number
        holderName = certificate.holderName
        idMasked = certificate.idMasked
        occupation = certificate.occupation
        level = certificate.level.rawValue
        issuedOn = certificate.issuedOn
        body = certificate.bodyName
        code = certificate.code
        token = certificate.token
        kid = certificate.kid
        status = certificate.status
        revokedOn = certificate.revokedOn
        revokedReason = certificate.revokedReason?.rawValue
    }
}

extension Store {
    /// One certificate by number or short code.
    public func certificate(_ numberOrCode: String) throws -> Certificate {
        try read { db in try Certificate.find(db, numberOrCode: numberOrCode) }
    }

    /// A person's certificates (what the subsidy module reads), oldest first.
    public func certificates(personID: Int64) throws -> [Certificate] {
        try read { db in try Certificate.all(db, personID: personID) }
    }

    /// Certificates, newest first, optionally one body's (institution code) or one level's.
    public func certificates(body: String? = nil, level: SkillLevel? = nil) throws -> [Certificate] {
        try read { db in
            var request = Certificate.order(Column("issued_on").desc, Column("number").desc)
            if let body {
                let institution = try EvaluationBody.named(body, in: db).0
                request = request.filter(Column("body_id") == institution.institutionId)
            }
            if let level { request = request.filter(Column("level") == level.rawValue) }
            return try request.fetchAll(db)
        }
    }
}

extension Certificate {
    /// Decodes a `certificate` row by column name without `Codable` (every verification decodes one; the
    /// decoder cost more than the lookup). Extra columns, such as a join's, are ignored.
    public init(row: Row) throws {
        guard let level = SkillLevel(rawValue: row["level"]) else {
            throw ConcordError("certificate \(row["number"] as String? ?? "?") has an unknown level")
        }
        let reason: String? = row["revoked_reason"]
        id = row["id"]
        number = row["number"]
        personId = row["person_id"]
        bodyId = row["body_id"]
        self.level = level
        holderName = row["holder_name"]
        idMasked = row["id_masked"]
        occupation = row["occupation"]
        bodyName = row["body_name"]
        issuedOn = row["issued_on"]
        code = row["code"]
        kid = row["kid"]
        token = row["token"]
        seal = row["seal"]
        theoryAssessmentId = row["theory_assessment_id"]
        skillsAssessmentId = row["skills_assessment_id"]
        revokedOn = row["revoked_on"]
        revokedReason = try reason.map(RevocationReason.init)
        revokedNote = row["revoked_note"]
        createdAt = row["created_at"]
    }

    /// The certificate with display code `code` (a cached statement on the UNIQUE index).
    static func withCode(_ code: String, in db: Database) throws -> Certificate? {
        let statement = try db.cachedStatement(sql: "SELECT * FROM certificate WHERE code = ?")
        return try Certificate.fetchOne(statement, arguments: [code])
    }
}
