import Model
import Subsidy
import Testing

/// One decision to make and what it must say.
struct RuleCase: Sendable, CustomTestStringConvertible {
    var name: String
    var facts: SubsidyFacts
    var on: String
    var eligible: Bool
    /// The amount in fen when eligible.
    var amount: Int64 = 0
    /// The rules that must fail (exactly these).
    var failed: [String] = []
    /// Text the named rule's detail must contain.
    var detail: (rule: String, contains: String)?
    var policy: String?

    var testDescription: String { name }
}

private typealias F = Fixtures

private let l4 = F.cert(issued: "2024-03-01")
private let good = F.insured(months: 30, asOf: "2024-12-31")

let ruleCases: [RuleCase] = [
    // 36 months under the 2017 rule, 12 in the relaxation from 2019.
    RuleCase(
        name: "20 months in 2018 fails the 36-month rule",
        facts: SubsidyFacts(
            insurance: F.insured(months: 20, asOf: "2018-11-30"), certificates: [F.cert(issued: "2018-06-01")]),
        on: "2018-12-01", eligible: false, failed: ["insurance"],
        detail: ("insurance", "insurance 20 months < 36 required as of 2018-11-30"), policy: "national-2017"),
    RuleCase(
        name: "20 months in 2019 passes the 12-month rule",
        facts: SubsidyFacts(
            insurance: F.insured(months: 20, asOf: "2019-05-31"), certificates: [F.cert(issued: "2019-03-01")]),
        on: "2019-06-01", eligible: true, amount: 150_000,
        detail: ("insurance", "insurance 20 months ≥ 12 required as of 2019-05-31"), policy: "relaxation-2019"),
    RuleCase(
        name: "11 months fails the 12-month rule",
        facts: SubsidyFacts(
            insurance: F.insured(months: 11, asOf: "2025-03-01"), certificates: [F.cert(issued: "2025-01-10")]),
        on: "2025-03-10", eligible: false, failed: ["insurance"],
        detail: ("insurance", "insurance 11 months < 12 required as of 2025-03-01")),
    // The 12-month window: day 365 after issue (the anniversary, 2023 not a leap year) is the last day.
    RuleCase(
        name: "day 365 after issue is within the window",
        facts: SubsidyFacts(insurance: good, certificates: [F.cert(issued: "2022-06-15")]),
        on: "2023-06-15", eligible: true, amount: 150_000,
        detail: ("deadline", "day 365 after issue, on or before the last day 2023-06-15")),
    RuleCase(
        name: "day 366 after issue is too late",
        facts: SubsidyFacts(insurance: good, certificates: [F.cert(issued: "2022-06-15")]),
        on: "2023-06-16", eligible: false, failed: ["deadline"],
        detail: ("deadline", "day 366 after issue, after the last day 2023-06-15")),
    // At most 3 claims per person per calendar year (from 2022).
    RuleCase(
        name: "a fourth claim in one year fails",
        facts: SubsidyFacts(
            insurance: good, certificates: [l4],
            priorClaims: [
                F.claim("A1", level: .five, on: "2024-01-05", occupation: "4-07-01-01"),
                F.claim("A2", level: .four, on: "2024-02-05", occupation: "4-07-01-01"),
                F.claim("A3", level: .five, on: "2024-03-05", occupation: "4-01-02-01"),
            ]),
        on: "2024-04-01", eligible: false, failed: ["yearly-limit"],
        detail: ("yearly-limit", "3 claims in 2024 ≥ 3 allowed")),
    RuleCase(
        name: "a third claim in one year passes",
        facts: SubsidyFacts(
            insurance: good, certificates: [l4],
            priorClaims: [
                F.claim("A1", level: .five, on: "2024-01-05", occupation: "4-07-01-01"),
                F.claim("A2", level: .five, on: "2023-02-05", occupation: "4-01-02-01"),
                F.claim("A3", level: .four, on: "2024-03-05", occupation: "4-07-01-01"),
            ]),
        on: "2024-04-01", eligible: true, amount: 150_000, detail: ("yearly-limit", "2 claims in 2024 < 3 allowed")),
    // Lower after higher, and once per occupation and level.
    RuleCase(
        name: "level 4 after level 3 in the same occupation fails",
        facts: SubsidyFacts(
            insurance: good, certificates: [l4], priorClaims: [F.claim("L3", level: .three, on: "2024-02-01")]),
        on: "2024-04-01", eligible: false, failed: ["lower-after-higher"],
        detail: ("lower-after-higher", "level 4 after level 3 of 4-07-03-02 claimed on 2024-02-01")),
    RuleCase(
        name: "level 4 after level 3 in another occupation passes",
        facts: SubsidyFacts(
            insurance: good, certificates: [l4],
            priorClaims: [F.claim("L3", level: .three, on: "2024-02-01", occupation: "4-07-01-01")]),
        on: "2024-04-01", eligible: true, amount: 150_000),
    RuleCase(
        name: "level 3 after level 4 passes",
        facts: SubsidyFacts(
            insurance: good, certificates: [F.cert(level: .three, issued: "2024-03-01")],
            priorClaims: [F.claim("L4", level: .four, on: "2023-02-01")]),
        on: "2024-04-01", eligible: true, amount: 200_000),
    RuleCase(
        name: "the same occupation and level twice fails",
        facts: SubsidyFacts(
            insurance: good, certificates: [l4], priorClaims: [F.claim("OTHER", level: .four, on: "2023-02-01")]),
        on: "2024-04-01", eligible: false, failed: ["once-per-level"],
        detail: ("once-per-level", "already claimed on 2023-02-01 (certificate OTHER)")),
    // Who may claim.
    RuleCase(
        name: "a benefit recipient before 2022 fails",
        facts: SubsidyFacts(
            insurance: F.insured(.benefitRecipient, months: 40, asOf: "2021-05-01"),
            certificates: [F.cert(issued: "2021-03-01")]),
        on: "2021-06-01", eligible: false, failed: ["claimant"],
        detail: ("claimant", "do not qualify under policy relaxation-2019")),
    RuleCase(
        name: "a benefit recipient in 2022 passes",
        facts: SubsidyFacts(
            insurance: F.insured(.benefitRecipient, months: 40, asOf: "2022-05-01"),
            certificates: [F.cert(issued: "2022-03-01")]),
        on: "2022-06-01", eligible: true, amount: 150_000, policy: "national-2022"),
    RuleCase(
        name: "a public-sector employee fails",
        facts: SubsidyFacts(insurance: F.insured(.publicSector, months: 120, asOf: "2024-03-01"), certificates: [l4]),
        on: "2024-04-01", eligible: false, failed: ["claimant"], detail: ("claimant", "public-sector staff")),
    RuleCase(
        name: "a retiree fails",
        facts: SubsidyFacts(insurance: F.insured(.retired, months: 300, asOf: "2024-03-01"), certificates: [l4]),
        on: "2024-04-01", eligible: false, failed: ["claimant"], detail: ("claimant", "retiree may not claim")),
    RuleCase(
        name: "no insurance record fails two rules",
        facts: SubsidyFacts(insurance: nil, certificates: [l4]),
        on: "2024-04-01", eligible: false, failed: ["claimant", "insurance"],
        detail: ("claimant", "no insurance record on or before 2024-04-01")),
    // Dates no version covers.
    RuleCase(
        name: "a date after the last version has no policy",
        facts: SubsidyFacts(insurance: good, certificates: [F.cert(issued: "2025-12-01")]),
        on: "2026-01-05", eligible: false, failed: ["policy"], detail: ("policy", "no policy in force on 2026-01-05")),
    RuleCase(
        name: "a date before 2017 has no policy",
        facts: SubsidyFacts(insurance: good, certificates: [F.cert(issued: "2016-06-01")]),
        on: "2016-09-01", eligible: false, failed: ["policy"]),
    // Zhejiang amounts from 2024-08-01.
    RuleCase(
        name: "level 4 on 2024-07-31 gets the national 1500",
        facts: SubsidyFacts(insurance: good, certificates: [l4]),
        on: "2024-07-31", eligible: true, amount: 150_000, detail: ("amount", "national, level 4: ¥1500.00"),
        policy: "national-2023"),
    RuleCase(
        name: "level 4 on 2024-08-01 gets Zhejiang's 900 for social production services",
        facts: SubsidyFacts(insurance: good, certificates: [l4]),
        on: "2024-08-01", eligible: true, amount: 90_000,
        detail: ("amount", "social-production-services, level 4: ¥900.00"), policy: "zhejiang-2024"),
    RuleCase(
        name: "level 3 on 2024-08-01 gets Zhejiang's 1200",
        facts: SubsidyFacts(insurance: good, certificates: [F.cert(level: .three, issued: "2024-03-01")]),
        on: "2024-08-01", eligible: true, amount: 120_000),
    RuleCase(
        name: "a production occupation at level 5 gets Zhejiang's 1000",
        facts: SubsidyFacts(
            insurance: good, certificates: [F.cert(level: .five, issued: "2024-09-01", occupation: "6-18-01-01")]),
        on: "2024-10-01", eligible: true, amount: 100_000),
    RuleCase(
        name: "an occupation outside the Zhejiang catalogue fails",
        facts: SubsidyFacts(insurance: good, certificates: [F.cert(issued: "2024-09-01", occupation: "2-02-01-01")]),
        on: "2024-10-01", eligible: false, failed: ["amount"], detail: ("amount", "not in the policy's catalogue")),
    // The certificate itself.
    RuleCase(
        name: "a revoked certificate fails",
        facts: SubsidyFacts(insurance: good, certificates: [F.cert(issued: "2024-03-01", revoked: true)]),
        on: "2024-04-01", eligible: false, failed: ["not-revoked"]),
    RuleCase(
        name: "a level-2 certificate fails",
        facts: SubsidyFacts(insurance: good, certificates: [F.cert(level: .two, issued: "2024-03-01")]),
        on: "2024-04-01", eligible: false, failed: ["level", "amount"], detail: ("level", "level 2 is not one of")),
    RuleCase(
        name: "a certificate from 2016 fails",
        facts: SubsidyFacts(
            insurance: F.insured(months: 40, asOf: "2017-02-28"), certificates: [F.cert(issued: "2016-12-31")]),
        on: "2017-03-01", eligible: false, failed: ["issue-date"],
        detail: ("issue-date", "issued 2016-12-31 before 2017-01-01")),
    RuleCase(
        name: "a claim before the issue date fails",
        facts: SubsidyFacts(insurance: good, certificates: [l4]),
        on: "2024-02-01", eligible: false, failed: ["deadline"], detail: ("deadline", "before the issue date")),
    RuleCase(
        name: "a subsidised training for the same course fails",
        facts: SubsidyFacts(
            insurance: good, certificates: [l4], subsidisedTrainings: [SubsidisedTraining(level: .four)]),
        on: "2024-04-01", eligible: false, failed: ["training-subsidy"]),
    RuleCase(
        name: "a subsidised training for another level passes",
        facts: SubsidyFacts(
            insurance: good, certificates: [l4], subsidisedTrainings: [SubsidisedTraining(level: .three)]),
        on: "2024-04-01", eligible: true, amount: 150_000),
]

@Suite struct SubsidyRulesTests {
    @Test(arguments: ruleCases)
    func decides(_ c: RuleCase) throws {
        let decisions = SubsidyRules.decide(c.facts, policies: Fixtures.policies, on: Fixtures.day(c.on))
        let d = try #require(decisions.first)
        #expect(decisions.count == c.facts.certificates.count)
        #expect(d.eligible == c.eligible, "\(d.rules)")
        #expect(d.amount == Fen(c.eligible ? c.amount : 0))
        #expect(d.rules.filter { !$0.passed }.map(\.rule) == c.failed, "\(d.rules)")
        if let detail = c.detail {
            let check = try #require(d.rules.first { $0.rule == detail.rule })
            #expect(check.detail.contains(detail.contains), "\(check.detail)")
        }
        if let policy = c.policy { #expect(d.policyId == policy) }
        if c.failed != ["policy"] {
            #expect(d.rules.count >= 12, "every rule is listed, passed or failed")
            #expect(d.lastDayToApply == d.issuedOn.adding(months: 12))
        } else {
            #expect(d.policyId == nil && d.lastDayToApply == nil)
        }
    }

    @Test func aShortageUpliftRaisesTheAmount() {
        let policy = Fixtures.version(
            "uplift", "2024-01-01", nil, months: 12, benefit: true, cap: 3, uplift: 30, shortage: ["4-07-03-02"])
        let facts = SubsidyFacts(insurance: Fixtures.insured(months: 20, asOf: "2024-05-01"), certificates: [l4])
        let d = SubsidyRules.decide(facts, policies: [policy], on: Fixtures.day("2024-05-01"))
        #expect(d.first?.amount == Fen(195_000))
        #expect(d.first?.rules.last?.detail.contains("30% shortage uplift") == true)
    }

    @Test func theWindowEndsOnTheSameDayTwelveMonthsLaterClampedToTheMonthEnd() {
        let facts = SubsidyFacts(
            insurance: Fixtures.insured(months: 20, asOf: "2024-01-01"),
            certificates: [Fixtures.cert(issued: "2023-02-28"), Fixtures.cert("LEAP", issued: "2024-02-29")])
        let d = SubsidyRules.decide(facts, policies: Fixtures.policies, on: Fixtures.day("2024-03-01"))
        #expect(d.map(\.lastDayToApply) == [Fixtures.day("2024-02-28"), Fixtures.day("2025-02-28")])
    }
}
