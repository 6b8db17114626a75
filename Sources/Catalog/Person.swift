import Foundation
import GRDB
import Model
import Storage

/// A person in the registry: trainee, candidate, coordinator, judge or contestant.
public struct Person: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "person"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var residentId: String
    public var name: String
    public var phone: String?
    public var employerId: Int64?
    public var education: Education
    public var major: String?
    /// The day the person began work in this or a related occupation.
    public var relatedWorkSince: String?
    public var createdAt: String
    public var updatedAt: String

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The person with this identity number, or an error naming the masked number.
    public static func withID(_ residentID: ResidentID, in db: Database) throws -> Person {
        guard let found = try Person.filter(Column("resident_id") == residentID.value).fetchOne(db) else {
            throw ConcordError("no person has the resident ID \(residentID.masked)")
        }
        return found
    }

    /// The masked name the public may see.
    public var maskedName: String { PersonName.mask(name) }
    /// The masked identity number the public may see.
    public var maskedID: String {
        (try? ResidentID(residentId).masked) ?? String(repeating: "*", count: residentId.count)
    }
    /// The date work in a related occupation began, parsed.
    public var relatedWorkStart: Day? { relatedWorkSince.flatMap { try? Day($0) } }
}

/// What a person is registered with (one `person add` or one import row).
public struct PersonInput: Sendable {
    public var name: PersonName
    public var residentID: ResidentID
    public var phone: String?
    public var employer: CreditCode?
    public var education: Education
    public var major: String?
    public var relatedWorkSince: Day?

    public init(
        name: PersonName, residentID: ResidentID, phone: String? = nil, employer: CreditCode? = nil,
        education: Education = .none, major: String? = nil, relatedWorkSince: Day? = nil
    ) throws {
        self.name = name
        self.residentID = residentID
        self.phone = try phone.map(Self.checkPhone).flatMap { $0.isEmpty ? nil : $0 }
        self.employer = employer
        self.education = education
        self.major = major?.trimmingSpaces()
        if let m = self.major, m.count > 50 { throw ConcordError("major \(m.clipped) is longer than 50 characters") }
        if self.major?.isEmpty == true { self.major = nil }
        self.relatedWorkSince = relatedWorkSince
        if let since = relatedWorkSince, since < residentID.birthDate {
            throw ConcordError("related work since \(since) is before the birth date")
        }
    }

    private static func checkPhone(_ text: String) throws -> String {
        let t = text.trimmingSpaces()
        let allowed: Set<UInt8> = Set("0123456789+- ".utf8)
        guard t.utf8.count <= 20, t.utf8.allSatisfy({ allowed.contains($0) }) else {
            throw ConcordError("phone \(t.clipped) must be at most 20 digits, spaces, '+' or '-'")
        }
        return t
    }
}

/// The view of a person printed by `person list|show`: the ID masked unless revealing was asked for.
public struct PersonView: Codable, Sendable, Equatable {
    public var name: String
    public var idMasked: String
    public var residentId: String?
    public var phone: String?
    public var employer: String?
    public var employerName: String?
    public var education: Education
    public var major: String?
    public var relatedWorkSince: String?
}

extension Store {
    /// Adds a person, or updates them when the identity number is already registered.
    @discardableResult
    public func savePerson(_ input: PersonInput) throws -> (person: Person, created: Bool) {
        try write { db in
            let result = try Person.upsert(input, in: db)
            try audit(
                db, action: result.created ? "person.add" : "person.update",
                entity: "person:\(input.residentID.masked)", details: ["name": input.name.masked])
            return result
        }
    }

    /// Imports people from a CSV file with columns
    /// `name,resident_id[,phone,employer,education,major,related_work_since]`.
    public func importPersons(_ document: CSVDocument, dryRun: Bool) throws -> ImportSummary {
        try Importer(store: self, dryRun: dryRun).run(document) { db, problems in
            var employers: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, credit_code FROM employer") {
                employers[row["credit_code"]] = row["id"]
            }
            var seen: [String: Int] = [:]
            // Thousands of rows name the same few employers: validate each code text once.
            var codes: [String: CreditCode] = [:]
            func creditCode(_ text: String) throws -> CreditCode {
                if let known = codes[text] { return known }
                let code = try CreditCode(text)
                codes[text] = code
                return code
            }
            var inputs: [(PersonInput, Int64?)] = []
            inputs.reserveCapacity(document.rows.count)
            for record in document.rows {
                guard let input = problems.check(record, {
                    try PersonInput(
                        name: PersonName(try record.required("name")),
                        residentID: ResidentID(try record.required("resident_id")),
                        phone: record["phone"],
                        employer: try record["employer"].map(creditCode),
                        education: try Education(record["education"] ?? ""),
                        major: record["major"],
                        relatedWorkSince: try record["related_work_since"].map(Day.init))
                }) else { continue }
                if let first = seen[input.residentID.value] {
                    problems.add(
                        line: record.line, "resident ID \(input.residentID.masked) already appears on line \(first)")
                    continue
                }
                seen[input.residentID.value] = record.line
                var employerID: Int64?
                if let code = input.employer {
                    guard let id = employers[code.value] else {
                        problems.add(line: record.line, "no employer has the credit code \(code)")
                        continue
                    }
                    employerID = id
                }
                inputs.append((input, employerID))
            }
            guard problems.count == 0 else { return ImportSummary() }
            var summary = ImportSummary()
            let progress = ProgressLine("persons", total: inputs.count)
            let now = Timestamp.text()
            let insert = try db.makeStatement(sql: """
                INSERT INTO person (resident_id, name, phone, employer_id, education, major, related_work_since,
                                    created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(resident_id) DO UPDATE SET
                    name = excluded.name, phone = excluded.phone, employer_id = excluded.employer_id,
                    education = excluded.education, major = excluded.major,
                    related_work_since = excluded.related_work_since, updated_at = excluded.updated_at
                """)
            let before = try Person.fetchCount(db)
            for (i, (input, employerID)) in inputs.enumerated() {
                try insert.execute(arguments: [
                    input.residentID.value, input.name.value, input.phone, employerID, input.education.rawValue,
                    input.major, input.relatedWorkSince?.description, now, now,
                ])
                progress.update(i + 1)
            }
            summary.created = try Person.fetchCount(db) - before
            summary.updated = inputs.count - summary.created
            progress.finish()
            try self.audit(db, action: "person.import", entity: "person", details: summary.details(document))
            return summary
        }
    }

    /// People with their employers, optionally only one employer's, by name.
    public func persons(employer: CreditCode? = nil, reveal: Bool = false) throws -> [PersonView] {
        try read { db in
            var sql = """
                SELECT p.*, e.credit_code AS employer_code, e.name AS employer_name
                FROM person p LEFT JOIN employer e ON e.id = p.employer_id
                """
            var arguments: StatementArguments = []
            if let employer {
                sql += " WHERE e.credit_code = ?"
                arguments = [employer.value]
            }
            sql += " ORDER BY p.name, p.resident_id"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                try Person.view(row, reveal: reveal)
            }
        }
    }

    /// One person by identity number.
    public func person(_ id: ResidentID, reveal: Bool = false) throws -> PersonView {
        try read { db in
            let sql = """
                SELECT p.*, e.credit_code AS employer_code, e.name AS employer_name
                FROM person p LEFT JOIN employer e ON e.id = p.employer_id WHERE p.resident_id = ?
                """
            guard let row = try Row.fetchOne(db, sql: sql, arguments: [id.value]) else {
                throw ConcordError("no person has the resident ID \(id.masked)")
            }
            return try Person.view(row, reveal: reveal)
        }
    }
}

extension Person {
    static func view(_ row: Row, reveal: Bool) throws -> PersonView {
        let person = try Person(row: row)
        return PersonView(
            name: person.name, idMasked: person.maskedID, residentId: reveal ? person.residentId : nil,
            phone: person.phone, employer: row["employer_code"], employerName: row["employer_name"],
            education: person.education, major: person.major, relatedWorkSince: person.relatedWorkSince)
    }

    /// Inserts or updates by identity number.
    static func upsert(_ input: PersonInput, in db: Database) throws -> (person: Person, created: Bool) {
        let employerID = try input.employer.map { try Employer.withCode($0, in: db).id }
        let now = Timestamp.text()
        if var existing = try Person.filter(Column("resident_id") == input.residentID.value).fetchOne(db) {
            existing.name = input.name.value
            existing.phone = input.phone
            existing.employerId = employerID ?? nil
            existing.education = input.education
            existing.major = input.major
            existing.relatedWorkSince = input.relatedWorkSince?.description
            existing.updatedAt = now
            try existing.update(db)
            return (existing, false)
        }
        var record = Person(
            id: nil, residentId: input.residentID.value, name: input.name.value, phone: input.phone,
            employerId: employerID ?? nil, education: input.education, major: input.major,
            relatedWorkSince: input.relatedWorkSince?.description, createdAt: now, updatedAt: now)
        try record.insert(db)
        return (record, true)
    }
}
