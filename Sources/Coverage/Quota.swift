import Model

/// The seed's staffing quotas (浙人社发〔2023〕18号, section 二(一)), as functions of values.
public enum Quota {
    /// Coordinators an employer needs: large/medium ≥2, small/micro ≥1.
    public static func employer(_ size: SizeClass) -> Int { size.coordinatorQuota }

    /// Coordinators a park or township needs: ≥4 where firms are many, else ≥2.
    public static func platform(manyFirms: Bool) -> Int { manyFirms ? 4 : 2 }

    /// Coordinators each community/village needs.
    public static let community = 1

    /// The default employer count from which a park or township has "many firms" (*default*, kept as data).
    public static let defaultManyFirmsThreshold = 50

    /// Whether a park or township has many firms: the operator's flag when set, else the employer count
    /// reaching the threshold.
    public static func manyFirms(flag: Bool?, employerCount: Int, threshold: Int) -> Bool {
        flag ?? (employerCount >= threshold)
    }

    /// How a unit stands against its quota.
    public static func status(required: Int, appointed: Int, platformCovers: Bool = false) -> UnitStatus {
        if appointed >= required { return .met }
        if appointed == 0 && platformCovers { return .platform }
        return .short
    }

    /// Coordinators still missing (0 when met or covered by the platform).
    public static func shortfall(required: Int, appointed: Int, status: UnitStatus) -> Int {
        status == .short ? required - appointed : 0
    }
}

/// A unit's standing against its quota.
public enum UnitStatus: String, Codable, Sendable, CaseIterable {
    /// Enough coordinators appointed.
    case met
    /// A micro firm without its own coordinator whose township (or park) has its quota: covered by the
    /// platform (由基层平台予以覆盖).
    case platform
    /// Fewer coordinators than the quota.
    case short

    /// Whether the unit counts as meeting its quota in the rates.
    public var counts: Bool { self != .short }
}

/// A share written for people: `2/3 = 66.7%`, computed in integers (per mille, rounded half up).
public struct Share: Codable, Sendable, Equatable {
    /// The part.
    public var part: Int
    /// The whole.
    public var whole: Int

    /// A share of `part` out of `whole`.
    public init(_ part: Int, of whole: Int) {
        self.part = part
        self.whole = whole
    }

    /// The share in tenths of a percent, rounded half up; nil when the whole is 0.
    public var perMille: Int? {
        guard whole > 0 else { return nil }
        return (part * 2000 + whole) / (2 * whole)
    }

    /// `66.7%`, or `-` when there is nothing to count.
    public var percentText: String {
        guard let p = perMille else { return "-" }
        return "\(p / 10).\(p % 10)%"
    }
}
