import Catalog
import Foundation
import GRDB
import Model
import Storage

/// A vocational skill certificate issued elsewhere and found in the national or provincial registry.
public struct ExternalCertificate: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "external_certificate"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var personId: Int64
    public var number: String
    public var occupationCode: String
    public var occupationName: String
    public var level: SkillLevel
    public var issuedOn: String
    /// The body that issued it.
    public var issuer: String
    /// Where the registry lists it (a query reference or URL), if noted.
    public var registryRef: String
    public var createdAt: String

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The person's external certificates, oldest first.
    public static func all(_ db: Database, personID: Int64) throws -> [ExternalCertificate] {
        try ExternalCertificate.filter(Column("person_id") == personID).order(Column("issued_on")).fetchAll(db)
    }

    /// The certificate as the rules see it.
    public var held: HeldCertificate? {
        (try? Day(issuedOn)).map {
            HeldCertificate(
                number: number, occupationCode: occupationCode, occupationName: occupationName, level: level,
                issuedOn: $0, origin: .external)
        }
    }
}

/// What `cert external add` states.
public struct ExternalCertificateInput: Sendable {
    public var person: ResidentID
    public var number: String
    public var occupationCode: String
    public var occupationName: String
    public var level: SkillLevel
    public var issuedOn: Day
    public var issuer: String
    public var registryRef: String

    /// Checks the number, occupation code and texts.
    public init(
        person: ResidentID, number: String, occupationCode: String, occupationName: String, level: SkillLevel,
        issuedOn: Day, issuer: String, registryRef: String = ""
    ) throws {
        let number = number.trimmingSpaces().uppercased()
        guard (4...40).contains(number.count), number.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { throw ConcordError("certificate number \(number.clipped) must be 4–40 letters or digits") }
        let code = occupationCode.trimmingSpaces()
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0].count == 1, parts.dropFirst().allSatisfy({ $0.count == 2 }),
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { throw ConcordError("occupation code \(code.clipped) must look like 4-07-03-02") }
        let name = occupationName.trimmingSpaces()
        guard (1...50).contains(name.count) else { throw ConcordError("occupation name must be 1–50 characters") }
        let issuer = issuer.trimmingSpaces()
        guard (1...100).contains(issuer.count) else { throw ConcordError("issuer must be 1–100 characters") }
        self.person = person
        self.number = number
        self.occupationCode = code
        self.occupationName = name
        self.level = level
        self.issuedOn = issuedOn
        self.issuer = issuer
        self.registryRef = registryRef.trimmingSpaces()
    }
}

/// An external certificate as `cert external list` prints it (holder's ID masked).
public struct ExternalCertificateView: Codable, Sendable, Equatable {
    public var name: String
    public var idMasked: String
    public var number: String
    public var occupationCode: String
    public var occupationName: String
    public var level: SkillLevel
    public var issuedOn: String
    public var issuer: String
    public var registryRef: String
}

extension Store {
    /// Records a certificate issued elsewhere.
    @discardableResult
    public func addExternalCertificate(_ input: ExternalCertificateInput) throws -> ExternalCertificate {
        try write { db in
            let person = try Person.withID(input.person, in: db)
            guard let personID = person.id else { throw ConcordError("the person has no id") }
            if try ExternalCertificate.filter(Column("number") == input.number).fetchCount(db) > 0 {
                throw ConcordError("certificate \(input.number) is already recorded", at: "--number")
            }
            var record = ExternalCertificate(
                id: nil, personId: personID, number: input.number, occupationCode: input.occupationCode,
                occupationName: input.occupationName, level: input.level, issuedOn: input.issuedOn.description,
                issuer: input.issuer, registryRef: input.registryRef, createdAt: Timestamp.text())
            try record.insert(db)
            try audit(
                db, action: "certificate.external.add", entity: "certificate:\(input.number)",
                details: ["person": input.person.masked, "occupation": input.occupationCode,
                          "level": String(input.level.rawValue), "issuedOn": input.issuedOn.description])
            return record
        }
    }

    /// External certificates, optionally one person's.
    public func externalCertificates(person: ResidentID? = nil) throws -> [ExternalCertificateView] {
        try read { db in
            var sql = """
                SELECT c.*, p.name, p.resident_id FROM external_certificate c JOIN person p ON p.id = c.person_id
                """
            var arguments: StatementArguments = []
            if let person {
                sql += " WHERE p.resident_id = ?"
                arguments = [person.value]
            }
            sql += " ORDER BY c.issued_on, c.number"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let c = try ExternalCertificate(row: row)
                let rid: String = row["resident_id"]
                return ExternalCertificateView(
                    name: row["name"], idMasked: (try? ResidentID(rid).masked) ?? rid, number: c.number,
                    occupationCode: c.occupationCode, occupationName: c.occupationName, level: c.level,
                    issuedOn: c.issuedOn, issuer: c.issuer, registryRef: c.registryRef)
            }
        }
    }
}
