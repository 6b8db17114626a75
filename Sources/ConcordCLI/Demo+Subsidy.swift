import Catalog
import Foundation
import Model
import Storage
import Subsidy

/// The subsidy part of the demo: insurance records and external certificates for one employer's people, a
/// claim, then that employer's eligibility table with the reasons.
enum DemoSubsidy {
    /// The day the demo decides for: inside the Zhejiang 2024 version.
    static let day = Day(year: 2025, month: 6, day: 30) ?? Day.epoch

    /// One demo person's situation: insurance kind and months, and a certificate (level, issue day, occupation).
    private struct Scenario {
        var kind: InsuranceKind
        var months: Int
        var certificate: (level: SkillLevel, issued: String, occupation: String, name: String)?
    }

    private static let c = (HeldCertificate.coordinatorCode, HeldCertificate.coordinatorName)

    private static let scenarios: [Scenario] = [
        Scenario(kind: .enterpriseEmployee, months: 60, certificate: (.four, "2025-01-15", c.0, c.1)),
        Scenario(kind: .enterpriseEmployee, months: 8, certificate: (.three, "2025-03-01", c.0, c.1)),
        Scenario(kind: .publicSector, months: 96, certificate: (.four, "2024-12-01", c.0, c.1)),
        Scenario(kind: .retired, months: 180, certificate: (.four, "2024-10-01", c.0, c.1)),
        Scenario(kind: .benefitRecipient, months: 30, certificate: (.four, "2025-02-01", c.0, c.1)),
        Scenario(kind: .enterpriseEmployee, months: 36, certificate: (.four, "2024-03-01", c.0, c.1)),
        Scenario(
            kind: .enterpriseEmployee, months: 24, certificate: (.three, "2025-04-01", "4-07-03-01", "企业人力资源管理师")),
        Scenario(kind: .enterpriseEmployee, months: 14, certificate: (.five, "2025-05-10", c.0, c.1)),
    ]

    /// Loads the records into the demo store and prints the section.
    static func run(store: Store, generator gen: inout SyntheticRegistry) throws {
        guard let employer = try store.employers().first else { return }
        let code = try CreditCode(employer.creditCode)
        let people = try store.persons(employer: code, reveal: true)
        let asOf = Day(year: 2025, month: 5, day: 31) ?? Day.epoch
        var claimant: (ResidentID, String)?
        for (i, person) in people.enumerated() {
            guard let rid = try person.residentId.map(ResidentID.init) else { continue }
            let scenario = i < scenarios.count
                ? scenarios[i] : Scenario(kind: .enterpriseEmployee, months: 8 + gen.below(53), certificate: nil)
            try store.recordInsurance(InsuranceInput(
                person: rid, employer: code, kind: scenario.kind, months: scenario.months, asOf: asOf))
            guard let cert = scenario.certificate else { continue }
            let province = ["31", "32", "34", "36"][i % 4]
            let number = "S0000\(province)000001\(cert.issued.dropFirst(2).prefix(2))\(cert.level.rawValue)"
                + String(format: "%06d", 100 + i)
            try store.addExternalCertificate(ExternalCertificateInput(
                person: rid, number: number, occupationCode: cert.occupation, occupationName: cert.name,
                level: cert.level, issuedOn: try Day(cert.issued), issuer: "外省职业技能评价机构",
                registryRef: "技能人才评价证书全国联网查询"))
            if scenario.kind == .benefitRecipient { claimant = (rid, number) }
        }
        if let (rid, number) = claimant {
            try store.claimSubsidy(person: rid, certificate: number, on: Day(year: 2025, month: 6, day: 2) ?? day)
        }
        let reports = try store.subsidyDecisions(employer: code, on: day)
        print("")
        print("== Skill-upgrade subsidy ==")
        print("\(employer.name): eligibility on \(day) (\(try store.subsidyClaims().count) claim recorded)")
        let rows = reports.flatMap(\.tableRows).filter { !$0[2].isEmpty }
        Output.printTable(PersonSubsidyReport.tableHeader, rows)
        print("\(reports.count - Set(rows.map { $0[1] }).count) more employees hold no certificate yet.")
    }
}
