import Catalog
import Model

/// One unit with a quota (an employer, park, township or community) and how it stands on the report day.
public struct CoverageUnit: Codable, Sendable, Equatable {
    /// The employer's or place's name.
    public var unit: String
    /// `employer`, `park`, `township` or `community`.
    public var kind: String
    /// The employer's region path, or the place's path.
    public var path: String
    /// The employer's credit code.
    public var creditCode: String?
    /// The employer's size class.
    public var size: SizeClass?
    /// For a park or township: the employers in it, and whether it counts as having many firms.
    public var employers: Int?
    public var manyFirms: Bool?
    /// The quota.
    public var required: Int
    /// People appointed to this unit on the day.
    public var appointed: Int
    /// Of those, people holding a level-4 or level-3 certificate (0 when unknown).
    public var certified: Int
    /// Coordinators still missing (0 when met or covered by the platform).
    public var shortfall: Int
    public var status: UnitStatus
    /// For a micro firm covered by the platform: the township or park that covers it.
    public var coveredBy: String?
}

/// Totals for one area (a city, a district, or the whole report) and one unit kind (`all` = every kind).
public struct CoverageRate: Codable, Sendable, Equatable {
    /// The area's path (`杭州市/西湖区`), or the report's region for the total.
    public var area: String
    /// `city`, `district` or `total`.
    public var level: String
    /// `employer`, `park`, `township`, `community` or `all`.
    public var kind: String
    public var units: Int
    /// Units meeting their quota (micro firms covered by the platform included).
    public var met: Int
    /// `met / units` as a percentage with one decimal, `-` when there are no units.
    public var rate: String
    public var required: Int
    public var appointed: Int
    public var shortfall: Int
    /// Distinct people appointed to these units, and how many of them are certified.
    public var coordinators: Int
    public var certified: Int
    /// `certified / coordinators` as a percentage.
    public var certifiedRate: String
}

/// The coverage of coordinators against the seed's quotas on one day.
public struct CoverageReport: Codable, Sendable, Equatable {
    /// The region reported on (empty = everywhere).
    public var region: String
    public var on: Day
    /// The employer count from which a park or township has many firms.
    public var manyFirmsThreshold: Int
    /// Where the certified counts come from; nil = unknown (not yet wired to certification).
    public var certifiedSource: String?
    public var units: [CoverageUnit]
    public var rates: [CoverageRate]

    /// The units short of their quota.
    public var shortfalls: [CoverageUnit] { units.filter { $0.status == .short } }
}

/// What the report is computed from: plain values, so the rules are tested without a database.
public struct CoverageInput: Sendable {
    /// Every place (stored or implied by employers).
    public var places: [Place]
    public var employers: [Employer]
    public var threshold: Int
    /// People appointed on the day to each employer (by employer id) …
    public var employerAppointees: [Int64: Set<Int64>]
    /// … and to each place (by path).
    public var placeAppointees: [String: Set<Int64>]
    /// People holding a level-4 or level-3 certificate on the day.
    public var certified: Set<Int64>
    public var certifiedSource: String?

    public init(
        places: [Place], employers: [Employer], threshold: Int, employerAppointees: [Int64: Set<Int64>],
        placeAppointees: [String: Set<Int64>], certified: Set<Int64> = [], certifiedSource: String? = nil
    ) {
        self.places = places
        self.employers = employers
        self.threshold = threshold
        self.employerAppointees = employerAppointees
        self.placeAppointees = placeAppointees
        self.certified = certified
        self.certifiedSource = certifiedSource
    }
}

extension CoverageReport {
    /// Computes the report for the units under `region` (nil or empty = all).
    public static func compute(_ input: CoverageInput, region: String?, on day: Day) -> CoverageReport {
        let tree = PlaceTree(places: input.places, employers: input.employers, threshold: input.threshold)
        var units: [CoverageUnit] = []
        var persons: [Int] = []  // index into `appointees`, parallel to units
        var appointees: [Set<Int64>] = []
        var placeStatus: [String: UnitStatus] = [:]
        for place in tree.places where place.kind.hasQuota {
            guard let required = tree.required(place) else { continue }
            let people = input.placeAppointees[place.path] ?? []
            let status = Quota.status(required: required, appointed: people.count)
            placeStatus[place.path] = status
            guard isUnder(place.path, region) else { continue }
            let isPlatform = place.kind != .community
            units.append(CoverageUnit(
                unit: place.name, kind: place.kind.rawValue, path: place.path, creditCode: nil, size: nil,
                employers: tree.employerCount(place),
                manyFirms: isPlatform
                    ? Quota.manyFirms(flag: place.manyFirms, employerCount: tree.employerCount(place),
                                      threshold: input.threshold) : nil,
                required: required, appointed: people.count, certified: people.intersection(input.certified).count,
                shortfall: Quota.shortfall(required: required, appointed: people.count, status: status),
                status: status, coveredBy: nil))
            persons.append(appointees.count)
            appointees.append(people)
        }
        for employer in tree.employers where isUnder(employer.region, region) {
            let people = employer.id.flatMap { input.employerAppointees[$0] } ?? []
            let required = Quota.employer(employer.sizeClass)
            let platforms = ImpliedPlaces.platforms(of: employer)
            let cover = employer.sizeClass == .micro ? platforms.first { placeStatus[$0] == .met } : nil
            let status = Quota.status(required: required, appointed: people.count, platformCovers: cover != nil)
            units.append(CoverageUnit(
                unit: employer.name, kind: "employer", path: employer.region, creditCode: employer.creditCode,
                size: employer.sizeClass, employers: nil, manyFirms: nil, required: required,
                appointed: people.count, certified: people.intersection(input.certified).count,
                shortfall: Quota.shortfall(required: required, appointed: people.count, status: status),
                status: status, coveredBy: status == .platform ? cover : nil))
            persons.append(appointees.count)
            appointees.append(people)
        }
        let key = { (i: Int) in (units[i].path, units[i].kind, units[i].unit) }
        let order = units.indices.sorted { key($0) < key($1) }
        let sortedUnits = order.map { units[$0] }
        let sortedPeople = order.map { appointees[persons[$0]] }
        let rates = Self.rates(
            units: sortedUnits, people: sortedPeople, tree: tree, region: region ?? "", certified: input.certified)
        return CoverageReport(
            region: region ?? "", on: day, manyFirmsThreshold: input.threshold,
            certifiedSource: input.certifiedSource, units: sortedUnits, rates: rates)
    }

    /// The unit kinds in the order the rates list them.
    public static let kinds = ["employer", "park", "township", "community", "all"]

    private static func rates(
        units: [CoverageUnit], people: [Set<Int64>], tree: PlaceTree, region: String, certified: Set<Int64>
    ) -> [CoverageRate] {
        var areas: [(path: String, level: String)] = tree.places
            .filter { ($0.kind == .city || $0.kind == .district) && isUnder($0.path, region) }
            .map { ($0.path, $0.kind.rawValue) }
        if !areas.contains(where: { $0.path == region }) { areas.append((region, "total")) }
        var out: [CoverageRate] = []
        for area in areas {
            let inArea = units.indices.filter { isUnder(units[$0].path, area.path) }
            guard !inArea.isEmpty else { continue }
            for kind in kinds {
                let chosen = inArea.filter { kind == "all" || units[$0].kind == kind }
                guard !chosen.isEmpty || kind == "all" else { continue }
                let coordinators = chosen.reduce(into: Set<Int64>()) { $0.formUnion(people[$1]) }
                let met = chosen.filter { units[$0].status.counts }.count
                let cert = coordinators.intersection(certified).count
                out.append(CoverageRate(
                    area: area.path, level: area.level, kind: kind, units: chosen.count, met: met,
                    rate: Share(met, of: chosen.count).percentText,
                    required: chosen.reduce(0) { $0 + units[$1].required },
                    appointed: chosen.reduce(0) { $0 + units[$1].appointed },
                    shortfall: chosen.reduce(0) { $0 + units[$1].shortfall },
                    coordinators: coordinators.count, certified: cert,
                    certifiedRate: Share(cert, of: coordinators.count).percentText))
            }
        }
        return out
    }
}
