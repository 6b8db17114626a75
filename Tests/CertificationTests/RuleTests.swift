import Certification
import Model
import Testing

func day(_ text: String) -> Day { (try? Day(text)) ?? Day.epoch }

@Suite struct PassRuleTests {
    static let cases: [(String, [Sitting], String?)] = [
        ("both parts at one sitting", [Sitting(id: 1, on: day("2025-03-01"), theory: 60, skills: 60)], "2025-03-01"),
        ("59 fails", [Sitting(id: 1, on: day("2025-03-01"), theory: 59, skills: 90)], nil),
        ("resit of the skills part completes the pair", [
            Sitting(id: 1, on: day("2025-03-01"), theory: 70, skills: 40),
            Sitting(id: 2, on: day("2026-02-28"), theory: nil, skills: 65),
        ], "2026-02-28"),
        ("a passed part expires after 24 months", [
            Sitting(id: 1, on: day("2023-03-01"), theory: 70, skills: 40),
            Sitting(id: 2, on: day("2025-03-02"), theory: nil, skills: 65),
        ], nil),
        ("exactly 24 months still counts", [
            Sitting(id: 1, on: day("2023-03-01"), theory: 70, skills: 40),
            Sitting(id: 2, on: day("2025-03-01"), theory: nil, skills: 65),
        ], "2025-03-01"),
        ("no sittings", [], nil),
    ]

    @Test(arguments: cases)
    func pairs(_ name: String, _ sittings: [Sitting], _ passedOn: String?) {
        #expect(PassRule.firstPass(sittings)?.passedOn.description == passedOn, "\(name)")
    }
}

@Suite struct EligibilityTests {
    static let lists = RelatedLists(majors: ["法学", "人力资源管理"], certificates: ["企业人力资源管理师"])

    static let cases: [(String, CandidateFacts, SkillLevel, Bool)] = [
        ("4 years of related work", CandidateFacts(education: .none, major: nil, relatedWorkSince: day("2021-01-01")),
         .four, true),
        ("3 years and 364 days", CandidateFacts(education: .none, major: nil, relatedWorkSince: day("2021-01-02")),
         .four, false),
        ("technical school in a related major", CandidateFacts(
            education: .technicalSchool, major: "法学", relatedWorkSince: nil), .four, true),
        ("technical school in another major", CandidateFacts(
            education: .technicalSchool, major: "会计学", relatedWorkSince: nil), .four, false),
        ("final-year technical student", CandidateFacts(
            education: .none, major: "法学", relatedWorkSince: nil, student: .technicalFinalYear), .four, true),
        ("higher-education student in a related major", CandidateFacts(
            education: .none, major: "人力资源管理", relatedWorkSince: nil, student: .higherEducation), .four, true),
        ("promotion to level 4", CandidateFacts(
            education: .none, major: nil, relatedWorkSince: nil,
            promotions: [(level: .four, on: day("2024-01-01"), source: "contest")]), .four, true),
        ("level 4 + 5 years' work after it", CandidateFacts(
            education: .none, major: nil, relatedWorkSince: day("2010-01-01"),
            level4Certificate: (day("2020-01-01"), "issued here")), .three, true),
        ("level 4 + 4 years' work after it", CandidateFacts(
            education: .none, major: nil, relatedWorkSince: day("2010-01-01"),
            level4Certificate: (day("2021-01-02"), "issued here")), .three, false),
        ("level 4 + advanced technical diploma", CandidateFacts(
            education: .none, major: nil, relatedWorkSince: nil, vocationalDiploma: .technicianCollege,
            level4Certificate: (day("2024-06-01"), "issued here")), .three, true),
        ("大专 related + level 4 + 2 years", CandidateFacts(
            education: .juniorCollege, major: "法学", relatedWorkSince: nil,
            level4Certificate: (day("2023-01-01"), "issued here")), .three, true),
        ("大专 related + level 4 + 1 year", CandidateFacts(
            education: .juniorCollege, major: "法学", relatedWorkSince: nil,
            level4Certificate: (day("2024-01-01"), "issued here")), .three, false),
        ("本科 related + level 4 + 1 year", CandidateFacts(
            education: .bachelor, major: "法学", relatedWorkSince: nil,
            level4Certificate: (day("2024-01-01"), "企业人力资源管理师")), .three, true),
        ("本科 unrelated + level 4 + 1 year", CandidateFacts(
            education: .bachelor, major: "会计学", relatedWorkSince: nil,
            level4Certificate: (day("2024-01-01"), "issued here")), .three, false),
        ("master's in a related major", CandidateFacts(education: .master, major: "法学", relatedWorkSince: nil),
         .three, true),
        ("doctor in an unrelated major", CandidateFacts(education: .doctor, major: "物理学", relatedWorkSince: nil),
         .three, false),
        ("promotion to level 3", CandidateFacts(
            education: .none, major: nil, relatedWorkSince: nil,
            promotions: [(level: .three, on: day("2024-01-01"), source: "contest")]), .three, true),
        ("a promotion to level 4 is not level 3", CandidateFacts(
            education: .none, major: nil, relatedWorkSince: nil,
            promotions: [(level: .four, on: day("2024-01-01"), source: "contest")]), .three, false),
    ]

    @Test(arguments: cases)
    func conditions(_ name: String, _ facts: CandidateFacts, _ level: SkillLevel, _ eligible: Bool) {
        let result = Eligibility.evaluate(facts, level: level, on: day("2025-01-01"), lists: Self.lists)
        #expect(result.eligible == eligible, "\(name): \(result.conditions.map(\.why))")
        #expect(result.conditions.allSatisfy { !$0.why.isEmpty })
    }
}
