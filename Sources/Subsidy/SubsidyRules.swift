import Foundation
import Model

/// Everything the subsidy rules need to know about one person on one day, as plain values.
public struct SubsidyFacts: Codable, Sendable, Equatable {
    /// The latest insurance record on or before the decision date; nil when there is none.
    public var insurance: InsuranceFact?
    /// Every certificate the person holds.
    public var certificates: [HeldCertificate]
    /// Claims already recorded for the person.
    public var priorClaims: [PriorClaim]
    /// Trainings the person took with a training subsidy.
    public var subsidisedTrainings: [SubsidisedTraining]

    /// Facts from their parts.
    public init(
        insurance: InsuranceFact?, certificates: [HeldCertificate], priorClaims: [PriorClaim] = [],
        subsidisedTrainings: [SubsidisedTraining] = []
    ) {
        self.insurance = insurance
        self.certificates = certificates
        self.priorClaims = priorClaims
        self.subsidisedTrainings = subsidisedTrainings
    }
}

/// What an insurance record says: the person's kind and cumulative months as of a day.
public struct InsuranceFact: Codable, Sendable, Equatable {
    /// Enterprise employee, benefit recipient, …
    public var kind: InsuranceKind
    /// Cumulative unemployment-insurance months.
    public var months: Int
    /// The day the record states the months for.
    public var asOf: Day

    /// A fact from its parts.
    public init(kind: InsuranceKind, months: Int, asOf: Day) {
        self.kind = kind
        self.months = months
        self.asOf = asOf
    }
}

/// A claim already recorded, as the limits count it.
public struct PriorClaim: Codable, Sendable, Equatable {
    /// The certificate claimed for.
    public var certificateNumber: String
    /// Its occupation code.
    public var occupationCode: String
    /// Its level.
    public var level: SkillLevel
    /// The day the claim was made.
    public var claimedOn: Day

    /// A prior claim from its parts.
    public init(certificateNumber: String, occupationCode: String, level: SkillLevel, claimedOn: Day) {
        self.certificateNumber = certificateNumber
        self.occupationCode = occupationCode
        self.level = level
        self.claimedOn = claimedOn
    }
}

/// One rule checked for one certificate: whether it passed and the figures behind the answer.
public struct RuleCheck: Codable, Sendable, Equatable {
    /// The rule's id (`policy`, `claimant`, `insurance`, `level`, `issue-date`, `deadline`, `not-revoked`,
    /// `once-per-level`, `yearly-limit`, `lower-after-higher`, `training-subsidy`, `amount`).
    public var rule: String
    /// Whether it passed.
    public var passed: Bool
    /// The reason with its figures: "insurance 11 months < 12 required as of 2025-03-01".
    public var detail: String

    /// A check from its parts.
    public init(rule: String, passed: Bool, detail: String) {
        self.rule = rule
        self.passed = passed
        self.detail = detail
    }
}

/// The answer for one certificate.
public struct CertificateDecision: Codable, Sendable, Equatable {
    /// The certificate decided on.
    public var certificateNumber: String
    /// Its occupation code.
    public var occupationCode: String
    /// Its occupation name.
    public var occupationName: String
    /// Its level.
    public var level: SkillLevel
    /// Its issue date.
    public var issuedOn: Day
    /// Issued here or external.
    public var origin: HeldCertificate.Origin
    /// The day the decision is for.
    public var decidedOn: Day
    /// Whether every rule passed.
    public var eligible: Bool
    /// The amount payable (zero when not eligible).
    public var amount: Fen
    /// The last day a claim may be made; nil when no policy is in force.
    public var lastDayToApply: Day?
    /// The policy version used; nil when none is in force.
    public var policyId: String?
    /// Every rule, passed or failed, in order.
    public var rules: [RuleCheck]

    /// The failed rules' reasons, joined (empty when eligible).
    public var reasons: String {
        rules.filter { !$0.passed }.map(\.detail).joined(separator: "; ")
    }
}

/// The skill-upgrade subsidy rules (DOMAIN.md, "Skill-upgrade subsidy"), as functions of values.
public enum SubsidyRules {
    /// Decides every certificate the person holds, under the version in force on `day`.
    public static func decide(
        _ facts: SubsidyFacts, policies: [SubsidyPolicy], on day: Day
    ) -> [CertificateDecision] {
        let policy = SubsidyPolicy.inForce(on: day, among: policies)
        return facts.certificates.map { decide($0, facts: facts, policy: policy, on: day) }
    }

    /// Decides one certificate under `policy` (nil: no policy in force on `day`).
    public static func decide(
        _ certificate: HeldCertificate, facts: SubsidyFacts, policy: SubsidyPolicy?, on day: Day
    ) -> CertificateDecision {
        var decision = CertificateDecision(
            certificateNumber: certificate.number, occupationCode: certificate.occupationCode,
            occupationName: certificate.occupationName, level: certificate.level, issuedOn: certificate.issuedOn,
            origin: certificate.origin, decidedOn: day, eligible: false, amount: .zero, lastDayToApply: nil,
            policyId: policy?.id, rules: [])
        guard let policy else {
            decision.rules = [RuleCheck(rule: "policy", passed: false, detail: "no policy in force on \(day)")]
            return decision
        }
        let p = policy.parameters
        let lastDay = certificate.issuedOn.adding(months: p.applicationWindowMonths)
        decision.lastDayToApply = lastDay
        var rules = [
            RuleCheck(
                rule: "policy", passed: true, detail: "policy \(policy.id) in force on \(day) (\(policy.source))"),
            claimant(facts.insurance, policy: policy, on: day),
            insurance(facts.insurance, required: p.minInsuranceMonths, on: day),
            levelRule(certificate),
            issueDate(certificate, earliest: p.earliestCertificate),
            deadline(certificate, lastDay: lastDay, window: p.applicationWindowMonths, on: day),
            RuleCheck(
                rule: "not-revoked", passed: !certificate.revoked,
                detail: certificate.revoked ? "certificate \(certificate.number) is revoked" : "certificate is valid"),
        ]
        rules += limits(certificate, claims: facts.priorClaims, parameters: p, on: day)
        rules.append(trainingSubsidy(certificate, trainings: facts.subsidisedTrainings))
        let (amountRule, amount) = amountRule(certificate, parameters: p)
        rules.append(amountRule)
        decision.rules = rules
        decision.eligible = rules.allSatisfy(\.passed)
        decision.amount = decision.eligible ? (amount ?? .zero) : .zero
        return decision
    }

    static func claimant(_ fact: InsuranceFact?, policy: SubsidyPolicy, on day: Day) -> RuleCheck {
        guard let fact else {
            return RuleCheck(rule: "claimant", passed: false, detail: "no insurance record on or before \(day)")
        }
        switch fact.kind {
        case .enterpriseEmployee:
            return RuleCheck(rule: "claimant", passed: true, detail: "insured enterprise employee")
        case .benefitRecipient:
            let ok = policy.parameters.benefitRecipientsQualify
            return RuleCheck(
                rule: "claimant", passed: ok,
                detail: ok ? "unemployment-benefit recipient, who qualifies under policy \(policy.id)"
                    : "unemployment-benefit recipients do not qualify under policy \(policy.id) (only from 2022)")
        case .publicSector, .soleTrader, .privateNonEnterprise, .retired:
            return RuleCheck(rule: "claimant", passed: false, detail: "\(fact.kind.label) may not claim")
        }
    }

    static func insurance(_ fact: InsuranceFact?, required: Int, on day: Day) -> RuleCheck {
        guard let fact else {
            return RuleCheck(
                rule: "insurance", passed: false, detail: "insurance months unknown: no record on or before \(day)")
        }
        let ok = fact.months >= required
        return RuleCheck(
            rule: "insurance", passed: ok,
            detail: "insurance \(fact.months) months \(ok ? "≥" : "<") \(required) required as of \(fact.asOf)")
    }

    static func levelRule(_ certificate: HeldCertificate) -> RuleCheck {
        let ok = [SkillLevel.five, .four, .three].contains(certificate.level)
        return RuleCheck(
            rule: "level", passed: ok,
            detail: "level \(certificate.level) \(ok ? "is" : "is not") one of 5, 4, 3")
    }

    static func issueDate(_ certificate: HeldCertificate, earliest: Day) -> RuleCheck {
        let ok = certificate.issuedOn >= earliest
        return RuleCheck(
            rule: "issue-date", passed: ok,
            detail: "issued \(certificate.issuedOn) \(ok ? "on or after" : "before") \(earliest)")
    }

    static func deadline(_ certificate: HeldCertificate, lastDay: Day, window: Int, on day: Day) -> RuleCheck {
        if day < certificate.issuedOn {
            return RuleCheck(
                rule: "deadline", passed: false,
                detail: "claim on \(day) is before the issue date \(certificate.issuedOn)")
        }
        let ok = day <= lastDay
        let elapsed = certificate.issuedOn.distance(to: day)
        return RuleCheck(
            rule: "deadline", passed: ok,
            detail: "claim on \(day), day \(elapsed) after issue, \(ok ? "on or before" : "after") the last day "
                + "\(lastDay) (\(window) months)")
    }

    static func limits(
        _ certificate: HeldCertificate, claims: [PriorClaim], parameters p: SubsidyParameters, on day: Day
    ) -> [RuleCheck] {
        let occupation = certificate.occupationCode
        let same = claims.first { $0.occupationCode == occupation && $0.level == certificate.level }
        var rules = [
            RuleCheck(
                rule: "once-per-level", passed: same == nil,
                detail: same.map {
                    "level \(certificate.level) of \(occupation) already claimed on \($0.claimedOn) "
                        + "(certificate \($0.certificateNumber))"
                } ?? "no earlier claim for level \(certificate.level) of \(occupation)"),
        ]
        if let cap = p.claimsPerYear {
            let count = claims.filter { $0.claimedOn.year == day.year }.count
            let ok = count < cap
            rules.append(RuleCheck(
                rule: "yearly-limit", passed: ok,
                detail: "\(count) claim\(count == 1 ? "" : "s") in \(day.year) \(ok ? "<" : "≥") \(cap) allowed"))
        } else {
            rules.append(RuleCheck(rule: "yearly-limit", passed: true, detail: "no yearly limit in this policy"))
        }
        if p.lowerAfterHigher {
            let higher = claims.filter { $0.occupationCode == occupation && $0.level > certificate.level }
                .max { $0.level < $1.level }
            rules.append(RuleCheck(
                rule: "lower-after-higher", passed: higher == nil,
                detail: higher.map {
                    "level \(certificate.level) after level \($0.level) of \(occupation) claimed on \($0.claimedOn)"
                } ?? "no higher level of \(occupation) claimed"))
        }
        return rules
    }

    static func trainingSubsidy(_ certificate: HeldCertificate, trainings: [SubsidisedTraining]) -> RuleCheck {
        let combined = trainings.contains { $0.matches(certificate) }
        return RuleCheck(
            rule: "training-subsidy", passed: !combined,
            detail: combined
                ? "a training subsidy was received for the \(certificate.occupationCode) level \(certificate.level) "
                    + "course"
                : "no training subsidy for the same course")
    }

    static func amountRule(_ certificate: HeldCertificate, parameters p: SubsidyParameters) -> (RuleCheck, Fen?) {
        guard let category = p.category(of: certificate.occupationCode) else {
            return (RuleCheck(
                rule: "amount", passed: false,
                detail: "occupation \(certificate.occupationCode) is not in the policy's catalogue"), nil)
        }
        guard let amount = p.amount(
            category: category, level: certificate.level, occupationCode: certificate.occupationCode)
        else {
            return (RuleCheck(
                rule: "amount", passed: false, detail: "no amount for level \(certificate.level) in \(category)"), nil)
        }
        let uplift = p.shortageOccupations.contains(certificate.occupationCode) && p.shortageUpliftPercent > 0
            ? " with a \(p.shortageUpliftPercent)% shortage uplift" : ""
        return (RuleCheck(
            rule: "amount", passed: amount > .zero,
            detail: "\(category), level \(certificate.level): \(amount)\(uplift)"), amount)
    }
}
