import Catalog
import Foundation
import GRDB
import Model
import Storage

/// Everything issuance reads about one candidate: the registry fields the certificate and the sitting rules
/// use, the certificates already issued here, the sittings, the recorded facts and the promotions.
///
/// `load` reads a whole batch of people in five set queries (one per table) instead of a dozen queries per
/// person, which is what makes batch issuance fast (Docs/PERFORMANCE.md).
struct CandidateDossier: Sendable {
    /// A certificate issued here, as the issuance rules look at it.
    struct Held: Sendable {
        var level: SkillLevel
        var number: String
        var issuedOn: String
        var revokedOn: String?
        var revokedReason: RevocationReason?

        /// A certificate issued in this run (in force).
        static func issued(_ certificate: Certificate) -> Held {
            Held(level: certificate.level, number: certificate.number, issuedOn: certificate.issuedOn, revokedOn: nil,
                 revokedReason: nil)
        }
    }

    /// One sitting with the body it was taken at.
    struct SatAt: Sendable {
        var sitting: Sitting
        var body: Int64
    }

    var personID: Int64
    var name: String
    var maskedID: String
    var education: Education
    var major: String?
    var relatedWorkSince: Day?
    /// Certificates issued here, oldest first.
    var held: [Held] = []
    /// Sittings by level, oldest first.
    var sittings: [SkillLevel: [SatAt]] = [:]
    var facts: PersonFacts?
    /// Promotions, oldest first.
    var promotions: [SkillPromotion] = []

    /// The sitting-rule facts, with the related lists of the caller.
    func candidateFacts(lists: RelatedLists) -> CandidateFacts {
        let inForce = held.filter { $0.revokedOn == nil && ($0.level == .four || $0.level == .three) }
            .compactMap { try? Day($0.issuedOn) }.min()
        return CandidateFacts.make(
            education: education, major: major, relatedWorkSince: relatedWorkSince,
            facts: facts ?? PersonFacts.empty(personID: personID), issuedHere: inForce, promotions: promotions,
            lists: lists)
    }

    /// The dossiers of `personIDs` (people that do not exist are absent), read inside the caller's transaction.
    static func load(_ db: Database, personIDs: [Int64]) throws -> [Int64: CandidateDossier] {
        guard !personIDs.isEmpty else { return [:] }
        let ids = "[" + personIDs.map(String.init).joined(separator: ",") + "]"
        let arguments: StatementArguments = [ids]
        var dossiers: [Int64: CandidateDossier] = [:]
        dossiers.reserveCapacity(personIDs.count)
        let people = try Row.fetchCursor(db, sql: """
            SELECT id, resident_id, name, education, major, related_work_since FROM person
            WHERE id IN (SELECT value FROM json_each(?))
            """, arguments: arguments)
        while let row = try people.next() {
            let id: Int64 = row[0]
            let residentID: String = row[1]
            let education: String = row[3]
            let since: String? = row[5]
            dossiers[id] = CandidateDossier(
                personID: id, name: row[2],
                maskedID: (try? ResidentID(residentID).masked) ?? String(repeating: "*", count: residentID.count),
                education: Education(rawValue: education) ?? .none, major: row[4],
                relatedWorkSince: since.flatMap { try? Day($0) })
        }
        let certificates = try Row.fetchCursor(db, sql: """
            SELECT person_id, level, number, issued_on, revoked_on, revoked_reason FROM certificate
            WHERE person_id IN (SELECT value FROM json_each(?)) ORDER BY issued_on, id
            """, arguments: arguments)
        while let row = try certificates.next() {
            let id: Int64 = row[0]
            guard let level = SkillLevel(rawValue: row[1]) else { continue }
            let reason: String? = row[5]
            dossiers[id]?.held.append(Held(
                level: level, number: row[2], issuedOn: row[3], revokedOn: row[4],
                revokedReason: reason.flatMap { try? RevocationReason($0) }))
        }
        let sittings = try Row.fetchCursor(db, sql: """
            SELECT person_id, level, id, body_id, assessed_on, theory_score, skills_score FROM assessment
            WHERE person_id IN (SELECT value FROM json_each(?)) ORDER BY assessed_on, id
            """, arguments: arguments)
        while let row = try sittings.next() {
            let id: Int64 = row[0]
            guard let level = SkillLevel(rawValue: row[1]) else { continue }
            let on: String = row[4]
            let sitting = Sitting(id: row[2], on: (try? Day(on)) ?? Day.epoch, theory: row[5], skills: row[6])
            dossiers[id]?.sittings[level, default: []].append(SatAt(sitting: sitting, body: row[3]))
        }
        for facts in try PersonFacts.fetchAll(
            db, sql: "SELECT * FROM person_facts WHERE person_id IN (SELECT value FROM json_each(?))",
            arguments: arguments) {
            dossiers[facts.personId]?.facts = facts
        }
        for promotion in try SkillPromotion.fetchAll(db, sql: """
            SELECT * FROM skill_promotion WHERE person_id IN (SELECT value FROM json_each(?)) ORDER BY granted_on
            """, arguments: arguments) {
            dossiers[promotion.personId]?.promotions.append(promotion)
        }
        return dossiers
    }
}
