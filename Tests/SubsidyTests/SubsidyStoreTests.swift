import Catalog
import Foundation
import GRDB
import Model
import Storage
import Subsidy
import Testing

/// A temporary database file with one employer and a few employees.
final class SubsidyWorld {
    let dir: URL
    let store: Store
    static let employer = "91110000600037341L"

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("concord-subsidy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        store = try Store(path: dir.appendingPathComponent("c.sqlite").path, actor: "test", mode: .create)
        try store.saveEmployer(EmployerInput(
            creditCode: CreditCode(Self.employer), name: "杭州纺织有限公司", sizeClass: .medium,
            region: RegionPath("杭州市/西湖区"), park: nil))
        for (i, name) in ["张三", "李四", "王五"].enumerated() {
            try store.savePerson(PersonInput(
                name: PersonName(name), residentID: Self.person(i), employer: CreditCode(Self.employer)))
        }
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    var path: String { store.path }

    /// A valid identity number for test person `n`.
    static func person(_ n: Int) throws -> ResidentID {
        let body = "33010619900101" + String(format: "%03d", n)
        return try ResidentID(body + String(ResidentID.checkCharacter(body.map { Int(String($0)) ?? 0 })))
    }

    func insure(_ n: Int, _ kind: InsuranceKind = .enterpriseEmployee, months: Int, asOf: String) throws {
        try store.recordInsurance(InsuranceInput(
            person: Self.person(n), employer: nil, kind: kind, months: months, asOf: Day(asOf)))
    }

    func certificate(
        _ n: Int, _ number: String, level: SkillLevel = .four, issued: String, occupation: String = "4-07-03-02"
    ) throws {
        try store.addExternalCertificate(ExternalCertificateInput(
            person: Self.person(n), number: number, occupationCode: occupation, occupationName: "劳动关系协调员",
            level: level, issuedOn: Day(issued), issuer: "上海市职业技能鉴定中心"))
    }

    func count(_ table: String) throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? -1 }
    }
}

@Suite struct SeededPolicyTests {
    @Test func theMigrationSeedsTheSourcedVersionsWithoutOverlap() throws {
        let store = try Store(inMemoryActor: "test")
        let all = try store.subsidyPolicies()
        #expect(all.map(\.id) == Fixtures.policies.map(\.id))
        try SubsidyPolicy.checkNoOverlap(all)
        #expect(all.allSatisfy { !$0.source.isEmpty })
        #expect(all.map(\.parameters) == Fixtures.policies.map(\.parameters).enumerated().map { i, p in
            var p = p
            if i == 4 { p.occupationCategories = ["4-07-03-02": "social-production-services"] }
            return p
        })
        #expect(all.map(\.effectiveFrom) == Fixtures.policies.map(\.effectiveFrom))
        #expect(all.map(\.effectiveTo) == Fixtures.policies.map(\.effectiveTo))
        #expect(SubsidyPolicy.inForce(on: Fixtures.day("2026-01-01"), among: all) == nil)
    }

    @Test func theDatabaseRefusesOverlappingVersionsEvenWithoutTheApp() throws {
        let store = try Store(inMemoryActor: "test")
        #expect(throws: ConcordError.self) {
            try store.write { db in
                try db.execute(sql: """
                    INSERT INTO subsidy_policy VALUES ('x', 't', 's', '2025-06-01', NULL,
                    '{"minInsuranceMonths": 12, "applicationWindowMonths": 12}', '')
                    """)
            }
        }
    }
}

@Suite struct SubsidyPolicyFileTests {
    static func file(from: String, to: String?, amount: Int64 = 90_000, id: String = "zhejiang-2026") -> Data {
        let to = to.map { "\"\($0)\"" } ?? "null"
        return Data("""
            {"id": "\(id)", "title": "浙江 2026", "source": "浙人社发〔2026〕1号",
             "effectiveFrom": "\(from)", "effectiveTo": \(to),
             "parameters": {"minInsuranceMonths": 12, "benefitRecipientsQualify": true, "claimsPerYear": 3,
               "lowerAfterHigher": true, "applicationWindowMonths": 12, "earliestCertificate": "2017-01-01",
               "amountsFen": {"social-production-services": {"3": 120000, "4": \(amount), "5": 60000}},
               "occupationCategories": {"4-07-03-02": "social-production-services"}, "defaultCategory": null,
               "shortageUpliftPercent": 0, "shortageOccupations": []}}
            """.utf8)
    }

    @Test func aNewYearIsAddedAndAudited() throws {
        let store = try Store(inMemoryActor: "test")
        let policies = try SubsidyPolicy.decodeFile(Self.file(from: "2026-01-01", to: nil), source: "p.json")
        try store.addSubsidyPolicies(policies, source: "p.json")
        #expect(try store.subsidyPolicy(id: "zhejiang-2026").parameters.amountsFen.count == 1)
        let audit = try store.read { db in try String.fetchOne(db, sql: "SELECT action FROM audit_log") }
        #expect(audit == "subsidy.policy.add")
    }

    @Test func overlappingDatesAreRefusedAndNothingIsWritten() throws {
        let store = try Store(inMemoryActor: "test")
        let policies = try SubsidyPolicy.decodeFile(Self.file(from: "2025-06-01", to: nil), source: "p.json")
        #expect {
            try store.addSubsidyPolicies(policies, source: "p.json")
        } throws: { error in
            (error as? ConcordError)?.what.contains("overlaps policy zhejiang-2024") == true
        }
        #expect(try store.subsidyPolicies().count == 5)
        #expect(try store.verifyAudit().rows == 0)
    }

    @Test func twoVersionsInOneFileMayNotOverlapEachOther() throws {
        let a = String(decoding: Self.file(from: "2026-01-01", to: "2026-12-31"), as: UTF8.self)
        let b = String(decoding: Self.file(from: "2026-06-01", to: nil, id: "b"), as: UTF8.self)
        let store = try Store(inMemoryActor: "test")
        let policies = try SubsidyPolicy.decodeFile(Data("[\(a), \(b)]".utf8), source: "p.json")
        #expect(throws: ConcordError.self) { try store.addSubsidyPolicies(policies, source: "p.json") }
        #expect(try store.subsidyPolicies().count == 5)
    }

    @Test func aNegativeAmountIsRefused() throws {
        #expect {
            try SubsidyPolicy.decodeFile(Self.file(from: "2026-01-01", to: nil, amount: -1), source: "p.json")
        } throws: { error in
            let e = error as? ConcordError
            return e?.what.contains("is negative") == true && e?.location.contains("p.json") == true
        }
    }

    @Test func anEndBeforeTheStartAndAMissingKeyAreRefused() throws {
        #expect(throws: ConcordError.self) {
            try SubsidyPolicy.decodeFile(Self.file(from: "2026-06-01", to: "2026-01-01"), source: "p.json")
        }
        #expect {
            try SubsidyPolicy.decodeFile(Data(#"{"id": "x", "title": "t"}"#.utf8), source: "p.json")
        } throws: { error in
            (error as? ConcordError)?.what.contains("missing key 'source'") == true
        }
    }
}

@Suite struct InsuranceRecordTests {
    @Test func monthsBelowZeroAreRefused() throws {
        #expect {
            try InsuranceInput(
                person: SubsidyWorld.person(0), employer: nil, kind: .enterpriseEmployee, months: -1,
                asOf: Day("2025-01-01"))
        } throws: { error in
            (error as? ConcordError)?.what == "insurance months -1 must be 0 or more"
        }
    }

    @Test func anUnknownPersonIsAnErrorAndNothingIsWritten() throws {
        let world = try SubsidyWorld()
        let before = try world.store.verifyAudit().rows
        #expect(throws: ConcordError.self) { try world.insure(9, months: 20, asOf: "2025-01-01") }
        #expect(try world.count("insurance_record") == 0)
        #expect(try world.store.verifyAudit().rows == before)
    }

    @Test func decisionsUseTheLatestRecordOnOrBeforeTheDay() throws {
        let world = try SubsidyWorld()
        try world.insure(0, months: 8, asOf: "2024-01-31")
        try world.insure(0, months: 14, asOf: "2024-07-31")
        try world.insure(0, .retired, months: 200, asOf: "2025-01-31")
        try world.certificate(0, "EXT000000001", issued: "2024-03-01")
        let early = try world.store.subsidyDecisions(person: SubsidyWorld.person(0), on: Day("2024-04-01"))
        #expect(early.insurance?.months == 8)
        #expect(early.decisions.first?.eligible == false)
        let later = try world.store.subsidyDecisions(person: SubsidyWorld.person(0), on: Day("2024-08-15"))
        #expect(later.insurance?.months == 14)
        #expect(later.decisions.first?.eligible == true)
        #expect(later.decisions.first?.amount == Fen(90_000))
        #expect(later.policyId == "zhejiang-2024")
    }

    @Test func aBadImportRowWritesNothing() throws {
        let world = try SubsidyWorld()
        let (p0, p1, p2) = (try SubsidyWorld.person(0), try SubsidyWorld.person(1), try SubsidyWorld.person(2))
        let csv = """
            resident_id,kind,months,as_of
            \(p0.value),enterprise-employee,20,2025-01-01
            \(p1.value),enterprise-employee,-3,2025-01-01
            \(p2.value),astronaut,20,2025-01-01
            """
        let doc = try CSVDocument(data: Data(csv.utf8), source: "ins.csv", required: ["resident_id"])
        #expect {
            try world.store.importInsurance(doc, dryRun: false)
        } throws: { error in
            let e = error as? ConcordError
            return e?.details.count == 2 && e?.details.first?.hasPrefix("line 3: insurance months -3") == true
        }
        #expect(try world.count("insurance_record") == 0)
        let good = try CSVDocument(data: Data(csv.split(separator: "\n").prefix(2).joined(separator: "\n").utf8),
                                   source: "ins.csv", required: ["resident_id"])
        #expect(try world.store.importInsurance(good, dryRun: false).created == 1)
        #expect(try world.count("insurance_record") == 1)
    }
}

@Suite struct SubsidyClaimTests {
    @Test func anEligibleClaimIsRecordedWithTheDecisionsAmount() throws {
        let world = try SubsidyWorld()
        try world.insure(0, months: 30, asOf: "2024-06-30")
        try world.certificate(0, "EXT000000001", issued: "2024-03-01")
        let decision = try world.store.claimSubsidy(
            person: SubsidyWorld.person(0), certificate: "ext000000001", on: Day("2024-07-15"))
        #expect(decision.amount == Fen(150_000))
        let claims = try world.store.subsidyClaims()
        #expect(claims.map(\.amount) == [Fen(150_000)])
        #expect(claims.first?.policyId == "national-2023")
        #expect(claims.first?.employer == SubsidyWorld.employer)
        #expect(claims.first?.residentId == nil)
        // The same certificate again is refused, naming the earlier claim, and nothing is written.
        let rows = try world.store.verifyAudit().rows
        #expect {
            try world.store.claimSubsidy(
                person: SubsidyWorld.person(0), certificate: "EXT000000001", on: Day("2024-07-16"))
        } throws: { error in
            (error as? ConcordError)?.what.contains("already claimed on 2024-07-15") == true
        }
        #expect(try world.count("subsidy_claim") == 1)
        #expect(try world.store.verifyAudit().rows == rows)
    }

    @Test func unknownPersonOrCertificateIsAnError() throws {
        let world = try SubsidyWorld()
        try world.insure(0, months: 30, asOf: "2024-06-30")
        #expect {
            try world.store.claimSubsidy(
                person: SubsidyWorld.person(0), certificate: "NOPE1234", on: Day("2024-07-15"))
        } throws: { error in
            (error as? ConcordError)?.what.contains("holds no certificate numbered NOPE1234") == true
        }
        #expect {
            try world.store.claimSubsidy(
                person: SubsidyWorld.person(7), certificate: "NOPE1234", on: Day("2024-07-15"))
        } throws: { error in
            (error as? ConcordError)?.what.contains("no person has the resident ID") == true
        }
        #expect(try world.count("subsidy_claim") == 0)
    }

    @Test func aFourthClaimInOneYearIsRefused() throws {
        let world = try SubsidyWorld()
        try world.insure(0, months: 30, asOf: "2024-06-30")
        let occupations = ["4-07-01-01", "4-07-02-01", "4-07-04-01", "4-07-05-01"]
        for (i, occupation) in occupations.enumerated() {
            try world.certificate(0, "EXT00000000\(i)", level: .five, issued: "2024-05-01", occupation: occupation)
        }
        for i in 0..<3 {
            try world.store.claimSubsidy(
                person: SubsidyWorld.person(0), certificate: "EXT00000000\(i)", on: Day("2024-07-0\(i + 1)"))
        }
        #expect {
            try world.store.claimSubsidy(
                person: SubsidyWorld.person(0), certificate: "EXT000000003", on: Day("2024-07-10"))
        } throws: { error in
            (error as? ConcordError)?.what.contains("3 claims in 2024 ≥ 3 allowed") == true
        }
        #expect(try world.count("subsidy_claim") == 3)
    }

    @Test func levelFourAfterLevelThreeIsRefused() throws {
        let world = try SubsidyWorld()
        try world.insure(1, months: 30, asOf: "2024-06-30")
        try world.certificate(1, "EXT0000000L3", level: .three, issued: "2024-04-01")
        try world.certificate(1, "EXT0000000L4", level: .four, issued: "2024-05-01")
        try world.store.claimSubsidy(
            person: SubsidyWorld.person(1), certificate: "EXT0000000L3", on: Day("2024-07-01"))
        let report = try world.store.subsidyDecisions(person: SubsidyWorld.person(1), on: Day("2024-07-02"))
        let l4 = try #require(report.decisions.first { $0.level == .four })
        #expect(!l4.eligible)
        #expect(l4.reasons.contains("level 4 after level 3 of 4-07-03-02"))
    }

    @Test func twoConcurrentClaimsForOneCertificateLetExactlyOneWin() async throws {
        let world = try SubsidyWorld()
        try world.insure(0, months: 30, asOf: "2024-06-30")
        try world.certificate(0, "EXT000000RACE", issued: "2024-03-01")
        // Two stores on one file act as two processes: separate connection pools, one SQLite file.
        let path = world.path
        let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    let store = try Store(path: path, actor: "racer")
                    do {
                        try store.claimSubsidy(
                            person: SubsidyWorld.person(0), certificate: "EXT000000RACE", on: Day("2024-07-15"))
                        return "won"
                    } catch let error as ConcordError {
                        return error.what
                    }
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == "won" }.count == 1, "\(outcomes)")
        #expect(outcomes.contains { $0.contains("already claimed on 2024-07-15") }, "\(outcomes)")
        #expect(try world.count("subsidy_claim") == 1)
    }

    @Test func theClaimsExportIsCSVQuotedByTheLibraryAndFilteredByDate() throws {
        let world = try SubsidyWorld()
        try world.insure(0, months: 30, asOf: "2024-06-30")
        try world.certificate(0, "EXT000000001", issued: "2024-03-01")
        try world.certificate(0, "EXT000000002", level: .five, issued: "2024-03-01", occupation: "4-07-01-01")
        try world.store.claimSubsidy(
            person: SubsidyWorld.person(0), certificate: "EXT000000001", on: Day("2024-07-01"))
        try world.store.claimSubsidy(
            person: SubsidyWorld.person(0), certificate: "EXT000000002", on: Day("2024-07-20"))
        let july = try world.store.subsidyClaims(from: Day("2024-07-10"), to: Day("2024-07-31"))
        #expect(july.map(\.certificateNumber) == ["EXT000000002"])
        var all = try world.store.subsidyClaims(reveal: true)
        #expect(try all.first?.residentId == SubsidyWorld.person(0).value)
        all[0].employerName = "杭州纺织, \"有限\"公司"
        let csv = try SubsidyClaimView.csv(all)
        let lines = csv.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("id,name,id_masked,resident_id,employer"))
        #expect(lines[1].contains(#""杭州纺织, ""有限""公司""#))
        #expect(lines[1].contains(",150000,1500.00,national-2023"))
    }
}
