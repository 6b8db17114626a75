import Foundation
import Testing

@Suite struct SubsidyCLITests {
    static let person = "360426199101010071"
    static let employer = "91110000600037341L"

    /// An initialised database with one employer and one employee.
    func world() throws -> CLI {
        let cli = try CLI()
        try cli.run("init")
        try cli.run(
            "employer", "add", "--name", "杭州纺织有限公司", "--credit-code", Self.employer, "--size", "medium",
            "--region", "杭州市/西湖区")
        try cli.run("person", "add", "--name", "张三", "--id", Self.person, "--employer", Self.employer)
        return cli
    }

    func auditRows(_ cli: CLI) throws -> String { try cli.sqlite("SELECT count(*) FROM audit_log") }

    @Test func checkClaimAndExportEndToEnd() throws {
        let cli = try world()
        let recorded = try cli.run(
            "insurance", "record", "--person", Self.person, "--kind", "enterprise-employee", "--months", "11",
            "--as-of", "2025-03-01")
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let added = try cli.run(
            "cert", "external", "add", "--person", Self.person, "--number", "S000031000001254000123", "--level", "4",
            "--issued", "2025-02-10", "--issuer", "上海市职业技能评价中心")
        #expect(added.status == 0, "\(added.stderr)")

        let short = try cli.run("subsidy", "check", "--person", Self.person, "--on", "2025-03-10", "--json")
        #expect(short.status == 0, "\(short.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(short.stdout.utf8)) as? [String: Any]
        let decision = (report?["decisions"] as? [[String: Any]])?.first
        #expect(decision?["eligible"] as? Bool == false)
        #expect(decision?["policyId"] as? String == "zhejiang-2024")
        #expect(decision?["lastDayToApply"] as? String == "2026-02-10")
        let rules = decision?["rules"] as? [[String: Any]] ?? []
        #expect(rules.contains {
            $0["rule"] as? String == "insurance" && $0["passed"] as? Bool == false
                && $0["detail"] as? String == "insurance 11 months < 12 required as of 2025-03-01"
        })
        #expect(!short.stdout.contains(Self.person))

        // Not eligible yet: the claim is refused and nothing is written.
        let before = try auditRows(cli)
        let refused = try cli.run(
            "subsidy", "claim", "--person", Self.person, "--cert", "S000031000001254000123", "--on", "2025-03-10")
        #expect(refused.status != 0)
        #expect(refused.lastErrorLine.hasPrefix("error: not eligible: insurance 11 months < 12 required"))
        #expect(try cli.sqlite("SELECT count(*) FROM subsidy_claim") == "0")
        #expect(try auditRows(cli) == before)

        try cli.run(
            "insurance", "record", "--person", Self.person, "--kind", "enterprise-employee", "--months", "12",
            "--as-of", "2025-04-01")
        let table = try cli.run("subsidy", "check", "--employer", Self.employer, "--on", "2025-04-02")
        #expect(table.stdout.contains("yes"), "\(table.stdout)")
        #expect(table.stdout.contains("900.00"))
        let claim = try cli.run(
            "subsidy", "claim", "--person", Self.person, "--cert", "S000031000001254000123", "--on", "2025-04-02")
        #expect(claim.status == 0, "\(claim.stderr)")
        #expect(try cli.sqlite("SELECT amount_fen, policy_id FROM subsidy_claim") == "90000|zhejiang-2024")

        let csv = try cli.run("subsidy", "claims", "--from", "2025-01-01", "--to", "2025-12-31", "--format", "csv")
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[1].contains("360426********0071,,91110000600037341L,杭州纺织有限公司,S000031000001254000123"))
        #expect(lines[1].hasSuffix(",90000,900.00,zhejiang-2024"))
        let none = try cli.run("subsidy", "claims", "--from", "2026-01-01", "--json")
        #expect(none.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]")
        #expect(try cli.run("audit", "verify").stdout.contains("audit chain intact"))
    }

    @Test func badInputIsOneErrorLineAndWritesNothing() throws {
        let cli = try world()
        let before = try auditRows(cli)
        let negative = try cli.run(
            "insurance", "record", "--person", Self.person, "--kind", "enterprise-employee", "--months", "-1",
            "--as-of", "2025-03-01")
        #expect(negative.status != 0)
        #expect(negative.lastErrorLine == "error: insurance months -1 must be 0 or more (--months)")
        let unknown = try cli.run("subsidy", "check", "--person", "110101199003077758", "--on", "2025-03-01")
        #expect(unknown.status != 0)
        #expect(unknown.lastErrorLine.hasPrefix("error: no person has the resident ID 110101********7758"))
        let noCert = try cli.run("subsidy", "claim", "--person", Self.person, "--cert", "S0000", "--on", "2025-03-01")
        #expect(noCert.lastErrorLine.contains("holds no certificate numbered S0000"))

        let overlapping = try cli.file("overlap.json", Self.policyJSON(from: "2025-01-01", amount: 90000))
        let overlap = try cli.run("subsidy", "policy", "add", overlapping)
        #expect(overlap.status != 0)
        #expect(overlap.lastErrorLine.contains("overlaps policy zhejiang-2024"))
        let negativeFile = try cli.file("negative.json", Self.policyJSON(from: "2026-01-01", amount: -100))
        let negativeAmount = try cli.run("subsidy", "policy", "add", negativeFile)
        #expect(negativeAmount.lastErrorLine.contains("is negative"))
        #expect(try cli.sqlite("SELECT count(*) FROM subsidy_policy") == "5")
        #expect(try cli.sqlite("SELECT count(*) FROM insurance_record") == "0")
        #expect(try auditRows(cli) == before)

        let good = try cli.file("good.json", Self.policyJSON(from: "2026-01-01", amount: 90000))
        #expect(try cli.run("subsidy", "policy", "add", good).status == 0)
        let list = try cli.run("subsidy", "policy", "list")
        #expect(list.stdout.contains("zhejiang-2026"))
        #expect(try cli.sqlite("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1") == "subsidy.policy.add")
    }

    static func policyJSON(from: String, amount: Int) -> String {
        """
        {"id": "zhejiang-2026", "title": "浙江 2026", "source": "浙人社发〔2026〕1号",
         "effectiveFrom": "\(from)", "effectiveTo": null,
         "parameters": {"minInsuranceMonths": 12, "benefitRecipientsQualify": true, "claimsPerYear": 3,
           "lowerAfterHigher": true, "applicationWindowMonths": 12, "earliestCertificate": "2017-01-01",
           "amountsFen": {"social-production-services": {"3": 120000, "4": \(amount), "5": 60000}},
           "occupationCategories": {"4-07-03-02": "social-production-services"}, "defaultCategory": null,
           "shortageUpliftPercent": 0, "shortageOccupations": []}}
        """
    }

    @Test func twoConcurrentProcessesClaimingOneCertificateLetOneWin() throws {
        let cli = try world()
        try cli.run(
            "insurance", "record", "--person", Self.person, "--kind", "enterprise-employee", "--months", "30",
            "--as-of", "2025-03-01")
        try cli.run(
            "cert", "external", "add", "--person", Self.person, "--number", "S000031000001254000999", "--level", "4",
            "--issued", "2025-02-10", "--issuer", "上海市职业技能评价中心")
        // Both processes start before either is waited for; SQLite's lock decides who goes first.
        let processes = try (0..<2).map { _ -> (Process, Pipe) in
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = [
                "subsidy", "claim", "--person", Self.person, "--cert", "S000031000001254000999", "--on", "2025-03-10",
            ]
            process.environment = cli.env
            let err = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = err
            try process.run()
            return (process, err)
        }
        let all = processes.map { process, err in
            let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text)
        }
        #expect(all.filter { $0.0 == 0 }.count == 1, "\(all)")
        #expect(all.contains { $0.1.contains("already claimed on 2025-03-10") }, "\(all)")
        #expect(try cli.sqlite("SELECT count(*) FROM subsidy_claim") == "1")
    }

    @Test func theDemoPrintsAnEmployersEligibilityTable() throws {
        let cli = try CLI()
        let demo = try cli.run("demo", "--out", cli.dir.appendingPathComponent("demo.sqlite").path, "--size", "120",
                               "--no-serve")
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("== Skill-upgrade subsidy =="))
        #expect(demo.stdout.contains("public-sector staff may not claim"))
        #expect(demo.stdout.contains("insurance 8 months < 12 required as of 2025-05-31"))
        #expect(demo.stdout.contains("900.00"))
    }
}

/// The subsidy decision reads certificates issued by the certification module and the enrolment module's
/// subsidised-training flag.
@Suite struct SubsidyWiringCLITests {
    static let person = "360426199101010071"
    static let employer = "91110000600037341L"

    func rule(_ cli: CLI, _ name: String) throws -> (passed: Bool?, detail: String?, number: String?) {
        let r = try cli.run("subsidy", "check", "--person", Self.person, "--on", "2025-06-30", "--json")
        let report = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let decision = (report?["decisions"] as? [[String: Any]])?.first
        let rules = decision?["rules"] as? [[String: Any]] ?? []
        let found = rules.first { $0["rule"] as? String == name }
        let number = (decision?["certificate"] as? [String: Any])?["number"] as? String
            ?? decision?["number"] as? String
        return (found?["passed"] as? Bool, found?["detail"] as? String, number)
    }

    @Test func aCertificateIssuedHereIsDecidedAndASubsidisedCourseBlocksIt() throws {
        let cli = try CLI()
        try cli.run("init")
        try cli.run("employer", "add", "--name", "杭州纺织有限公司", "--credit-code", Self.employer, "--size", "medium",
                    "--region", "杭州市/西湖区")
        try cli.run("institution", "add", "--code", "EV", "--name", "浙江省评价中心", "--kind", "evaluation")
        try cli.run("institution", "add", "--code", "HZ-T1", "--name", "杭州培训中心", "--kind", "training")
        try cli.run("cert", "body", "set", "--institution", "EV", "--type", "S", "--body-code", "0000",
                    "--site", "000001")
        try cli.run("person", "add", "--name", "张三", "--id", Self.person, "--employer", Self.employer,
                    "--education", "bachelor", "--major", "法学", "--related-work-since", "2015-01-01")
        try cli.run("assess", "record", "--person", Self.person, "--level", "4", "--body", "EV",
                    "--date", "2025-03-01", "--theory", "75", "--skills", "80")
        let issued = try cli.run("cert", "issue", "--person", Self.person, "--level", "4", "--date", "2025-04-01",
                                 "--json")
        #expect(issued.status == 0, "\(issued.stderr)")
        try cli.run("insurance", "record", "--person", Self.person, "--kind", "enterprise-employee",
                    "--months", "40", "--as-of", "2025-05-01")

        let clear = try rule(cli, "training-subsidy")
        #expect(clear.passed == true)
        #expect(try rule(cli, "not-revoked").passed == true)

        try cli.run("course", "add", "--code", "C1", "--title", "劳动关系协调员四级", "--institution", "HZ-T1",
                    "--level", "4", "--class-hours", "9", "--capacity", "2", "--fee", "1800",
                    "--starts", "2025-01-06", "--ends", "2025-01-31")
        let enrolled = try cli.run("enroll", "add", "--course", "C1", "--person", Self.person, "--on", "2025-01-02",
                                   "--subsidised-training")
        #expect(enrolled.status == 0, "\(enrolled.stderr)")
        let blocked = try rule(cli, "training-subsidy")
        #expect(blocked.passed == false)

        let number = try cli.sqlite("SELECT number FROM certificate")
        let claim = try cli.run("subsidy", "claim", "--person", Self.person, "--cert", number, "--on", "2025-06-30")
        #expect(claim.status != 0)
        #expect(try cli.sqlite("SELECT count(*) FROM subsidy_claim") == "0")

        try cli.run("cert", "revoke", number, "--reason", "error", "--note", "wrong person")
        #expect(try rule(cli, "not-revoked").passed == false)
    }
}
