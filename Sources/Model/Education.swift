/// A person's highest education, as the level-4/level-3 sitting rules distinguish it.
public enum Education: String, Sendable, Codable, CaseIterable, Comparable {
    case none
    case technicalSchool = "technical-school"
    case advancedTechnical = "advanced-technical"
    case juniorCollege = "junior-college"
    case bachelor
    case master
    case doctor

    /// Parses the kebab-case names above (and a few Chinese ones: 技工学校, 大专, 本科, 硕士, 博士).
    public init(_ text: String) throws {
        let t = text.trimmingSpaces().lowercased()
        if t.isEmpty { self = .none; return }
        if let e = Education(rawValue: t) { self = e; return }
        switch t {
        case "无": self = .none
        case "中专", "技工学校", "中等职业学校": self = .technicalSchool
        case "高级技工学校", "技师学院", "高职": self = .advancedTechnical
        case "大专", "专科": self = .juniorCollege
        case "本科", "学士": self = .bachelor
        case "硕士", "研究生": self = .master
        case "博士": self = .doctor
        default:
            throw ConcordError(
                "education \(t.clipped) is not one of "
                    + Education.allCases.map(\.rawValue).joined(separator: ", "))
        }
    }

    private var rank: Int { Education.allCases.firstIndex(of: self) ?? 0 }
    public static func < (lhs: Education, rhs: Education) -> Bool { lhs.rank < rhs.rank }
}
