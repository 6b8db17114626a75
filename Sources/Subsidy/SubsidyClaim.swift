import Catalog
import Foundation
import GRDB
import Model
import Storage

/// A recorded skill-upgrade subsidy claim, with the decision that allowed it.
public struct SubsidyClaim: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "subsidy_claim"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var personId: Int64
    public var employerId: Int64?
    public var certificateNumber: String
    public var origin: HeldCertificate.Origin
    public var occupationCode: String
    public var level: SkillLevel
    public var issuedOn: String
    public var claimedOn: String
    /// The amount the decision gave, in fen.
    public var amountFen: Int64
    public var policyId: String
    /// The decision as JSON (every rule and its figures), kept for audit.
    public var decision: String
    public var createdAt: String

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The person's claims, oldest first.
    public static func all(_ db: Database, personID: Int64) throws -> [SubsidyClaim] {
        try SubsidyClaim.filter(Column("person_id") == personID).order(Column("claimed_on")).fetchAll(db)
    }

    /// The claim as the limits count it.
    public var prior: PriorClaim? {
        (try? Day(claimedOn)).map {
            PriorClaim(
                certificateNumber: certificateNumber, occupationCode: occupationCode, level: level, claimedOn: $0)
        }
    }
}

/// A claim as `subsidy claims` exports it for the bureau (ID masked unless revealed).
public struct SubsidyClaimView: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var idMasked: String
    public var residentId: String?
    public var employer: String?
    public var employerName: String?
    public var certificateNumber: String
    public var origin: HeldCertificate.Origin
    public var occupationCode: String
    public var level: SkillLevel
    public var issuedOn: String
    public var claimedOn: String
    /// The amount in fen.
    public var amount: Fen
    public var policyId: String

    /// The CSV header of an export.
    public static let csvHeader = [
        "id", "name", "id_masked", "resident_id", "employer", "employer_name", "certificate_number", "origin",
        "occupation_code", "level", "issued_on", "claimed_on", "amount_fen", "amount_yuan", "policy_id",
    ]

    /// The CSV fields, in `csvHeader` order.
    public var csvFields: [String] {
        [String(id), name, idMasked, residentId ?? "", employer ?? "", employerName ?? "", certificateNumber,
         origin.rawValue, occupationCode, String(level.rawValue), issuedOn, claimedOn, String(amount.value),
         amount.yuanText, policyId]
    }

    /// The claims as CSV, header first, one line per claim.
    public static func csv(_ claims: [SubsidyClaimView]) throws -> String {
        try CSVText.render(csvHeader, claims.map(\.csvFields))
    }
}

extension Store {
    /// Records a claim for one certificate on `day`, only if the decision made in the same (immediate) write
    /// transaction is eligible; so two concurrent claims cannot both pass. Returns the decision recorded.
    @discardableResult
    public func claimSubsidy(
        person: ResidentID, certificate number: String, on day: Day, sources: SubsidySources = .standard
    ) throws -> CertificateDecision {
        let number = number.trimmingSpaces().uppercased()
        return try writeImmediate { db in
            let found = try Person.withID(person, in: db)
            guard let personID = found.id else { throw ConcordError("the person has no id") }
            let report = try PersonSubsidyReport.make(
                db, person: found, on: day, policies: try SubsidyPolicy.all(db), sources: sources)
            guard let decision = report.decisions.first(where: { $0.certificateNumber == number }) else {
                throw ConcordError(
                    "\(found.maskedID) holds no certificate numbered \(number.clipped)", at: "--cert")
            }
            guard decision.eligible, let policyID = decision.policyId else {
                throw ConcordError("not eligible: \(decision.reasons)", at: "--cert \(number)")
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let employerID = try InsuranceRecord.latest(db, personID: personID, onOrBefore: day)?.employerId
                ?? found.employerId
            var claim = SubsidyClaim(
                id: nil, personId: personID, employerId: employerID, certificateNumber: number,
                origin: decision.origin, occupationCode: decision.occupationCode, level: decision.level,
                issuedOn: decision.issuedOn.description, claimedOn: day.description, amountFen: decision.amount.value,
                policyId: policyID, decision: String(decoding: try encoder.encode(decision), as: UTF8.self),
                createdAt: Timestamp.text())
            try claim.insert(db)
            try audit(
                db, action: "subsidy.claim", entity: "certificate:\(number)",
                details: ["person": found.maskedID, "amountFen": String(decision.amount.value),
                          "policy": policyID, "claimedOn": day.description])
            return decision
        }
    }

    /// Recorded claims, optionally those claimed from `from` to `to` (inclusive), oldest first.
    public func subsidyClaims(from: Day? = nil, to: Day? = nil, reveal: Bool = false) throws -> [SubsidyClaimView] {
        try read { db in
            var sql = """
                SELECT c.*, p.name, p.resident_id, e.credit_code, e.name AS employer_name
                FROM subsidy_claim c JOIN person p ON p.id = c.person_id
                LEFT JOIN employer e ON e.id = c.employer_id WHERE 1
                """
            var arguments: StatementArguments = []
            if let from {
                sql += " AND c.claimed_on >= ?"
                arguments += [from.description]
            }
            if let to {
                sql += " AND c.claimed_on <= ?"
                arguments += [to.description]
            }
            sql += " ORDER BY c.claimed_on, c.id"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let claim = try SubsidyClaim(row: row)
                let rid: String = row["resident_id"]
                return SubsidyClaimView(
                    id: claim.id ?? 0, name: row["name"], idMasked: (try? ResidentID(rid).masked) ?? rid,
                    residentId: reveal ? rid : nil, employer: row["credit_code"], employerName: row["employer_name"],
                    certificateNumber: claim.certificateNumber, origin: claim.origin,
                    occupationCode: claim.occupationCode, level: claim.level, issuedOn: claim.issuedOn,
                    claimedOn: claim.claimedOn, amount: Fen(claim.amountFen), policyId: claim.policyId)
            }
        }
    }

    /// Runs `body` in one IMMEDIATE write transaction: the write lock is taken before the first read, so a
    /// check and the write that depends on it cannot interleave with another process's.
    func writeImmediate<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        do {
            return try writer.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw ConcordError("the transaction did not run") }
                return result
            }
        } catch let error as DatabaseError {
            throw StoreErrors.userFacing(error, path: path)
        }
    }
}
