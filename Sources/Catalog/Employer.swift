import Foundation
import GRDB
import Model
import Storage

/// An employer (用人单位), identified by its unified social credit code.
public struct Employer: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "employer"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var creditCode: String
    public var name: String
    public var sizeClass: SizeClass
    /// The region path, city first: `杭州市/西湖区/文新街道`.
    public var region: String
    /// The industrial park the employer sits in, if any.
    public var park: String?
    public var createdAt: String
    public var updatedAt: String

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The employer with this credit code, or an error naming it.
    public static func withCode(_ code: CreditCode, in db: Database) throws -> Employer {
        guard let found = try Employer.filter(Column("credit_code") == code.value).fetchOne(db) else {
            throw ConcordError("no employer has the credit code \(code)")
        }
        return found
    }
}

/// What an employer is registered with (one `employer add` or one import row).
public struct EmployerInput: Sendable {
    public var creditCode: CreditCode
    public var name: String
    public var sizeClass: SizeClass
    public var region: RegionPath
    public var park: String?

    public init(creditCode: CreditCode, name: String, sizeClass: SizeClass, region: RegionPath, park: String?) {
        self.creditCode = creditCode
        self.name = name
        self.sizeClass = sizeClass
        self.region = region
        self.park = park
    }

    /// Checks the name's length.
    func validated() throws -> EmployerInput {
        let trimmed = name.trimmingSpaces()
        guard (1...100).contains(trimmed.count) else {
            throw ConcordError("employer name must be 1–100 characters")
        }
        var copy = self
        copy.name = trimmed
        copy.park = park.map { $0.trimmingSpaces() }.flatMap { $0.isEmpty ? nil : $0 }
        return copy
    }
}

/// A region path such as `杭州市/西湖区/文新街道`: city, district, then township/street and community.
public struct RegionPath: Hashable, Sendable, CustomStringConvertible {
    /// The levels, city first.
    public let parts: [String]

    /// Parses a `/`-separated path of 1 to 4 non-empty levels.
    public init(_ text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { String($0).trimmingSpaces() }
        guard (1...4).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.count <= 40 }) else {
            throw ConcordError("region \(text.clipped) must be 1–4 names separated by '/', city first")
        }
        self.parts = parts
    }

    public var description: String { parts.joined(separator: "/") }
}

extension Store {
    /// Adds an employer, or updates it when the credit code is already registered.
    @discardableResult
    public func saveEmployer(_ input: EmployerInput) throws -> (employer: Employer, created: Bool) {
        let input = try input.validated()
        return try write { db in
            let result = try Employer.upsert(input, in: db)
            try audit(
                db, action: result.created ? "employer.add" : "employer.update",
                entity: "employer:\(input.creditCode)", details: result.employer)
            return result
        }
    }

    /// Imports employers from a CSV file with columns `name,credit_code,size,region[,park]`.
    public func importEmployers(_ document: CSVDocument, dryRun: Bool) throws -> ImportSummary {
        try Importer(store: self, dryRun: dryRun).run(document) { db, problems in
            var seen: [String: Int] = [:]
            var inputs: [EmployerInput] = []
            for record in document.rows {
                guard let input = problems.check(record, {
                    try EmployerInput(
                        creditCode: CreditCode(try record.required("credit_code")),
                        name: try record.required("name"),
                        sizeClass: SizeClass(try record.required("size")),
                        region: RegionPath(try record.required("region")),
                        park: record["park"]
                    ).validated()
                }) else { continue }
                if let first = seen[input.creditCode.value] {
                    problems.add(line: record.line, "credit code \(input.creditCode) already appears on line \(first)")
                    continue
                }
                seen[input.creditCode.value] = record.line
                inputs.append(input)
            }
            guard problems.count == 0 else { return ImportSummary() }
            var summary = ImportSummary()
            let progress = ProgressLine("employers", total: inputs.count)
            for (i, input) in inputs.enumerated() {
                let created = try Employer.upsert(input, in: db).created
                if created { summary.created += 1 } else { summary.updated += 1 }
                progress.update(i + 1)
            }
            progress.finish()
            try self.audit(db, action: "employer.import", entity: "employer", details: summary.details(document))
            return summary
        }
    }

    /// Employers, by name, optionally only those whose region path starts with `region`.
    public func employers(inRegion region: String? = nil) throws -> [Employer] {
        try read { db in
            var request = Employer.order(Column("region"), Column("name"))
            if let region, !region.isEmpty {
                request = request.filter(Column("region") == region || Column("region").like(region + "/%"))
            }
            return try request.fetchAll(db)
        }
    }
}

extension Employer {
    /// Inserts or updates by credit code.
    static func upsert(_ input: EmployerInput, in db: Database) throws -> (employer: Employer, created: Bool) {
        let now = Timestamp.text()
        if var existing = try Employer.filter(Column("credit_code") == input.creditCode.value).fetchOne(db) {
            existing.name = input.name
            existing.sizeClass = input.sizeClass
            existing.region = input.region.description
            existing.park = input.park
            existing.updatedAt = now
            try existing.update(db)
            return (existing, false)
        }
        var record = Employer(
            id: nil, creditCode: input.creditCode.value, name: input.name, sizeClass: input.sizeClass,
            region: input.region.description, park: input.park, createdAt: now, updatedAt: now)
        try record.insert(db)
        return (record, true)
    }
}
