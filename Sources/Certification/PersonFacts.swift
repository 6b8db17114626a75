import Catalog
import Foundation
import GRDB
import Model
import Storage

/// Facts the sitting rules need that the registry does not hold: student status, a vocational diploma,
/// and a level-4 (or related) certificate obtained elsewhere.
public struct PersonFacts: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "person_facts"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var personId: Int64
    public var studentStatus: StudentStatus
    public var vocationalDiploma: VocationalDiploma
    /// The name of a certificate obtained elsewhere (劳动关系协调员, or one of the related certificates).
    public var externalCertificate: String?
    public var externalLevel: Int?
    public var externalIssuedOn: String?
    public var updatedAt: String

    /// No facts beyond the registry.
    public static func empty(personID: Int64) -> PersonFacts {
        PersonFacts(
            personId: personID, studentStatus: .none, vocationalDiploma: .none, externalCertificate: nil,
            externalLevel: nil, externalIssuedOn: nil, updatedAt: Timestamp.text())
    }
}

/// A change to a person's facts: nil leaves a field as it is.
public struct PersonFactsChange: Sendable {
    public var student: StudentStatus?
    public var diploma: VocationalDiploma?
    /// A certificate from elsewhere: name, level and date; `clearExternal` removes it.
    public var external: (name: String, level: SkillLevel, on: Day)?
    public var clearExternal = false

    public init(
        student: StudentStatus? = nil, diploma: VocationalDiploma? = nil,
        external: (name: String, level: SkillLevel, on: Day)? = nil, clearExternal: Bool = false
    ) {
        self.student = student
        self.diploma = diploma
        self.external = external
        self.clearExternal = clearExternal
    }
}

extension Store {
    /// Sets some of a person's facts.
    @discardableResult
    public func setPersonFacts(_ person: ResidentID, _ change: PersonFactsChange) throws -> PersonFacts {
        if let name = change.external?.name.trimmingSpaces(), name.isEmpty || name.count > 50 {
            throw ConcordError("the certificate name must be 1–50 characters", at: "--external-certificate")
        }
        return try write { db in
            let found = try Person.withID(person, in: db)
            guard let id = found.id else { throw ConcordError("the person has no id") }
            var facts = try PersonFacts.fetchOne(db, key: id) ?? PersonFacts.empty(personID: id)
            if let s = change.student { facts.studentStatus = s }
            if let d = change.diploma { facts.vocationalDiploma = d }
            if change.clearExternal {
                facts.externalCertificate = nil
                facts.externalLevel = nil
                facts.externalIssuedOn = nil
            }
            if let e = change.external {
                facts.externalCertificate = e.name.trimmingSpaces()
                facts.externalLevel = e.level.rawValue
                facts.externalIssuedOn = e.on.description
            }
            facts.updatedAt = Timestamp.text()
            try facts.save(db)
            try audit(db, action: "person.facts", entity: "person:\(person.masked)", details: facts)
            return facts
        }
    }

    /// A person's facts (empty when none were recorded).
    public func personFacts(_ person: ResidentID) throws -> PersonFacts {
        try read { db in
            let found = try Person.withID(person, in: db)
            guard let id = found.id else { throw ConcordError("the person has no id") }
            return try PersonFacts.fetchOne(db, key: id) ?? PersonFacts.empty(personID: id)
        }
    }

    /// The 申报条件 for `person` at `level` on `day` (default today).
    public func eligibility(_ person: ResidentID, level: SkillLevel, on day: Day = Day.today()) throws
        -> EligibilityResult
    {
        guard level.isIssuedHere else { throw ConcordError("level \(level) is not assessed here (only 4 and 3)") }
        return try read { db in
            let found = try Person.withID(person, in: db)
            return Eligibility.evaluate(
                try CandidateFacts.load(db, person: found), level: level, on: day, lists: try RelatedLists.load(db))
        }
    }
}

extension RelatedLists {
    /// The lists stored in `certification_list`.
    public static func load(_ db: Database) throws -> RelatedLists {
        let rows = try Row.fetchAll(db, sql: "SELECT list, value FROM certification_list")
        var majors = Set<String>(), certificates = Set<String>()
        for row in rows {
            let list: String = row["list"]
            if list == "related-major" { majors.insert(row["value"]) }
            if list == "related-certificate" { certificates.insert(row["value"]) }
        }
        return RelatedLists(majors: majors, certificates: certificates)
    }
}

extension CandidateFacts {
    /// Gathers a person's facts: registry fields, recorded facts, level-4 certificates in force issued here,
    /// a related certificate from elsewhere (when its name is on the list and its level is 4 or higher), and
    /// promotions. `lists` saves reading the related lists again when the caller has them.
    public static func load(_ db: Database, person: Person, lists known: RelatedLists? = nil) throws -> CandidateFacts {
        guard let id = person.id else { throw ConcordError("the person has no id") }
        let facts = try PersonFacts.fetchOne(db, key: id) ?? PersonFacts.empty(personID: id)
        let issued = try String.fetchOne(db, sql: """
            SELECT min(issued_on) FROM certificate WHERE person_id = ? AND level IN (3, 4) AND revoked_on IS NULL
            """, arguments: [id])
        return make(
            education: person.education, major: person.major, relatedWorkSince: person.relatedWorkStart,
            facts: facts, issuedHere: issued.flatMap { try? Day($0) },
            promotions: try SkillPromotion.all(db, personID: id), lists: try known ?? RelatedLists.load(db))
    }

    /// The facts from rows already read: `issuedHere` is the earliest level-4 or level-3 certificate in force
    /// issued here; a related certificate from elsewhere counts when its name is on the list, its level is 4
    /// or higher and it is older.
    static func make(
        education: Education, major: String?, relatedWorkSince: Day?, facts: PersonFacts, issuedHere: Day?,
        promotions: [SkillPromotion], lists: RelatedLists
    ) -> CandidateFacts {
        var level4: (on: Day, what: String)? = issuedHere.map { ($0, "issued here") }
        if let name = facts.externalCertificate, let level = facts.externalLevel, level <= 4,
           lists.certificates.contains(name), let text = facts.externalIssuedOn, let day = try? Day(text),
           level4 == nil || day < (level4?.on ?? day) {
            level4 = (day, "\(name) (level \(level), elsewhere)")
        }
        return CandidateFacts(
            education: education, major: major, relatedWorkSince: relatedWorkSince,
            student: facts.studentStatus, vocationalDiploma: facts.vocationalDiploma, level4Certificate: level4,
            promotions: promotions.compactMap { p in
                (try? Day(p.grantedOn)).map { (level: p.level, on: $0, source: p.source) }
            })
    }
}
