import Catalog
import Foundation
import GRDB
import Model
import Storage

/// A person's unemployment-insurance standing as of a day: kind and cumulative months.
public struct InsuranceRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "insurance_record"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var personId: Int64
    public var employerId: Int64?
    public var kind: InsuranceKind
    /// Cumulative unemployment-insurance months as of `asOf`.
    public var months: Int
    public var asOf: String
    public var createdAt: String

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The latest record on or before `day`, or nil.
    public static func latest(_ db: Database, personID: Int64, onOrBefore day: Day) throws -> InsuranceRecord? {
        try InsuranceRecord
            .filter(Column("person_id") == personID && Column("as_of") <= day.description)
            .order(Column("as_of").desc).fetchOne(db)
    }

    /// The record as the rules see it.
    public var fact: InsuranceFact? {
        (try? Day(asOf)).map { InsuranceFact(kind: kind, months: months, asOf: $0) }
    }
}

/// What one `insurance record` or one import row states.
public struct InsuranceInput: Sendable {
    public var person: ResidentID
    public var employer: CreditCode?
    public var kind: InsuranceKind
    public var months: Int
    public var asOf: Day

    /// Checks the months (0 or more; at most 1200).
    public init(person: ResidentID, employer: CreditCode?, kind: InsuranceKind, months: Int, asOf: Day) throws {
        guard months >= 0 else { throw ConcordError("insurance months \(months) must be 0 or more") }
        guard months <= 1200 else { throw ConcordError("insurance months \(months) must be at most 1200") }
        self.person = person
        self.employer = employer
        self.kind = kind
        self.months = months
        self.asOf = asOf
    }

    /// Parses the months text.
    public static func months(_ text: String) throws -> Int {
        guard let n = Int(text.trimmingSpaces()) else {
            throw ConcordError("insurance months \(text.clipped) is not a whole number")
        }
        return n
    }
}

/// An insurance record as `insurance list` prints it (ID masked).
public struct InsuranceRecordView: Codable, Sendable, Equatable {
    public var name: String
    public var idMasked: String
    public var employer: String?
    public var kind: InsuranceKind
    public var months: Int
    public var asOf: String
}

extension Store {
    /// Records (or, for the same person and day, replaces) an insurance record.
    @discardableResult
    public func recordInsurance(_ input: InsuranceInput) throws -> InsuranceRecord {
        try write { db in
            let record = try InsuranceRecord.save(input, in: db)
            try audit(
                db, action: "insurance.record", entity: "person:\(input.person.masked)",
                details: ["kind": input.kind.rawValue, "months": String(input.months), "asOf": input.asOf.description])
            return record
        }
    }

    /// Imports insurance records from CSV with columns `resident_id,kind,months,as_of[,employer]`.
    public func importInsurance(_ document: CSVDocument, dryRun: Bool) throws -> ImportSummary {
        try Importer(store: self, dryRun: dryRun).run(document) { db, problems in
            var seen: [String: Int] = [:]
            var inputs: [(Int, InsuranceInput)] = []
            for record in document.rows {
                guard let input = problems.check(record, {
                    try InsuranceInput(
                        person: ResidentID(try record.required("resident_id")),
                        employer: try record["employer"].map(CreditCode.init),
                        kind: InsuranceKind(try record.required("kind")),
                        months: InsuranceInput.months(try record.required("months")),
                        asOf: Day(try record.required("as_of")))
                }) else { continue }
                let key = "\(input.person.value) \(input.asOf)"
                if let first = seen[key] {
                    problems.add(
                        line: record.line,
                        "\(input.person.masked) as of \(input.asOf) already appears on line \(first)")
                    continue
                }
                seen[key] = record.line
                inputs.append((record.line, input))
            }
            var summary = ImportSummary()
            for (line, input) in inputs {
                do {
                    let existed = try InsuranceRecord.find(input, in: db) != nil
                    try InsuranceRecord.save(input, in: db)
                    if existed { summary.updated += 1 } else { summary.created += 1 }
                } catch let error as ConcordError {
                    problems.add(line: line, error.description)
                }
            }
            if problems.count == 0 {
                try self.audit(db, action: "insurance.import", entity: "insurance_record",
                               details: summary.details(document))
            }
            return summary
        }
    }

    /// Insurance records, newest first, optionally for one person or one employer.
    public func insuranceRecords(person: ResidentID? = nil, employer: CreditCode? = nil) throws
        -> [InsuranceRecordView]
    {
        try read { db in
            var sql = """
                SELECT p.name, p.resident_id, e.credit_code, r.kind, r.months, r.as_of
                FROM insurance_record r JOIN person p ON p.id = r.person_id
                LEFT JOIN employer e ON e.id = r.employer_id WHERE 1
                """
            var arguments: StatementArguments = []
            if let person {
                sql += " AND p.resident_id = ?"
                arguments += [person.value]
            }
            if let employer {
                sql += " AND e.credit_code = ?"
                arguments += [employer.value]
            }
            sql += " ORDER BY r.as_of DESC, p.name"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let rid: String = row["resident_id"]
                return InsuranceRecordView(
                    name: row["name"], idMasked: (try? ResidentID(rid).masked) ?? rid, employer: row["credit_code"],
                    kind: try InsuranceKind(row["kind"]), months: row["months"], asOf: row["as_of"])
            }
        }
    }
}

extension InsuranceRecord {
    static func find(_ input: InsuranceInput, in db: Database) throws -> InsuranceRecord? {
        let person = try Person.withID(input.person, in: db)
        return try InsuranceRecord.filter(
            Column("person_id") == person.id && Column("as_of") == input.asOf.description
        ).fetchOne(db)
    }

    /// Inserts or replaces the record for the person and day (the caller writes the audit row).
    @discardableResult
    static func save(_ input: InsuranceInput, in db: Database) throws -> InsuranceRecord {
        let person = try Person.withID(input.person, in: db)
        guard let personID = person.id else { throw ConcordError("the person has no id") }
        let employerID = try input.employer.map { try Employer.withCode($0, in: db).id } ?? person.employerId
        if var existing = try find(input, in: db) {
            existing.employerId = employerID
            existing.kind = input.kind
            existing.months = input.months
            try existing.update(db)
            return existing
        }
        var record = InsuranceRecord(
            id: nil, personId: personID, employerId: employerID, kind: input.kind, months: input.months,
            asOf: input.asOf.description, createdAt: Timestamp.text())
        try record.insert(db)
        return record
    }
}
