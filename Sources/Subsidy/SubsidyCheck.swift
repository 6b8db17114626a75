import Catalog
import Foundation
import GRDB
import Model
import Storage

/// One person's subsidy answer on one day: the facts used and a decision per certificate held.
public struct PersonSubsidyReport: Codable, Sendable, Equatable {
    /// The person's name.
    public var name: String
    /// The masked identity number.
    public var idMasked: String
    /// The employer's credit code, if any.
    public var employer: String?
    /// The day decided for.
    public var decidedOn: Day
    /// The insurance record used (the latest on or before the day), if any.
    public var insurance: InsuranceFact?
    /// The policy version in force on the day; nil when none is.
    public var policyId: String?
    /// One decision per certificate held.
    public var decisions: [CertificateDecision]
}

extension SubsidyFacts {
    /// Collects the facts about a person on `day` inside the caller's transaction.
    public static func gather(
        _ db: Database, personID: Int64, on day: Day, sources: SubsidySources = .standard
    ) throws -> SubsidyFacts {
        let insurance = try InsuranceRecord.latest(db, personID: personID, onOrBefore: day)?.fact
        let issued = try sources.issued.certificates(db, personID: personID)
        let external = try ExternalCertificate.all(db, personID: personID).compactMap(\.held)
        let claims = try SubsidyClaim.all(db, personID: personID).compactMap(\.prior)
        let trainings = try sources.training.subsidisedTrainings(db, personID: personID)
        return SubsidyFacts(
            insurance: insurance, certificates: issued + external, priorClaims: claims,
            subsidisedTrainings: trainings)
    }
}

extension PersonSubsidyReport {
    /// Decides every certificate the person holds on `day`, inside the caller's transaction.
    public static func make(
        _ db: Database, person: Person, on day: Day, policies: [SubsidyPolicy], sources: SubsidySources
    ) throws -> PersonSubsidyReport {
        guard let personID = person.id else { throw ConcordError("the person has no id") }
        let facts = try SubsidyFacts.gather(db, personID: personID, on: day, sources: sources)
        let employer = try person.employerId.flatMap { try Employer.fetchOne(db, key: $0)?.creditCode }
        return PersonSubsidyReport(
            name: person.name, idMasked: person.maskedID, employer: employer, decidedOn: day,
            insurance: facts.insurance, policyId: SubsidyPolicy.inForce(on: day, among: policies)?.id,
            decisions: SubsidyRules.decide(facts, policies: policies, on: day))
    }
}

extension Store {
    /// The subsidy decisions for one person on `day`.
    public func subsidyDecisions(
        person: ResidentID, on day: Day, sources: SubsidySources = .standard
    ) throws -> PersonSubsidyReport {
        try read { db in
            let found = try Person.withID(person, in: db)
            return try PersonSubsidyReport.make(
                db, person: found, on: day, policies: try SubsidyPolicy.all(db), sources: sources)
        }
    }

    /// The subsidy decisions for every employee of an employer on `day`, by name.
    public func subsidyDecisions(
        employer: CreditCode, on day: Day, sources: SubsidySources = .standard
    ) throws -> [PersonSubsidyReport] {
        try read { db in
            let found = try Employer.withCode(employer, in: db)
            let policies = try SubsidyPolicy.all(db)
            let people = try Person.filter(Column("employer_id") == found.id)
                .order(Column("name"), Column("resident_id")).fetchAll(db)
            return try people.map { try PersonSubsidyReport.make(db, person: $0, on: day, policies: policies,
                                                                 sources: sources) }
        }
    }
}

extension PersonSubsidyReport {
    /// The columns of an employer's eligibility table.
    public static let tableHeader = [
        "name", "id", "certificate", "level", "issued", "eligible", "amount", "last day", "policy", "reasons",
    ]

    /// One row per certificate (one row saying so when the person holds none), amounts in yuan.
    public var tableRows: [[String]] {
        guard !decisions.isEmpty else {
            return [[name, idMasked, "", "", "", "no", "0.00", "", policyId ?? "", "no certificate held"]]
        }
        return decisions.map { d in
            [name, idMasked, d.certificateNumber, String(d.level.rawValue), d.issuedOn.description,
             d.eligible ? "yes" : "no", d.amount.yuanText, d.lastDayToApply?.description ?? "", d.policyId ?? "",
             d.eligible ? "all \(d.rules.count) rules passed" : d.reasons]
        }
    }
}
