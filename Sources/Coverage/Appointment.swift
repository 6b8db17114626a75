import Catalog
import Foundation
import GRDB
import Model
import Storage

/// A person's appointment as labour-relations coordinator for one unit, from one day to another.
public struct Appointment: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "coordinator_appointment"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var personId: Int64
    /// The employer, for an enterprise coordinator.
    public var employerId: Int64?
    /// The park, township or community (or, for county-bureau staff, the district).
    public var placeId: Int64?
    public var fromDay: Day
    /// The last day; nil while the appointment runs.
    public var toDay: Day?
    public var duty: Duty
    public var sourceRole: SourceRole
    public var note: String
    public var createdAt: String
    public var endedAt: String?

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Whether the appointment runs on `day`.
    public func isActive(on day: Day) -> Bool { fromDay <= day && (toDay.map { day <= $0 } ?? true) }

    /// Whether two periods (last days inclusive, nil = open) share a day.
    public static func overlap(_ a: (from: Day, to: Day?), _ b: (from: Day, to: Day?)) -> Bool {
        a.from <= (b.to ?? a.from) && b.from <= (a.to ?? b.from)
    }

    /// Full-time, or one post with several duties (一岗多职).
    public enum Duty: String, Codable, Sendable, CaseIterable {
        case fullTime = "full-time"
        case multiDuty = "multi-duty"

        /// Parses the names above, `part-time`, 专职 or 一岗多职/兼职.
        public init(_ text: String) throws {
            let t = text.trimmingSpaces().lowercased()
            switch t {
            case "full-time", "fulltime", "专职": self = .fullTime
            case "multi-duty", "part-time", "一岗多职", "兼职": self = .multiDuty
            default: throw ConcordError("duty \(t.clipped) is not full-time or multi-duty (一岗多职)")
            }
        }
    }

    /// Where the coordinator comes from (the seed names HR staff, unions' collective-bargaining
    /// instructors, the platforms' labour-security officers and mediators).
    public enum SourceRole: String, Codable, Sendable, CaseIterable {
        case hr
        case unionBargainingInstructor = "union-bargaining-instructor"
        case platformLabourOfficer = "platform-labour-officer"
        case mediator
        /// Staff the county HR bureau designates (落实专人) for the platforms' coordinators.
        case countyBureau = "county-bureau"
        case other

        /// Parses the names above or a Chinese label.
        public init(_ text: String) throws {
            let t = text.trimmingSpaces().lowercased()
            if let role = SourceRole(rawValue: t) { self = role; return }
            switch t {
            case "人力资源", "人事", "hr staff": self = .hr
            case "集体协商指导员", "工会集体协商指导员": self = .unionBargainingInstructor
            case "劳动保障管理员", "平台劳动保障管理员": self = .platformLabourOfficer
            case "调解员": self = .mediator
            case "人社局", "人力社保局": self = .countyBureau
            case "其他": self = .other
            default:
                throw ConcordError(
                    "role \(t.clipped) is not one of " + SourceRole.allCases.map(\.rawValue).joined(separator: ", "))
            }
        }
    }
}

/// The unit an appointment is for, as typed: an employer's credit code or a place's path.
public enum UnitRef: Sendable, Equatable, CustomStringConvertible {
    case employer(CreditCode)
    /// A place of this kind, by path (a park or community may also be named alone when the name is unique).
    case place(Place.Kind, String)

    /// Parses a unit kind (`employer|park|township|community|district`) and its value.
    public init(kind: String, value: String) throws {
        let k = kind.trimmingSpaces().lowercased()
        if k == "employer" || k == "企业" {
            self = .employer(try CreditCode(value))
            return
        }
        let placeKind = try Place.Kind(k)
        guard placeKind != .city else { throw ConcordError("nobody is appointed to a whole city") }
        let v = value.trimmingSpaces()
        guard !v.isEmpty else { throw ConcordError("the \(placeKind.rawValue) is empty") }
        self = .place(placeKind, v)
    }

    public var description: String {
        switch self {
        case .employer(let code): "employer \(code)"
        case .place(let kind, let path): "\(kind.rawValue) \(path)"
        }
    }

    /// Finds the unit: an employer, or a stored place, or a place the employers imply (stored now).
    func resolve(in db: Database) throws -> (employerID: Int64?, placeID: Int64?, label: String) {
        switch self {
        case .employer(let code):
            let employer = try Employer.withCode(code, in: db)
            return (employer.id, nil, employer.name)
        case .place(let kind, let text):
            let place = try Self.findPlace(kind, text, in: db)
            return (nil, place.id, place.path)
        }
    }

    private static func findPlace(_ kind: Place.Kind, _ text: String, in db: Database) throws -> Place {
        if text.contains("/") {
            if let stored = try Place.at(text, in: db) {
                guard stored.kind == kind else {
                    throw ConcordError("\(text) is a \(stored.kind.rawValue), not a \(kind.rawValue)")
                }
                return stored
            }
            let implied = ImpliedPlaces.of(try Employer.fetchAll(db))
            if implied.contains(where: { $0.path == text && $0.kind == kind }) {
                let input = try PlaceInput(path: RegionPath(text), kind: kind)
                return try Place.upsert(input, updateFlag: false, in: db).place
            }
            throw ConcordError("no \(kind.rawValue) \(text.clipped) is registered or implied by an employer")
        }
        _ = try Place.sync(in: db)
        let found = try Place.filter(Column("kind") == kind.rawValue && Column("name") == text).fetchAll(db)
        guard found.count == 1, let place = found.first else {
            throw ConcordError(
                found.isEmpty
                    ? "no \(kind.rawValue) is named \(text.clipped)"
                    : "\(found.count) \(kind.rawValue)s are named \(text.clipped); give the full path")
        }
        return place
    }
}

/// What `coordinator appoint` (or one import row) asks for.
public struct AppointmentInput: Sendable {
    public var person: ResidentID
    public var unit: UnitRef
    public var from: Day
    public var to: Day?
    public var duty: Appointment.Duty
    public var role: Appointment.SourceRole
    public var note: String

    public init(
        person: ResidentID, unit: UnitRef, from: Day, to: Day? = nil, duty: Appointment.Duty,
        role: Appointment.SourceRole, note: String = ""
    ) throws {
        if let to, to < from { throw ConcordError("the end \(to) is before the start \(from)") }
        let note = note.trimmingSpaces()
        guard note.count <= 200 else { throw ConcordError("the note is longer than 200 characters") }
        if case .place(.district, _) = unit, role != .countyBureau {
            throw ConcordError("only county-bureau staff are appointed to a district")
        }
        if role == .countyBureau {
            guard case .place(.district, _) = unit else {
                throw ConcordError("county-bureau staff are appointed to a district")
            }
        }
        self.person = person
        self.unit = unit
        self.from = from
        self.to = to
        self.duty = duty
        self.role = role
        self.note = note
    }
}

/// An appointment as `coordinator list` shows it.
public struct AppointmentView: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var idMasked: String
    public var residentId: String?
    /// `employer`, `park`, `township`, `community` or `district`.
    public var unitKind: String
    /// The employer's name or the place's path.
    public var unit: String
    public var creditCode: String?
    public var from: Day
    public var to: Day?
    public var duty: Appointment.Duty
    public var role: Appointment.SourceRole
    public var note: String
}

extension Appointment {
    /// Inserts an appointment after checking the person, the unit and overlaps, in the caller's transaction.
    static func insert(_ input: AppointmentInput, in db: Database) throws -> (Appointment, label: String) {
        let person = try Person.withID(input.person, in: db)
        let unit = try input.unit.resolve(in: db)
        guard let personID = person.id else { throw ConcordError("the person has no id") }
        var same = Appointment.filter(Column("person_id") == personID)
        same = unit.employerID.map { same.filter(Column("employer_id") == $0) }
            ?? same.filter(Column("place_id") == unit.placeID)
        for other in try same.fetchAll(db)
        where overlap((input.from, input.to), (other.fromDay, other.toDay)) {
            throw ConcordError(
                "\(person.maskedID) is already appointed to \(unit.label) from \(other.fromDay)"
                    + (other.toDay.map { " to \($0)" } ?? " (running)"))
        }
        var record = Appointment(
            id: nil, personId: personID, employerId: unit.employerID, placeId: unit.placeID, fromDay: input.from,
            toDay: input.to, duty: input.duty, sourceRole: input.role, note: input.note,
            createdAt: Timestamp.text(), endedAt: input.to == nil ? nil : Timestamp.text())
        try record.insert(db)
        return (record, unit.label)
    }
}

extension Store {
    /// Appoints a coordinator; refuses an unknown person or unit and an overlap with the same unit.
    @discardableResult
    public func appoint(_ input: AppointmentInput) throws -> Appointment {
        try write { db in
            let (record, label) = try Appointment.insert(input, in: db)
            try audit(
                db, action: "coordinator.appoint", entity: "appointment:\(record.id ?? 0)",
                details: ["person": input.person.masked, "unit": label, "from": input.from.description,
                          "to": input.to?.description ?? "", "duty": input.duty.rawValue, "role": input.role.rawValue])
            return record
        }
    }

    /// Ends a running appointment: `day` is its last day.
    @discardableResult
    public func endAppointment(id: Int64, on day: Day) throws -> Appointment {
        try write { db in
            guard var record = try Appointment.fetchOne(db, key: id) else {
                throw ConcordError("no appointment has the id \(id)")
            }
            if let to = record.toDay { throw ConcordError("appointment \(id) already ended on \(to)") }
            guard day >= record.fromDay else {
                throw ConcordError("the end \(day) is before the start \(record.fromDay)")
            }
            record.toDay = day
            record.endedAt = Timestamp.text()
            try record.update(db)
            try audit(db, action: "coordinator.end", entity: "appointment:\(id)", details: ["to": day.description])
            return record
        }
    }

    /// Imports appointments from a CSV file with columns `resident_id,unit_kind,unit,from[,to,duty,role,note]`.
    public func importAppointments(_ document: CSVDocument, dryRun: Bool) throws -> ImportSummary {
        try Importer(store: self, dryRun: dryRun).run(document) { db, problems in
            var summary = ImportSummary()
            for record in document.rows {
                problems.check(record) {
                    let input = try AppointmentInput(
                        person: ResidentID(try record.required("resident_id")),
                        unit: UnitRef(kind: try record.required("unit_kind"), value: try record.required("unit")),
                        from: Day(try record.required("from")),
                        to: try record["to"].map(Day.init),
                        duty: try Appointment.Duty(record["duty"] ?? "multi-duty"),
                        role: try Appointment.SourceRole(record["role"] ?? "other"),
                        note: record["note"] ?? "")
                    _ = try Appointment.insert(input, in: db)
                    summary.created += 1
                }
            }
            try self.audit(
                db, action: "coordinator.import", entity: "appointment", details: summary.details(document))
            return summary
        }
    }

    /// Appointments (all, or those running on `day`), optionally one person's or under a region.
    public func appointments(
        person: ResidentID? = nil, region: String? = nil, on day: Day? = nil, reveal: Bool = false
    ) throws -> [AppointmentView] {
        try read { db in
            var sql = """
                SELECT a.*, p.name AS person_name, p.resident_id AS resident_id, e.name AS employer_name,
                       e.credit_code AS credit_code, e.region AS employer_region, pl.path AS place_path,
                       pl.kind AS place_kind
                FROM coordinator_appointment a JOIN person p ON p.id = a.person_id
                LEFT JOIN employer e ON e.id = a.employer_id LEFT JOIN place pl ON pl.id = a.place_id
                """
            var arguments: StatementArguments = []
            if let person {
                sql += " WHERE p.resident_id = ?"
                arguments = [person.value]
            }
            sql += " ORDER BY a.from_day, a.id"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap { row -> AppointmentView? in
                let record = try Appointment(row: row)
                if let day, !record.isActive(on: day) { return nil }
                let path: String = row["place_path"] ?? row["employer_region"] ?? ""
                guard isUnder(path, region) else { return nil }
                let residentID: String = row["resident_id"]
                let name: String = row["person_name"]
                return AppointmentView(
                    id: record.id ?? 0, name: name,
                    idMasked: (try? ResidentID(residentID).masked) ?? "", residentId: reveal ? residentID : nil,
                    unitKind: row["place_kind"] ?? "employer", unit: row["place_path"] ?? row["employer_name"] ?? "",
                    creditCode: row["credit_code"], from: record.fromDay, to: record.toDay, duty: record.duty,
                    role: record.sourceRole, note: record.note)
            }
        }
    }
}
