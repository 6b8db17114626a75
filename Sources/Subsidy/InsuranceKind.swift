import Model

/// What a person is, as the unemployment-insurance record says: it decides whether they may claim at all.
public enum InsuranceKind: String, Codable, Sendable, CaseIterable {
    /// An enterprise employee insured for unemployment insurance (企业职工): may claim.
    case enterpriseEmployee = "enterprise-employee"
    /// A person drawing unemployment benefit (领取失业保险金人员): may claim from 2022.
    case benefitRecipient = "benefit-recipient"
    /// Civil-service or public-institution staff (机关事业单位): may not claim.
    case publicSector = "public-sector"
    /// A sole trader (个体工商户): may not claim.
    case soleTrader = "sole-trader"
    /// Staff of a private non-enterprise unit (民办非企业单位): may not claim.
    case privateNonEnterprise = "private-non-enterprise"
    /// A retiree (退休人员): may not claim.
    case retired

    /// Parses the kind's name.
    public init(_ text: String) throws {
        guard let kind = InsuranceKind(rawValue: text.trimmingSpaces().lowercased()) else {
            throw ConcordError(
                "kind \(text.clipped) is not one of " + InsuranceKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = kind
    }

    /// The words used in a decision's reasons.
    public var label: String {
        switch self {
        case .enterpriseEmployee: "enterprise employee"
        case .benefitRecipient: "unemployment-benefit recipient"
        case .publicSector: "public-sector staff"
        case .soleTrader: "sole trader"
        case .privateNonEnterprise: "private non-enterprise unit staff"
        case .retired: "retiree"
        }
    }
}
