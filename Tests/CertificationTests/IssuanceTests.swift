import Catalog
import Certification
import Foundation
import GRDB
import Model
import Signing
import Storage
import Testing

@Suite struct IssuanceTests {
    @Test func issuesANumberedSignedCertificate() throws {
        let f = try Fixture()
        let c = try f.issued()
        #expect(c.number == "S000033000001254000001")
        #expect(c.number.count == 22)
        #expect(CertificateNumber.isWellFormed(c.number))
        #expect(c.holderName == "张三")
        #expect(c.idMasked == "360426********0071")
        #expect(c.code.count == 21)
        let token = try CompactJWS(parsing: c.token)
        #expect(token.header.kid == c.kid)
        let claims = try JSONDecoder().decode(CertificateClaims.self, from: Data(token.payload))
        #expect(claims.jti == c.code)
        #expect(claims.iat == 1_743_436_800)  // 2025-04-01T00:00:00+08:00
        #expect(claims.lvl == 4)
        #expect(claims.occ == "4-07-03-02")
        #expect(claims.iss == "浙江省劳动关系职业技能评价中心")
        #expect(try f.store.verifyAudit().isIntact)
    }

    @Test func issuingTwiceIsRefused() throws {
        let f = try Fixture()
        _ = try f.issued()
        #expect(throws: ConcordError.self) {
            try f.store.issueCertificate(person: ResidentID(Fixture.zhang), level: .four, keys: f.keys)
        }
        #expect(try f.store.certificates(personID: 1).count == 1)
    }

    @Test func notPassedIsRefused() throws {
        let f = try Fixture()
        try f.sit(on: "2025-03-01", theory: 75, skills: 59)
        #expect(throws: ConcordError(
            "360426********0071 has not passed level 4: the skills part has not been passed")) {
            try f.store.issueCertificate(person: ResidentID(Fixture.zhang), level: .four, keys: f.keys)
        }
        // A resit of the failed part completes the pair.
        try f.sit(on: "2025-09-01", theory: nil, skills: 61)
        let c = try f.store.issueCertificate(
            person: ResidentID(Fixture.zhang), level: .four, keys: f.keys, on: try Day("2025-09-10"))
        #expect(c.issuedOn == "2025-09-10")
    }

    @Test func notEligibleToSitIsRefused() throws {
        let f = try Fixture()
        try f.addPerson("110101199003070038", name: "王五", education: .none, major: nil, since: "2024-01-01")
        try f.sit("110101199003070038", on: "2025-03-01", theory: 90, skills: 90)
        let error = #expect(throws: ConcordError.self) {
            try f.store.issueCertificate(person: ResidentID("110101199003070038"), level: .four, keys: f.keys)
        }
        #expect(error?.what.contains("not eligible to sit level 4 on 2025-03-01") == true)
    }

    @Test(arguments: [101, -1])
    func aScoreOutsideTheRangeIsRefused(_ score: Int) throws {
        let f = try Fixture()
        #expect(throws: ConcordError("theory score \(score) is outside 0–100")) {
            try f.sit(on: "2025-03-01", theory: score, skills: 70)
        }
        #expect(throws: ConcordError.self) {
            try f.store.importAssessments(
                try CSVDocument(
                    data: Data(("resident_id,level,body,date,theory,skills\n"
                        + "\(Fixture.zhang),4,EV,2025-03-01,70,\(score)\n").utf8),
                    source: "a.csv", required: []),
                dryRun: false)
        }
        #expect(try f.store.assessments().isEmpty)
    }

    @Test func anAssessmentForAnUnknownPersonIsRefused() throws {
        let f = try Fixture()
        #expect(throws: ConcordError("no person has the resident ID 110101********0038")) {
            try f.sit("110101199003070038", on: "2025-03-01", theory: 70, skills: 70)
        }
    }

    @Test func aLaterNameChangeDoesNotAlterTheCertificate() throws {
        let f = try Fixture()
        let c = try f.issued()
        try f.addPerson(Fixture.zhang, name: "张叁", education: .bachelor, major: "法学", since: "2015-01-01")
        let again = try f.store.certificate(c.number)
        #expect(again.holderName == "张三")
        #expect(try f.store.verify(code: c.code).outcome == .valid)
    }

    @Test func batchIssuanceIssuesEveryPassedPairOnce() throws {
        let f = try Fixture()
        var ids: [String] = []
        for i in 0..<25 {
            let id = validID(sequence: i + 100)
            ids.append(id)
            try f.addPerson(id, name: "测试\(i)", education: .bachelor, major: "法学", since: "2010-01-01")
            try f.sit(id, on: "2025-03-01", theory: 70, skills: i % 5 == 0 ? 50 : 70)
        }
        let summary = try f.store.issueAllPassed(keys: f.keys, on: try Day("2025-04-01"), batchSize: 7)
        #expect(summary.issued.count == 20)
        #expect(summary.notPassed == 5)
        #expect(Set(summary.issued).count == 20)
        #expect(summary.issued.map { $0.suffix(6) } == (1...20).map { String(format: "%06d", $0)[...] })
        let again = try f.store.issueAllPassed(keys: f.keys, on: try Day("2025-04-01"))
        #expect(again.issued.isEmpty)
    }

    @Test func level3NeedsLevel4First() throws {
        let f = try Fixture()
        _ = try f.issued()
        try f.sit(level: .three, on: "2026-05-01", theory: 80, skills: 80)
        let c = try f.store.issueCertificate(
            person: ResidentID(Fixture.zhang), level: .three, keys: f.keys, on: try Day("2026-05-10"))
        #expect(c.number == "S000033000001263000001")
        let eligibility = try f.store.eligibility(ResidentID(Fixture.zhang), level: .three, on: try Day("2026-05-01"))
        #expect(eligibility.conditions.first { $0.rule.hasPrefix("本科") }?.passed == true)
    }
}

/// A valid resident ID with region 360426, born 1991-01-01, and the given sequence.
func validID(sequence: Int) -> String {
    let body = "36042619910101" + String(format: "%03d", sequence % 1000)
    let digits = body.compactMap { Int(String($0)) }
    return body + String(ResidentID.checkCharacter(digits))
}
