import Foundation
import GRDB
import Model
import Storage

/// A training institution (培训机构) or evaluation body (评价机构).
public struct Institution: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "institution"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    /// The short code people type (`HZ-TRAIN-01`).
    public var code: String
    public var name: String
    public var kind: Kind
    public var creditCode: String?
    public var region: String
    public var createdAt: String

    /// What an institution does.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case training, evaluation, both

        /// Parses `training|evaluation|both` (or 培训/评价).
        public init(_ text: String) throws {
            switch text.trimmingSpaces().lowercased() {
            case "training", "培训", "培训机构": self = .training
            case "evaluation", "评价", "评价机构": self = .evaluation
            case "both": self = .both
            default: throw ConcordError("institution kind \(text.clipped) is not training, evaluation or both")
            }
        }

        /// Whether it may run courses.
        public var trains: Bool { self != .evaluation }
        /// Whether it may assess and issue certificates.
        public var evaluates: Bool { self != .training }
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The institution with this code, or an error naming the code.
    public static func named(_ code: String, in db: Database) throws -> Institution {
        guard let found = try Institution.filter(Column("code") == code).fetchOne(db) else {
            throw ConcordError("no institution has the code \(code.clipped)")
        }
        return found
    }
}

extension Store {
    /// Registers an institution; the code must be new.
    @discardableResult
    public func addInstitution(
        code: String, name: String, kind: Institution.Kind, creditCode: CreditCode?, region: String
    ) throws -> Institution {
        let code = code.trimmingSpaces()
        let name = name.trimmingSpaces()
        guard (1...32).contains(code.count), code.allSatisfy({ !$0.isWhitespace }) else {
            throw ConcordError("institution code \(code.clipped) must be 1–32 characters without spaces")
        }
        guard (1...100).contains(name.count) else {
            throw ConcordError("institution name must be 1–100 characters")
        }
        return try write { db in
            if try Institution.filter(Column("code") == code).fetchCount(db) > 0 {
                throw ConcordError("an institution with the code \(code) already exists")
            }
            var record = Institution(
                id: nil, code: code, name: name, kind: kind, creditCode: creditCode?.value,
                region: region.trimmingSpaces(), createdAt: Timestamp.text())
            try record.insert(db)
            try audit(db, action: "institution.add", entity: "institution:\(code)", details: record)
            return record
        }
    }

    /// Every institution, by code.
    public func institutions() throws -> [Institution] {
        try read { db in try Institution.order(Column("code")).fetchAll(db) }
    }
}
