import Catalog
import Foundation
import GRDB
import Model
import Storage

/// A duty contact: a park/township coordinator's contact or on-site guidance with an employer's
/// coordinator, or the county bureau's guidance of one (岗位责任制).
public struct DutyContact: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "duty_contact"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var kind: ContactKind
    public var onDay: Day
    /// The park/township coordinator (or county-bureau staff) who made the contact.
    public var byPersonId: Int64
    /// The park or township (a district for bureau guidance) the contact was made for.
    public var placeId: Int64
    public var employerId: Int64
    /// The employer's coordinator contacted.
    public var withPersonId: Int64
    public var note: String
    public var createdAt: String

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// What `contact record` (or one import row) asks for.
public struct ContactInput: Sendable {
    public var kind: ContactKind
    public var on: Day
    public var by: ResidentID
    public var with: ResidentID
    /// The employer; needed only when the enterprise coordinator serves several employers.
    public var employer: CreditCode?
    public var note: String

    public init(
        kind: ContactKind, on: Day, by: ResidentID, with: ResidentID, employer: CreditCode? = nil, note: String = ""
    ) throws {
        guard by != with else { throw ConcordError("a coordinator cannot contact themselves") }
        let note = note.trimmingSpaces()
        guard note.count <= 500 else { throw ConcordError("the note is longer than 500 characters") }
        self.kind = kind
        self.on = on
        self.by = by
        self.with = with
        self.employer = employer
        self.note = note
    }
}

extension DutyContact {
    /// Checks who may make the contact and inserts it in the caller's transaction.
    static func insert(_ input: ContactInput, in db: Database) throws -> (DutyContact, employer: Employer) {
        let by = try Person.withID(input.by, in: db)
        let with = try Person.withID(input.with, in: db)
        let day = input.on
        // The enterprise coordinator's employer: the one named, which they must serve on the day.
        let serving = try Appointment.filter(Column("person_id") == with.id && Column("employer_id") != nil)
            .fetchAll(db).filter { $0.isActive(on: day) }
        var employers = try serving.compactMap { a in try a.employerId.flatMap { try Employer.fetchOne(db, key: $0) } }
        if let code = input.employer {
            let named = try Employer.withCode(code, in: db)
            employers = employers.filter { $0.id == named.id }
            guard !employers.isEmpty else {
                throw ConcordError("\(with.maskedID) is not a coordinator of \(named.name) on \(day)")
            }
        }
        guard let employer = employers.first else {
            throw ConcordError("\(with.maskedID) is not an enterprise coordinator on \(day)")
        }
        guard employers.count == 1 else {
            throw ConcordError(
                "\(with.maskedID) serves \(employers.count) employers on \(day); name one with --employer")
        }
        // The contact's maker must be appointed on the day to a place covering that employer's area.
        let covering: [String]
        switch input.kind {
        case .contact, .onSite:
            covering = ImpliedPlaces.platforms(of: employer)
        case .bureauGuidance:
            covering = [ImpliedPlaces.district(of: employer)].compactMap { $0 }
        }
        let places = try Place.filter(covering.contains(Column("path"))).fetchAll(db)
        let held = try Appointment.filter(Column("person_id") == by.id && Column("place_id") != nil).fetchAll(db)
            .filter { $0.isActive(on: day) }
        guard let place = places.first(where: { p in held.contains { $0.placeId == p.id } }),
              let placeID = place.id, let byID = by.id, let withID = with.id, let employerID = employer.id
        else {
            let area = input.kind == .bureauGuidance ? "the county bureau of" : "a park or township covering"
            throw ConcordError("\(by.maskedID) is not appointed on \(day) to \(area) \(employer.name)'s area")
        }
        var record = DutyContact(
            id: nil, kind: input.kind, onDay: day, byPersonId: byID, placeId: placeID, employerId: employerID,
            withPersonId: withID, note: input.note, createdAt: Timestamp.text())
        try record.insert(db)
        return (record, employer)
    }
}

extension Store {
    /// Records a duty contact; refuses one by someone not appointed to a park/township (or, for bureau
    /// guidance, the district) covering the employer's area on that day.
    @discardableResult
    public func recordContact(_ input: ContactInput) throws -> DutyContact {
        try write { db in
            let (record, employer) = try DutyContact.insert(input, in: db)
            try audit(
                db, action: "contact.record", entity: "contact:\(record.id ?? 0)",
                details: ["kind": input.kind.rawValue, "on": input.on.description, "by": input.by.masked,
                          "with": input.with.masked, "employer": employer.creditCode])
            return record
        }
    }

    /// Imports duty contacts from a CSV file with columns `kind,on,by,with[,employer,note]` (by/with:
    /// resident IDs; employer: credit code).
    public func importContacts(_ document: CSVDocument, dryRun: Bool) throws -> ImportSummary {
        try Importer(store: self, dryRun: dryRun).run(document) { db, problems in
            var summary = ImportSummary()
            for record in document.rows {
                problems.check(record) {
                    let input = try ContactInput(
                        kind: ContactKind(try record.required("kind")), on: Day(try record.required("on")),
                        by: ResidentID(try record.required("by")), with: ResidentID(try record.required("with")),
                        employer: try record["employer"].map(CreditCode.init), note: record["note"] ?? "")
                    _ = try DutyContact.insert(input, in: db)
                    summary.created += 1
                }
            }
            try self.audit(db, action: "contact.import", entity: "contact", details: summary.details(document))
            return summary
        }
    }
}
