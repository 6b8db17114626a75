import Catalog
import GRDB
import Model

/// Every place a report needs: the stored ones plus those the employers imply but nobody stored yet
/// (those have no id), with the employers and the many-firms threshold. Read-only: nothing is written.
struct PlaceTree: Sendable {
    var places: [Place]
    var employers: [Employer]
    var threshold: Int
    private var byPath: [String: Place] = [:]
    private var townshipCounts: [String: Int] = [:]
    private var parkCounts: [String: Int] = [:]
    private var communityCounts: [String: Int] = [:]
    private var prefixCounts: [String: Int] = [:]

    init(places stored: [Place], employers: [Employer], threshold: Int) {
        var places = stored
        var known = Set(stored.map(\.path))
        for (path, kind) in ImpliedPlaces.of(employers) where known.insert(path).inserted {
            places.append(Place(
                id: nil, kind: kind, name: String(path.split(separator: "/").last ?? ""), parentId: nil, path: path,
                manyFirms: nil, createdAt: ""))
        }
        places.sort { $0.path < $1.path }
        self.places = places
        self.employers = employers
        self.threshold = threshold
        for place in places { byPath[place.path] = place }
        for employer in employers {
            if let t = ImpliedPlaces.township(of: employer) { townshipCounts[t, default: 0] += 1 }
            if let p = ImpliedPlaces.park(of: employer) { parkCounts[p, default: 0] += 1 }
            if let c = ImpliedPlaces.community(of: employer) { communityCounts[c, default: 0] += 1 }
            let parts = employer.region.split(separator: "/")
            for n in 1...min(parts.count, 2) { prefixCounts[parts.prefix(n).joined(separator: "/"), default: 0] += 1 }
        }
    }

    static func load(_ db: Database) throws -> PlaceTree {
        PlaceTree(
            places: try Place.fetchAll(db), employers: try Employer.fetchAll(db),
            threshold: try CoverageSettings.threshold(db))
    }

    func place(_ path: String) -> Place? { byPath[path] }

    /// The employers registered in a place (a park: those that name it).
    func employerCount(_ place: Place) -> Int {
        switch place.kind {
        case .township: townshipCounts[place.path] ?? 0
        case .park: parkCounts[place.path] ?? 0
        case .community: communityCounts[place.path] ?? 0
        case .city, .district: prefixCounts[place.path] ?? 0
        }
    }

    /// The quota of a park, township or community; nil for a city or district.
    func required(_ place: Place) -> Int? {
        switch place.kind {
        case .township, .park:
            Quota.platform(
                manyFirms: Quota.manyFirms(
                    flag: place.manyFirms, employerCount: employerCount(place), threshold: threshold))
        case .community: Quota.community
        case .city, .district: nil
        }
    }
}
