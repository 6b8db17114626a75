import Model

/// The duty cadences of the seed's 岗位责任制 (section 二(三)): how often each contact is owed.
public enum Cadence: String, Codable, Sendable, CaseIterable {
    /// A park/township coordinator contacts each enterprise coordinator in the area at least monthly.
    case monthlyContact = "monthly-contact"
    /// … and gives on-site guidance at least quarterly.
    case quarterlyOnSite = "quarterly-on-site"
    /// The county bureau guides each enterprise coordinator at least yearly.
    case yearlyBureauGuidance = "yearly-bureau-guidance"

    /// The period in calendar months.
    public var months: Int {
        switch self {
        case .monthlyContact: 1
        case .quarterlyOnSite: 3
        case .yearlyBureauGuidance: 12
        }
    }

    /// The contact kinds that satisfy this cadence (an on-site visit is also a contact).
    public var satisfiedBy: Set<ContactKind> {
        switch self {
        case .monthlyContact: [.contact, .onSite]
        case .quarterlyOnSite: [.onSite]
        case .yearlyBureauGuidance: [.bureauGuidance]
        }
    }

    /// The day from which the duty is overdue, or nil when it is not overdue on `day`.
    ///
    /// The clock starts at the last contact that satisfies the cadence, or, when there was none, on the day
    /// the two people's appointments first overlapped. It is overdue once more than `months` calendar
    /// months have passed: last contact 2025-01-15, monthly → due again by 2025-02-15, overdue from 02-16.
    public func overdueSince(last: Day?, start: Day, on day: Day) -> Day? {
        let from = last.map { max($0, start) } ?? start
        let deadline = from.adding(months: months)
        return deadline < day ? deadline.adding(days: 1) : nil
    }
}

/// What a duty contact was.
public enum ContactKind: String, Codable, Sendable, CaseIterable {
    /// A contact (联络: call, message, meeting) by a park/township coordinator.
    case contact
    /// On-site guidance (实地指导服务) by a park/township coordinator.
    case onSite = "on-site"
    /// The county bureau's guidance (指导服务) of an enterprise coordinator.
    case bureauGuidance = "bureau-guidance"

    /// Parses the names above or 联络 / 实地指导 / 人社局指导.
    public init(_ text: String) throws {
        let t = text.trimmingSpaces().lowercased()
        if let kind = ContactKind(rawValue: t) { self = kind; return }
        switch t {
        case "联络": self = .contact
        case "实地指导", "实地指导服务", "onsite": self = .onSite
        case "人社局指导", "bureau": self = .bureauGuidance
        default:
            throw ConcordError(
                "contact kind \(t.clipped) is not one of "
                    + ContactKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
    }
}
