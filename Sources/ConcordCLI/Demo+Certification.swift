import Catalog
import Certification
import Foundation
import GRDB
import Model
import Signing
import Storage

/// The certification part of the demo: an evaluation body, assessments, level-4 and level-3 certificates,
/// one revocation, and the certificates table with their verification codes.
enum DemoCertification {
    static func run(store: Store, keys: KeyDirectory) throws {
        print("== Certification ==")
        try store.ensureSigningKey(in: keys)
        try store.setEvaluationBody(institution: "ZJ-EVAL-01", type: "S", bodyCode: "0000", site: "000001")
        let people = try store.persons(reveal: true).prefix(40)
        let firstSitting = try Day("2025-03-15"), resit = try Day("2025-06-20")
        for (i, person) in people.enumerated() {
            guard let id = try? ResidentID(person.residentId ?? "") else { continue }
            // Every sixth candidate fails the skills part; every other one of those passes it at a resit.
            let failsSkills = i % 6 == 0
            try store.recordAssessment(try AssessmentInput(
                person: id, level: .four, body: "ZJ-EVAL-01", on: firstSitting, theory: 62 + (i * 7) % 36,
                skills: failsSkills ? 45 + i % 10 : 60 + (i * 11) % 40))
            if failsSkills && i % 12 == 0 {
                try store.recordAssessment(try AssessmentInput(
                    person: id, level: .four, body: "ZJ-EVAL-01", on: resit, theory: nil, skills: 71))
            }
        }
        let level4 = try store.issueAllPassed(keys: keys, on: try Day("2025-07-01"))
        // Level 3 a year later for a few level-4 holders (those with a related degree become eligible).
        let holders = try store.certificates(level: .four).suffix(8)
        for certificate in holders {
            guard let rid = try store.read({ db in try Person.fetchOne(db, key: certificate.personId)?.residentId }),
                  let id = try? ResidentID(rid)
            else { continue }
            try store.recordAssessment(try AssessmentInput(
                person: id, level: .three, body: "ZJ-EVAL-01", on: try Day("2026-09-10"), theory: 78, skills: 81))
        }
        let level3 = try store.issueAllPassed(keys: keys, on: try Day("2026-09-30"))
        let all = try store.certificates()
        if let victim = all.first(where: { $0.level == .four }) {
            try store.revokeCertificate(
                victim.number, reason: .fraud, note: "demo: forged work-experience proof", on: try Day("2025-10-08"))
        }
        print("level-4 issued: \(level4.issued.count), level-3 issued: \(level3.issued.count), "
            + "refused: \(level4.refused.count + level3.refused.count), not passed: \(level4.notPassed)")
        CertCommand.printTable(try store.certificates().map(CertificateView.init))
        if let sample = try store.certificates(level: .four).first {
            print("verify: concord verify \(sample.code)  →  \(try store.verify(code: sample.code).outcome.rawValue)")
        }
    }
}
