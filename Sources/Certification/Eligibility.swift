import Model

/// Everything the 申报条件 (who may sit level 4 or level 3) look at, gathered from the registry, the facts
/// table, certificates held and promotions: values only, so the rule is a pure function.
public struct CandidateFacts: Sendable, Equatable {
    public var education: Education
    public var major: String?
    /// The day related work began.
    public var relatedWorkSince: Day?
    public var student: StudentStatus
    public var vocationalDiploma: VocationalDiploma
    /// The earliest level-4 (or equivalent) certificate and its date, with where it came from.
    public var level4Certificate: (on: Day, what: String)?
    /// Levels granted by promotion (competition winners).
    public var promotions: [(level: SkillLevel, on: Day, source: String)]

    public init(
        education: Education, major: String?, relatedWorkSince: Day?, student: StudentStatus = .none,
        vocationalDiploma: VocationalDiploma = .none, level4Certificate: (on: Day, what: String)? = nil,
        promotions: [(level: SkillLevel, on: Day, source: String)] = []
    ) {
        self.education = education
        self.major = major
        self.relatedWorkSince = relatedWorkSince
        self.student = student
        self.vocationalDiploma = vocationalDiploma
        self.level4Certificate = level4Certificate
        self.promotions = promotions
    }

    public static func == (lhs: CandidateFacts, rhs: CandidateFacts) -> Bool {
        lhs.education == rhs.education && lhs.major == rhs.major && lhs.relatedWorkSince == rhs.relatedWorkSince
            && lhs.student == rhs.student && lhs.vocationalDiploma == rhs.vocationalDiploma
            && lhs.level4Certificate?.on == rhs.level4Certificate?.on
            && lhs.level4Certificate?.what == rhs.level4Certificate?.what
            && lhs.promotions.map(\.level) == rhs.promotions.map(\.level)
    }
}

/// Whether the person is studying now, as the level-4 rules distinguish it.
public enum StudentStatus: String, Sendable, Codable, CaseIterable {
    case none
    /// A final-year student at a technical school (counts as holding its diploma).
    case technicalFinalYear = "technical-final-year"
    /// A current student in higher education.
    case higherEducation = "higher-education"
}

/// A vocational diploma the level-3 rules name.
public enum VocationalDiploma: String, Sendable, Codable, CaseIterable {
    case none
    /// 高级技工学校.
    case advancedTechnical = "advanced-technical"
    /// 技师学院.
    case technicianCollege = "technician-college"
    /// An evaluated higher-vocational college (经评估论证的高等职业学校).
    case higherVocational = "higher-vocational"
}

/// The lists the rule compares with (kept as data in `certification_list`).
public struct RelatedLists: Sendable, Equatable {
    public var majors: Set<String>
    public var certificates: Set<String>

    public init(majors: Set<String>, certificates: Set<String>) {
        self.majors = majors
        self.certificates = certificates
    }
}

/// One condition of the 申报条件, passed or not, and why.
public struct EligibilityCondition: Sendable, Codable, Equatable {
    /// What the condition says.
    public var rule: String
    public var passed: Bool
    /// Why it passed or failed, with the person's values.
    public var why: String
}

/// The result for one person and level: eligible when any condition passes.
public struct EligibilityResult: Sendable, Codable, Equatable {
    public var level: Int
    public var asOf: String
    public var eligible: Bool
    public var conditions: [EligibilityCondition]
}

/// The 申报条件 of the national standard for 劳动关系协调员 (DOMAIN.md "Occupation and levels").
public enum Eligibility {
    /// Evaluates every condition for sitting `level` (4 or 3) on `day`.
    public static func evaluate(
        _ facts: CandidateFacts, level: SkillLevel, on day: Day, lists: RelatedLists
    ) -> EligibilityResult {
        let conditions = level == .four ? level4(facts, day, lists) : level3(facts, day, lists)
        return EligibilityResult(
            level: level.rawValue, asOf: day.description, eligible: conditions.contains { $0.passed },
            conditions: conditions)
    }

    static func relatedMajor(_ facts: CandidateFacts, _ lists: RelatedLists) -> (Bool, String) {
        guard let major = facts.major, !major.isEmpty else { return (false, "no major recorded") }
        return lists.majors.contains(major)
            ? (true, "major \(major) is related") : (false, "major \(major) is not related")
    }

    static func promotion(_ facts: CandidateFacts, _ level: SkillLevel, _ day: Day) -> EligibilityCondition {
        let found = facts.promotions.first { $0.level == level && $0.on <= day }
        return EligibilityCondition(
            rule: "promoted to level \(level) (e.g. a competition award)", passed: found != nil,
            why: found.map { "promoted on \($0.on) by \($0.source)" } ?? "no promotion to level \(level)")
    }

    static func level4(_ facts: CandidateFacts, _ day: Day, _ lists: RelatedLists) -> [EligibilityCondition] {
        let years = facts.relatedWorkSince.map { $0.wholeYears(until: day) }
        let (related, majorWhy) = relatedMajor(facts, lists)
        let diploma = facts.education >= .technicalSchool || facts.student == .technicalFinalYear
        let diplomaWhy = facts.student == .technicalFinalYear
            ? "final-year technical-school student" : "education \(facts.education.rawValue)"
        return [
            EligibilityCondition(
                rule: "≥ 4 years cumulative work in this or a related occupation",
                passed: (years ?? 0) >= 4,
                why: years.map { "\($0) whole years since \(facts.relatedWorkSince?.description ?? "")" }
                    ?? "no related-work start date recorded"),
            EligibilityCondition(
                rule: "technical-school (or higher) diploma in a related major, final-year students included",
                passed: diploma && related,
                why: "\(diplomaWhy); \(majorWhy)"),
            EligibilityCondition(
                rule: "current higher-education student in a related major",
                passed: facts.student == .higherEducation && related,
                why: "student status \(facts.student.rawValue); \(majorWhy)"),
            promotion(facts, .four, day),
        ]
    }

    static func level3(_ facts: CandidateFacts, _ day: Day, _ lists: RelatedLists) -> [EligibilityCondition] {
        let (related, majorWhy) = relatedMajor(facts, lists)
        let cert = facts.level4Certificate.flatMap { $0.on <= day ? $0 : nil }
        let certWhy = cert.map { "level-4 certificate \($0.what) on \($0.on)" } ?? "no level-4 certificate"
        let yearsSince = cert.map { $0.on.wholeYears(until: day) } ?? 0
        // Work after the certificate: from the later of the certificate and the start of related work.
        let workStart = cert.flatMap { c in facts.relatedWorkSince.map { max($0, c.on) } }
        let workYears = workStart.map { $0.wholeYears(until: day) }
        let vocational = facts.vocationalDiploma != .none || facts.education == .advancedTechnical
        let vocationalWhy = facts.vocationalDiploma != .none
            ? "diploma \(facts.vocationalDiploma.rawValue)" : "education \(facts.education.rawValue)"
        return [
            EligibilityCondition(
                rule: "level-4 certificate and ≥ 5 years' related work after it",
                passed: cert != nil && (workYears ?? 0) >= 5,
                why: certWhy + (workYears.map { "; \($0) whole years of related work after it" }
                    ?? (cert == nil ? "" : "; no related-work start date recorded"))),
            EligibilityCondition(
                rule: "level-4 certificate and an advanced technical / technician college / evaluated "
                    + "higher-vocational diploma",
                passed: cert != nil && vocational,
                why: "\(certWhy); \(vocationalWhy)"),
            EligibilityCondition(
                rule: "大专 in a related major, level-4 certificate and ≥ 2 years after it",
                passed: facts.education == .juniorCollege && related && cert != nil && yearsSince >= 2,
                why: "education \(facts.education.rawValue); \(majorWhy); \(certWhy)"
                    + (cert == nil ? "" : ", \(yearsSince) whole years ago")),
            EligibilityCondition(
                rule: "本科 in a related major, level-4 certificate and ≥ 1 year after it",
                passed: facts.education == .bachelor && related && cert != nil && yearsSince >= 1,
                why: "education \(facts.education.rawValue); \(majorWhy); \(certWhy)"
                    + (cert == nil ? "" : ", \(yearsSince) whole years ago")),
            EligibilityCondition(
                rule: "master's degree or higher in a related major",
                passed: facts.education >= .master && related,
                why: "education \(facts.education.rawValue); \(majorWhy)"),
            promotion(facts, .three, day),
        ]
    }
}
