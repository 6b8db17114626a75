import Foundation
import Model

/// One version of the skill-upgrade subsidy rules (技能提升补贴), in force over a range of days.
///
/// Rules changed year by year, so they are data: every decision names the version it used. Versions never
/// overlap; a day no version covers has no policy in force.
public struct SubsidyPolicy: Codable, Sendable, Equatable {
    /// A short stable id such as `national-2022` or `zhejiang-2024`.
    public var id: String
    /// A title for people.
    public var title: String
    /// The document(s) the version comes from, e.g. `人社部发〔2017〕40号`.
    public var source: String
    /// The first day the version is in force.
    public var effectiveFrom: Day
    /// The last day the version is in force; nil while it has no end.
    public var effectiveTo: Day?
    /// The rule parameters.
    public var parameters: SubsidyParameters

    /// A version from its parts (call `validated()` before storing it).
    public init(
        id: String, title: String, source: String, effectiveFrom: Day, effectiveTo: Day?,
        parameters: SubsidyParameters
    ) {
        self.id = id
        self.title = title
        self.source = source
        self.effectiveFrom = effectiveFrom
        self.effectiveTo = effectiveTo
        self.parameters = parameters
    }

    /// Whether the version is in force on `day`.
    public func covers(_ day: Day) -> Bool {
        effectiveFrom <= day && (effectiveTo.map { day <= $0 } ?? true)
    }

    /// Whether this version's range shares a day with `other`'s.
    public func overlaps(_ other: SubsidyPolicy) -> Bool {
        let thisEndsBefore = effectiveTo.map { $0 < other.effectiveFrom } ?? false
        let otherEndsBefore = other.effectiveTo.map { $0 < effectiveFrom } ?? false
        return !thisEndsBefore && !otherEndsBefore
    }

    /// `2017-01-01 – 2018-12-31` (or `2024-08-01 –` when open-ended).
    public var rangeText: String { "\(effectiveFrom) – \(effectiveTo?.description ?? "")" }

    /// Checks the version on its own: id, texts, range and parameters. Throws a `ConcordError` naming the field.
    public func validated() throws -> SubsidyPolicy {
        guard (1...40).contains(id.count), id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        else { throw ConcordError("policy id \(id.clipped) must be 1–40 letters, digits or '-'", at: "id") }
        guard (1...200).contains(title.trimmingSpaces().count) else {
            throw ConcordError("policy title must be 1–200 characters", at: "title")
        }
        guard (1...300).contains(source.trimmingSpaces().count) else {
            throw ConcordError("policy source must name a document (1–300 characters)", at: "source")
        }
        if let end = effectiveTo, end < effectiveFrom {
            throw ConcordError("effectiveTo \(end) is before effectiveFrom \(effectiveFrom)", at: "effectiveTo")
        }
        try parameters.validate()
        return self
    }

    /// The version in force on `day`, or nil when none is ("no policy in force").
    public static func inForce(on day: Day, among policies: [SubsidyPolicy]) -> SubsidyPolicy? {
        policies.first { $0.covers(day) }
    }

    /// Throws when any two versions overlap, naming both.
    public static func checkNoOverlap(_ policies: [SubsidyPolicy]) throws {
        let sorted = policies.sorted { $0.effectiveFrom < $1.effectiveFrom }
        for (i, a) in sorted.enumerated() {
            for b in sorted[(i + 1)...] where a.overlaps(b) {
                throw ConcordError(
                    "policy \(b.id) (\(b.rangeText)) overlaps policy \(a.id) (\(a.rangeText))", at: "effectiveFrom")
            }
        }
    }
}

/// The figures of one policy version.
public struct SubsidyParameters: Codable, Sendable, Equatable {
    /// Cumulative unemployment-insurance months required (36 under the 2017 rule, 12 in relaxation years).
    public var minInsuranceMonths: Int
    /// Whether people drawing unemployment benefit qualify (from 2022).
    public var benefitRecipientsQualify: Bool
    /// At most this many claims per person per calendar year; nil for no limit.
    public var claimsPerYear: Int?
    /// Whether a lower level may not be claimed after a higher level in the same occupation.
    public var lowerAfterHigher: Bool
    /// Months after the certificate's issue date within which the claim must be made (12).
    public var applicationWindowMonths: Int
    /// Certificates issued before this day never qualify (2017-01-01).
    public var earliestCertificate: Day
    /// Amount in fen per occupation category, then per level (`"4"`: 150000).
    public var amountsFen: [String: [String: Int64]]
    /// The category of an occupation code in the provincial catalogue (`"4-07-03-02"`: a category name).
    public var occupationCategories: [String: String]
    /// The category of an occupation the catalogue does not list; nil makes such occupations ineligible.
    public var defaultCategory: String?
    /// Extra percentage for shortage occupations (0 for none; 30 or 50 in some cities).
    public var shortageUpliftPercent: Int
    /// Occupation codes the uplift applies to.
    public var shortageOccupations: [String]

    /// Parameters from their parts (call `validate()` before using them).
    public init(
        minInsuranceMonths: Int, benefitRecipientsQualify: Bool, claimsPerYear: Int?, lowerAfterHigher: Bool,
        applicationWindowMonths: Int, earliestCertificate: Day, amountsFen: [String: [String: Int64]],
        occupationCategories: [String: String] = [:], defaultCategory: String?, shortageUpliftPercent: Int = 0,
        shortageOccupations: [String] = []
    ) {
        self.minInsuranceMonths = minInsuranceMonths
        self.benefitRecipientsQualify = benefitRecipientsQualify
        self.claimsPerYear = claimsPerYear
        self.lowerAfterHigher = lowerAfterHigher
        self.applicationWindowMonths = applicationWindowMonths
        self.earliestCertificate = earliestCertificate
        self.amountsFen = amountsFen
        self.occupationCategories = occupationCategories
        self.defaultCategory = defaultCategory
        self.shortageUpliftPercent = shortageUpliftPercent
        self.shortageOccupations = shortageOccupations
    }

    /// The category an occupation falls in under this version, or nil when it has none.
    public func category(of occupationCode: String) -> String? {
        occupationCategories[occupationCode] ?? defaultCategory
    }

    /// The amount for a level in a category, with the shortage uplift when the occupation is on the list.
    public func amount(category: String, level: SkillLevel, occupationCode: String) -> Fen? {
        guard let fen = amountsFen[category]?[String(level.rawValue)] else { return nil }
        let base = Fen(fen)
        guard shortageUpliftPercent > 0, shortageOccupations.contains(occupationCode) else { return base }
        return base.scaled(byPercent: Int64(shortageUpliftPercent))
    }

    /// Checks every figure; throws a `ConcordError` naming the field.
    public func validate() throws {
        guard (0...600).contains(minInsuranceMonths) else {
            throw ConcordError("minInsuranceMonths \(minInsuranceMonths) must be 0–600", at: "minInsuranceMonths")
        }
        if let n = claimsPerYear, !(1...12).contains(n) {
            throw ConcordError("claimsPerYear \(n) must be 1–12, or null for no limit", at: "claimsPerYear")
        }
        guard (1...60).contains(applicationWindowMonths) else {
            throw ConcordError(
                "applicationWindowMonths \(applicationWindowMonths) must be 1–60", at: "applicationWindowMonths")
        }
        guard !amountsFen.isEmpty else { throw ConcordError("amountsFen names no category", at: "amountsFen") }
        for (category, levels) in amountsFen.sorted(by: { $0.key < $1.key }) {
            guard !category.isEmpty, !levels.isEmpty else {
                throw ConcordError("category \(category.clipped) has no amounts", at: "amountsFen")
            }
            for (level, fen) in levels.sorted(by: { $0.key < $1.key }) {
                guard let n = Int(level), SkillLevel(rawValue: n) != nil else {
                    throw ConcordError(
                        "level \(level.clipped) in \(category) is not 1–5", at: "amountsFen.\(category)")
                }
                guard fen >= 0 else {
                    throw ConcordError(
                        "amount \(fen) fen for level \(level) in \(category) is negative",
                        at: "amountsFen.\(category).\(level)")
                }
            }
        }
        for (occupation, category) in occupationCategories.sorted(by: { $0.key < $1.key })
        where amountsFen[category] == nil {
            throw ConcordError(
                "occupation \(occupation) is put in category \(category.clipped), which has no amounts",
                at: "occupationCategories")
        }
        if let d = defaultCategory, amountsFen[d] == nil {
            throw ConcordError("defaultCategory \(d.clipped) has no amounts", at: "defaultCategory")
        }
        guard (0...100).contains(shortageUpliftPercent) else {
            throw ConcordError(
                "shortageUpliftPercent \(shortageUpliftPercent) must be 0–100", at: "shortageUpliftPercent")
        }
    }
}
