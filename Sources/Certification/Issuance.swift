import Catalog
import Foundation
import GRDB
import Model
import Signing
import Storage

/// What a batch issuance did.
public struct IssueSummary: Codable, Sendable, Equatable {
    /// The numbers issued, in order.
    public var issued: [String] = []
    /// People passed but refused, with why (`name idMasked level: reason`).
    public var refused: [String] = []
    /// Pairs (person, level) with sittings but no pass yet.
    public var notPassed = 0
}

extension Store {
    /// Issues one certificate to `person` at `level`, dated `day`, signed with the active key.
    ///
    /// Refuses when the person has not passed, was not eligible to sit, or already holds that level.
    @discardableResult
    public func issueCertificate(
        person: ResidentID, level: SkillLevel, keys: KeyDirectory, on day: Day = Day.today()
    ) throws -> Certificate {
        let signer = try activeSigningKey(in: keys)
        return try write { db in
            let found = try Person.withID(person, in: db)
            let certificate = try Issuer(signer: signer.key, day: day).issue(db, person: found, level: level)
            try audit(
                db, action: "certificate.issue", entity: "certificate:\(certificate.number)",
                details: ["person": person.masked, "level": String(level.rawValue), "code": certificate.code,
                          "kid": certificate.kid])
            return certificate
        }
    }

    /// Issues a certificate for every passed, eligible, not yet certified (person, level), optionally only
    /// pairs completed at `body`; one transaction (and audit row) per batch of `batchSize` candidates.
    public func issueAllPassed(
        body: String? = nil, keys: KeyDirectory, on day: Day = Day.today(), batchSize: Int = 200
    ) throws -> IssueSummary {
        let signer = try activeSigningKey(in: keys)
        let issuer = Issuer(signer: signer.key, day: day)
        let bodyID: Int64? = try body.map { code in try read { db in try EvaluationBody.named(code, in: db).0 } }?
            .institutionId
        let candidates = try read { db in
            try Row.fetchAll(db, sql: """
                SELECT DISTINCT a.person_id, a.level FROM assessment a
                WHERE NOT EXISTS (SELECT 1 FROM certificate c WHERE c.person_id = a.person_id AND c.level = a.level
                                  AND c.revoked_on IS NULL)
                ORDER BY a.level DESC, a.person_id
                """).map { (personID: $0["person_id"] as Int64, level: $0["level"] as Int) }
        }
        var summary = IssueSummary()
        let progress = ProgressLine("issuing", total: candidates.count)
        var done = 0
        for start in stride(from: 0, to: candidates.count, by: max(batchSize, 1)) {
            let batch = Array(candidates[start..<min(start + max(batchSize, 1), candidates.count)])
            let part = try write { db in
                var part = IssueSummary()
                let rules = try Issuer.Rules.load(db)
                for candidate in batch {
                    guard let person = try Person.fetchOne(db, key: candidate.personID),
                          let level = SkillLevel(rawValue: candidate.level)
                    else { continue }
                    switch try issuer.attempt(db, person: person, level: level, onlyBody: bodyID, rules: rules) {
                    case .issued(let certificate): part.issued.append(certificate.number)
                    case .notPassed: part.notPassed += 1
                    case .otherBody: break
                    case .refused(let why):
                        part.refused.append("\(person.name) \(person.maskedID) level \(level): \(why)")
                    }
                }
                if !part.issued.isEmpty {
                    try audit(
                        db, action: "certificate.issue-batch", entity: "certificate",
                        details: ["issued": part.issued.joined(separator: " "), "on": day.description,
                                  "body": body ?? "", "kid": signer.record.kid])
                }
                return part
            }
            summary.issued += part.issued
            summary.refused += part.refused
            summary.notPassed += part.notPassed
            done += batch.count
            progress.update(done)
        }
        progress.finish()
        return summary
    }
}

/// Issues certificates inside a caller's transaction.
struct Issuer: Sendable {
    let signer: Ed25519PrivateKey
    let day: Day

    /// Rule data read once per transaction instead of once per candidate.
    struct Rules {
        /// How long a passed part stays valid.
        let validityMonths: Int
        /// Related majors and certificates.
        let lists: RelatedLists

        static func load(_ db: Database) throws -> Rules {
            Rules(
                validityMonths: try Int.fetchOne(
                    db, sql: "SELECT value FROM certification_setting WHERE key = 'part_validity_months'") ?? 24,
                lists: try RelatedLists.load(db))
        }
    }

    enum Attempt {
        case issued(Certificate)
        case notPassed
        case otherBody
        case refused(String)
    }

    /// Issues, or throws a `ConcordError` saying why not.
    func issue(_ db: Database, person: Person, level: SkillLevel) throws -> Certificate {
        switch try attempt(db, person: person, level: level, onlyBody: nil) {
        case .issued(let certificate): return certificate
        case .notPassed:
            let sittings = try Assessment.all(db, personID: person.id ?? 0, level: level).map(\.sitting)
            throw ConcordError("\(person.maskedID) has not passed level \(level): \(PassRule.shortfall(sittings))")
        case .otherBody: throw ConcordError("the pass was completed at another body")
        case .refused(let why): throw ConcordError("\(person.maskedID) level \(level): \(why)")
        }
    }

    func attempt(
        _ db: Database, person: Person, level: SkillLevel, onlyBody: Int64?, rules known: Rules? = nil
    ) throws -> Attempt {
        guard level.isIssuedHere else { return .refused("level \(level) is not issued here (only 4 and 3)") }
        guard let personID = person.id else { return .refused("the person has no id") }
        let held = try Certificate.all(db, personID: personID).filter { $0.level == level }
        if let current = held.first(where: { $0.revokedOn == nil }) {
            return .refused("already certified at level \(level) (\(current.number))")
        }
        if let fraud = held.first(where: { $0.revokedReason == .fraud }) {
            return .refused("certificate \(fraud.number) at this level was revoked for fraud")
        }
        let sittings = try Assessment.all(db, personID: personID, level: level)
        let rules = try known ?? Rules.load(db)
        guard let pair = PassRule.firstPass(sittings.map(\.sitting), validityMonths: rules.validityMonths) else {
            return .notPassed
        }
        let completing = pair.theory.on >= pair.skills.on ? pair.theory : pair.skills
        guard let bodyID = sittings.first(where: { $0.id == completing.id })?.bodyId else { return .notPassed }
        if let onlyBody, onlyBody != bodyID { return .otherBody }
        guard day >= pair.passedOn else {
            return .refused("the issue date \(day) is before the pass on \(pair.passedOn)")
        }
        let facts = try CandidateFacts.load(db, person: person, lists: rules.lists)
        let eligibility = Eligibility.evaluate(facts, level: level, on: pair.firstSatOn, lists: rules.lists)
        guard eligibility.eligible else {
            return .refused("not eligible to sit level \(level) on \(pair.firstSatOn): "
                + eligibility.conditions.map(\.why).joined(separator: "; "))
        }
        guard let body = try EvaluationBody.fetchOne(db, key: bodyID),
              let institution = try Institution.fetchOne(db, key: bodyID)
        else { return .refused("the evaluation body has no certificate-number settings") }
        let number = try CertificateNumber.make(
            body: body, year: day.year, level: level, sequence: try nextSequence(db, body: bodyID, level: level))
        let kid = signer.publicKey.kid
        var certificate = Certificate(
            id: nil, number: number, personId: personID, bodyId: bodyID, level: level, holderName: person.name,
            idMasked: person.maskedID, occupation: Certificate.occupationCode, bodyName: institution.name,
            issuedOn: day.description, code: "", kid: kid, token: "", seal: "",
            theoryAssessmentId: pair.theory.id, skillsAssessmentId: pair.skills.id, revokedOn: nil,
            revokedReason: nil, revokedNote: nil, createdAt: Timestamp.text())
        let signed = try CertificateSeal.sign(certificate.claims, key: signer)
        certificate.code = signed.code.display
        certificate.token = signed.token
        certificate.seal = signed.seal
        if try Certificate.filter(Column("code") == certificate.code).fetchCount(db) > 0 {
            // 80 bits make this practically impossible; refuse rather than store two certificates under one code.
            return .refused("its short code collides with another certificate's")
        }
        try certificate.insert(db)
        return .issued(certificate)
    }

    /// The next sequence number for a body, issue year and level, taken inside the write transaction: SQLite
    /// runs one writer at a time, so two processes never get the same number, and `number` is UNIQUE besides.
    func nextSequence(_ db: Database, body: Int64, level: SkillLevel) throws -> Int {
        let next = try Int.fetchOne(db, sql: """
            INSERT INTO certificate_counter (body_id, year, level, last) VALUES (?, ?, ?, 1)
            ON CONFLICT (body_id, year, level) DO UPDATE SET last = last + 1
            RETURNING last
            """, arguments: [body, day.year, level.rawValue])
        guard let next else { throw ConcordError("could not take a certificate sequence number") }
        return next
    }
}
