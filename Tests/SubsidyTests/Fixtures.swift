import Model
import Subsidy

/// Policy versions with the seeded figures, built by hand so the rule tests need no database
/// (`SeededPolicyTests` checks the migration holds the same figures).
enum Fixtures {
    static let national: [String: [String: Int64]] = ["national": ["3": 200_000, "4": 150_000, "5": 100_000]]
    static let zhejiang: [String: [String: Int64]] = [
        "production-manufacturing": ["3": 200_000, "4": 150_000, "5": 100_000],
        "social-production-services": ["3": 120_000, "4": 90_000, "5": 60_000],
        "agriculture-life-services": ["3": 80_000, "4": 60_000, "5": 40_000],
    ]

    static func day(_ text: String) -> Day {
        (try? Day(text)) ?? Day.epoch
    }

    static func version(
        _ id: String, _ from: String, _ to: String?, months: Int, benefit: Bool, cap: Int?,
        amounts: [String: [String: Int64]] = national, categories: [String: String] = [:],
        defaultCategory: String? = "national", uplift: Int = 0, shortage: [String] = []
    ) -> SubsidyPolicy {
        SubsidyPolicy(
            id: id, title: id, source: "source of \(id)", effectiveFrom: day(from), effectiveTo: to.map(day),
            parameters: SubsidyParameters(
                minInsuranceMonths: months, benefitRecipientsQualify: benefit, claimsPerYear: cap,
                lowerAfterHigher: true, applicationWindowMonths: 12, earliestCertificate: day("2017-01-01"),
                amountsFen: amounts, occupationCategories: categories, defaultCategory: defaultCategory,
                shortageUpliftPercent: uplift, shortageOccupations: shortage))
    }

    static let policies: [SubsidyPolicy] = [
        version("national-2017", "2017-01-01", "2018-12-31", months: 36, benefit: false, cap: nil),
        version("relaxation-2019", "2019-01-01", "2021-12-31", months: 12, benefit: false, cap: nil),
        version("national-2022", "2022-01-01", "2022-12-31", months: 12, benefit: true, cap: 3),
        version("national-2023", "2023-01-01", "2024-07-31", months: 12, benefit: true, cap: 3),
        version(
            "zhejiang-2024", "2024-08-01", "2025-12-31", months: 12, benefit: true, cap: 3, amounts: zhejiang,
            categories: ["4-07-03-02": "social-production-services", "6-18-01-01": "production-manufacturing"],
            defaultCategory: nil),
    ]

    static func cert(
        _ number: String = "S000033000001234000001", level: SkillLevel = .four, issued: String,
        occupation: String = HeldCertificate.coordinatorCode, revoked: Bool = false
    ) -> HeldCertificate {
        HeldCertificate(
            number: number, occupationCode: occupation, level: level, issuedOn: day(issued), origin: .issuedHere,
            revoked: revoked)
    }

    static func insured(_ kind: InsuranceKind = .enterpriseEmployee, months: Int, asOf: String) -> InsuranceFact {
        InsuranceFact(kind: kind, months: months, asOf: day(asOf))
    }

    static func claim(_ number: String, level: SkillLevel, on: String, occupation: String = "4-07-03-02")
        -> PriorClaim
    {
        PriorClaim(certificateNumber: number, occupationCode: occupation, level: level, claimedOn: day(on))
    }
}
