import Catalog
import Foundation
import GRDB
import Model
import Signing
import Storage

extension Store {
    /// Benchmark data only (`concord generate certificates`): issues a level-4 certificate to every person
    /// with a level-4 sitting that passed both parts at once and no level-4 certificate yet, without the
    /// per-candidate checks of `issueAllPassed` (eligibility, resits, part validity). The certificates are
    /// made exactly as issuance makes them (`CertificateNumber`, `CertificateSeal.sign` with the active key),
    /// signed on every core, and stored `chunk` at a time, one transaction and one audit row per chunk.
    public func bulkIssuePassed(keys: KeyDirectory, on day: Day, chunk: Int = 20_000) throws -> Int {
        let signer = try activeSigningKey(in: keys).key
        let kid = signer.publicKey.kid
        struct Candidate: Sendable {
            let person: Int64, name: String, idMasked: String, assessment: Int64, body: Int64
        }
        let (candidates, bodies) = try read { db in
            var candidates: [Candidate] = []
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT a.person_id, p.name, p.resident_id, a.id, a.body_id FROM assessment a
                JOIN person p ON p.id = a.person_id
                WHERE a.level = 4 AND a.theory_score >= 60 AND a.skills_score >= 60
                  AND NOT EXISTS (SELECT 1 FROM certificate c WHERE c.person_id = a.person_id AND c.level = 4)
                GROUP BY a.person_id ORDER BY a.body_id, a.person_id
                """)
            while let row = try cursor.next() {
                let rid: String = row[2]
                candidates.append(Candidate(
                    person: row[0], name: row[1], idMasked: (try? ResidentID(rid).masked) ?? rid,
                    assessment: row[3], body: row[4]))
            }
            var bodies: [Int64: (EvaluationBody, String)] = [:]
            for id in Set(candidates.map(\.body)) {
                guard let body = try EvaluationBody.fetchOne(db, key: id),
                      let institution = try Institution.fetchOne(db, key: id)
                else { throw ConcordError("institution \(id) has no certificate-number settings") }
                bodies[id] = (body, institution.name)
            }
            return (candidates, bodies.mapValues { BodyName(body: $0.0, name: $0.1) })
        }
        var issued = 0
        for start in stride(from: 0, to: candidates.count, by: max(chunk, 1)) {
            let part = Array(candidates[start..<min(start + max(chunk, 1), candidates.count)])
            let created = Timestamp.text()
            // Numbers are taken in the transaction below; sign first with provisional sequences per body.
            let first: [Int64: Int] = try read { db in
                var first: [Int64: Int] = [:]
                for body in Set(part.map(\.body)) {
                    first[body] = (try Int.fetchOne(db, sql: """
                        SELECT last FROM certificate_counter WHERE body_id = ? AND year = ? AND level = 4
                        """, arguments: [body, day.year]) ?? 0) + 1
                }
                return first
            }
            var next = first
            var drafts: [Certificate] = []
            drafts.reserveCapacity(part.count)
            for candidate in part {
                guard let body = bodies[candidate.body], let sequence = next[candidate.body] else { continue }
                next[candidate.body] = sequence + 1
                drafts.append(Certificate(
                    id: nil, number: try CertificateNumber.make(body: body.body, year: day.year, level: .four,
                                                                sequence: sequence),
                    personId: candidate.person, bodyId: candidate.body, level: .four, holderName: candidate.name,
                    idMasked: candidate.idMasked, occupation: Certificate.occupationCode, bodyName: body.name,
                    issuedOn: day.description, code: "", kid: kid, token: "", seal: "",
                    theoryAssessmentId: candidate.assessment, skillsAssessmentId: candidate.assessment,
                    revokedOn: nil, revokedReason: nil, revokedNote: nil, createdAt: created))
            }
            let signed = try CertificateSeal.signAll(drafts.map(\.claims), key: signer)
            for i in drafts.indices {
                drafts[i].code = signed[i].code.display
                drafts[i].token = signed[i].token
                drafts[i].seal = signed[i].seal
            }
            let certificates = drafts
            let taken = next
            issued += try write { db in
                let insert = try db.makeStatement(sql: """
                    INSERT INTO certificate (number, person_id, body_id, level, holder_name, id_masked, occupation,
                        body_name, issued_on, code, kid, token, seal, theory_assessment_id, skills_assessment_id,
                        created_at)
                    VALUES (?, ?, ?, 4, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                for c in certificates {
                    try insert.execute(arguments: [
                        c.number, c.personId, c.bodyId, c.holderName, c.idMasked, c.occupation, c.bodyName,
                        c.issuedOn, c.code, c.kid, c.token, c.seal, c.theoryAssessmentId, c.skillsAssessmentId,
                        c.createdAt,
                    ])
                }
                for (body, sequence) in taken where sequence > (first[body] ?? 0) {
                    try db.execute(sql: """
                        INSERT INTO certificate_counter (body_id, year, level, last) VALUES (?, ?, 4, ?)
                        ON CONFLICT (body_id, year, level) DO UPDATE SET last = excluded.last
                        """, arguments: [body, day.year, sequence - 1])
                }
                try audit(db, action: "certificate.bulk-issue", entity: "certificate",
                          details: ["count": String(certificates.count), "on": day.description, "kid": kid])
                return certificates.count
            }
        }
        return issued
    }
}

/// An evaluation body's number settings with its institution's name.
private struct BodyName: Sendable {
    let body: EvaluationBody
    let name: String
}
