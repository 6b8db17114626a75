/// An enterprise size class (国统字〔2017〕213号, industry thresholds), which sets its coordinator quota.
public enum SizeClass: String, Sendable, Codable, CaseIterable {
    case large, medium, small, micro

    /// Parses `large|medium|small|micro` or the Chinese `大型|中型|小型|微型`.
    public init(_ text: String) throws {
        let t = text.trimmingSpaces().lowercased()
        switch t {
        case "large", "大型", "大": self = .large
        case "medium", "中型", "中": self = .medium
        case "small", "小型", "小": self = .small
        case "micro", "微型", "微": self = .micro
        default: throw ConcordError("size class \(t.clipped) is not large, medium, small or micro")
        }
    }

    /// The class for an industrial enterprise with `employees` people and `revenueYuan` yearly revenue:
    /// large ≥1000 and ≥400 million, medium ≥300 and ≥20 million, small ≥20 and ≥3 million, else micro.
    public static func classify(employees: Int, revenueYuan: Int64) -> SizeClass {
        if employees >= 1000 && revenueYuan >= 400_000_000 { return .large }
        if employees >= 300 && revenueYuan >= 20_000_000 { return .medium }
        if employees >= 20 && revenueYuan >= 3_000_000 { return .small }
        return .micro
    }

    /// Coordinators the seed asks of an employer of this size: large/medium ≥2, small/micro ≥1.
    public var coordinatorQuota: Int {
        switch self {
        case .large, .medium: 2
        case .small, .micro: 1
        }
    }

    /// The Chinese label.
    public var label: String {
        switch self {
        case .large: "大型"
        case .medium: "中型"
        case .small: "小型"
        case .micro: "微型"
        }
    }
}
