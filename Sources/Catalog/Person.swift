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
        // A character takes at least one byte: 50 bytes or fewer need no character counting.
        if let m = self.major, m.utf8.count > 50, m.count > 50 {
            throw ConcordError("major \(m.clipped) is longer than 50 characters")
        }
        if self.major?.isEmpty == true { self.major = nil }
        self.relatedWorkSince = relatedWorkSince
        if let since = relatedWorkSince, since < residentID.birthDate {
            throw ConcordError("related work since \(since) is before the birth date")
        }
    }

    /// Whether the CHECKs of the `person` table must pass for this input, so that an import may skip them.
    ///
    /// They hold by construction (an ID of 18 ASCII characters, an education from the table's list, a
    /// `YYYY-MM-DD` date) except `length(name) BETWEEN 1 AND 50`, which counts code points where `PersonName`
    /// counts characters: a name of combining marks can pass one and not the other.
    var passesPersonTableChecks: Bool {
        name.value.utf8.count <= 50 || name.value.unicodeScalars.count <= 50
    }

    private static func checkPhone(_ text: String) throws -> String {
        let t = text.trimmingSpaces()
        let allowed = { (byte: UInt8) in
            (0x30...0x39).contains(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: " ")
        }
        guard t.utf8.count <= 20, t.utf8.allSatisfy(allowed) else {
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
            var summary = ImportSummary()
            let progress = ProgressLine("persons", total: document.rowCountEstimate)
            let now = Timestamp.text()
            let before = try Person.fetchCount(db)
            var seen: [String: Int] = [:]
            seen.reserveCapacity(document.rowCountEstimate)
            var written = 0
            // While SQLite's CHECKs on `person` cannot fail they are skipped: for `education IN (...)` SQLite
            // builds a temporary b-tree for every row. The first row they could fail for turns them back on
            // (the statement is then prepared again, with its bindings); they are on again before the audit.
            var skippingChecks = try Bool.fetchOne(db, sql: "PRAGMA ignore_check_constraints") == false
            do {
                if skippingChecks { try db.execute(sql: "PRAGMA ignore_check_constraints = ON") }
                defer {  // on the way out after an error; the normal way out below reports a failure
                    if skippingChecks { try? db.execute(sql: "PRAGMA ignore_check_constraints = OFF") }
                }
                let insert = try RowBatch(
                    db,
                    insert: """
                        INSERT INTO person (resident_id, name, phone, employer_id, education, major,
                                            related_work_since, created_at, updated_at)
                        """,
                    width: 9,
                    tail: """
                        ON CONFLICT(resident_id) DO UPDATE SET
                            name = excluded.name, phone = excluded.phone, employer_id = excluded.employer_id,
                            education = excluded.education, major = excluded.major,
                            related_work_since = excluded.related_work_since, updated_at = excluded.updated_at
                        """)
                // Rows are checked on the other cores (the checks need nothing from the database) while this
                // thread reports them, matches them against each other and the employers, and writes them, in
                // line order. After the first bad row nothing more is written, but every row is still checked.
                let employerIDs = employers
                try document.concurrentMapRows({ records in
                    // Thousands of rows name the same few employers: validate each code text once.
                    var codes: [String: CreditCode] = [:]
                    func creditCode(_ text: String) throws -> CreditCode {
                        if let known = codes[text] { return known }
                        let code = try CreditCode(text)
                        codes[text] = code
                        return code
                    }
                    return records.map { record in
                        RowProblems.evaluate(record) {
                            let input = try PersonInput(
                                name: PersonName(try record.required("name")),
                                residentID: ResidentID(try record.required("resident_id")),
                                phone: record["phone"],
                                employer: try record["employer"].map(creditCode),
                                education: try Education(record["education"] ?? ""),
                                major: record["major"],
                                relatedWorkSince: try record["related_work_since"].map(Day.init))
                            return CheckedPerson(
                                input: input, employerID: input.employer.flatMap { employerIDs[$0.value] },
                                since: input.relatedWorkSince?.description)
                        }
                    }
                }, inOrder: { records, outcomes in
                    for (record, outcome) in zip(records, outcomes) {
                        guard let checked = problems.add(outcome, line: record.line) else { continue }
                        let input = checked.input
                        // One lookup for the common case; a repeated ID puts its first line back.
                        if let first = seen.updateValue(record.line, forKey: input.residentID.value) {
                            seen[input.residentID.value] = first
                            problems.add(
                                line: record.line,
                                "resident ID \(input.residentID.masked) already appears on line \(first)")
                            continue
                        }
                        if let code = input.employer, checked.employerID == nil {
                            problems.add(line: record.line, "no employer has the credit code \(code)")
                            continue
                        }
                        guard problems.count == 0 else { continue }
                        if skippingChecks && !input.passesPersonTableChecks {
                            try insert.flush()  // the rows before were written without the checks
                            try db.execute(sql: "PRAGMA ignore_check_constraints = OFF")
                            skippingChecks = false
                        }
                        insert.add(input.residentID.value)
                        insert.add(input.name.value)
                        insert.add(input.phone)
                        insert.add(checked.employerID)
                        insert.add(input.education.rawValue)
                        insert.add(input.major)
                        insert.add(checked.since)
                        insert.add(now)
                        insert.add(now)
                        try insert.endRow()
                        written += 1
                        progress.update(written)
                    }
                })
                try insert.flush()
                if skippingChecks {
                    try db.execute(sql: "PRAGMA ignore_check_constraints = OFF")
                    skippingChecks = false
                }
            }
            progress.finish()
            guard problems.count == 0 else { return ImportSummary() }
            summary.created = try Person.fetchCount(db) - before
            summary.updated = written - summary.created
            try self.audit(db, action: "person.import", entity: "person", details: summary.details(document))
            return summary
        }
    }

    /// One import row after the checks that need no database, with what the writing thread needs made ready.
    private struct CheckedPerson: Sendable {
        var input: PersonInput
        /// The employer's row id; nil without an employer or with an unknown one.
        var employerID: Int64?
        /// `related_work_since` as stored.
        var since: String?
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
