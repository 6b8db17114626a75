/// A national vocational skill level (职业技能等级), 5 (初级工) up to 1 (高级技师).
public enum SkillLevel: Int, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    case one = 1, two = 2, three = 3, four = 4, five = 5

    /// Parses `4`, `3`, … or a Chinese label.
    public init(_ text: String) throws {
        let t = text.trimmingSpaces()
        if let n = Int(t), let level = SkillLevel(rawValue: n) {
            self = level
            return
        }
        if let level = SkillLevel.allCases.first(where: { $0.label == t || $0.shortLabel == t }) {
            self = level
            return
        }
        throw ConcordError("skill level \(t.clipped) is not one of 1–5")
    }

    /// The printed label, as on a certificate: `四级/中级工`.
    public var label: String {
        switch self {
        case .five: "五级/初级工"
        case .four: "四级/中级工"
        case .three: "三级/高级工"
        case .two: "二级/技师"
        case .one: "一级/高级技师"
        }
    }

    /// The short label: `四级`.
    public var shortLabel: String { String(label.prefix(while: { $0 != "/" })) }

    /// Whether this system issues certificates at this level (level 4 and level 3 only).
    public var isIssuedHere: Bool { self == .four || self == .three }

    /// The next level up (level 4 → level 3), or nil at level 1.
    public var next: SkillLevel? { SkillLevel(rawValue: rawValue - 1) }

    /// Higher skill is a lower number, so level 3 > level 4.
    public static func < (lhs: SkillLevel, rhs: SkillLevel) -> Bool { lhs.rawValue > rhs.rawValue }

    public var description: String { String(rawValue) }
}
