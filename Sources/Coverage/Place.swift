import Catalog
import Foundation
import GRDB
import Model
import Storage

/// A place in the region tree: city → district → township/street → community/village, and parks, which
/// hang off a district.
public struct Place: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "place"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var kind: Kind
    public var name: String
    public var parentId: Int64?
    /// The parent's path, `/`, the name: `杭州市/西湖区/文新街道`, a park `杭州市/西湖区/西湖科技园`.
    public var path: String
    /// The operator's "many firms" flag for a park or township; nil = decide by the employer count.
    public var manyFirms: Bool?
    public var createdAt: String

    /// A place value (tests and reports build unsaved ones; `Store.savePlace` stores them).
    public init(
        id: Int64? = nil, kind: Kind, name: String, parentId: Int64? = nil, path: String, manyFirms: Bool? = nil,
        createdAt: String = ""
    ) {
        self.id = id
        self.kind = kind
        self.name = name
        self.parentId = parentId
        self.path = path
        self.manyFirms = manyFirms
        self.createdAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The level of a place.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case city, district, township, community, park

        /// Parses the names above or 市 / 区县 / 乡镇街道 / 社区村 / 园区.
        public init(_ text: String) throws {
            let t = text.trimmingSpaces().lowercased()
            if let kind = Kind(rawValue: t) { self = kind; return }
            switch t {
            case "市", "城市": self = .city
            case "区", "县", "区县", "县市区": self = .district
            case "乡镇", "街道", "乡镇街道", "street": self = .township
            case "社区", "村", "社区村", "village": self = .community
            case "园区", "工业园区": self = .park
            default:
                throw ConcordError(
                    "place kind \(t.clipped) is not one of " + Kind.allCases.map(\.rawValue).joined(separator: ", "))
            }
        }

        /// How many names a path of this kind has.
        public var depth: Int {
            switch self {
            case .city: 1
            case .district: 2
            case .township, .park: 3
            case .community: 4
            }
        }

        /// The kind a path of `depth` names has when nothing says it is a park.
        public static func implied(depth: Int) -> Kind {
            switch depth {
            case 1: .city
            case 2: .district
            case 3: .township
            default: .community
            }
        }

        /// Whether coordinators are appointed here against a quota (parks, townships, communities).
        public var hasQuota: Bool { self == .township || self == .park || self == .community }
    }

    /// The path of the parent place, or nil for a city.
    public var parentPath: String? {
        let parts = path.split(separator: "/")
        return parts.count > 1 ? parts.dropLast().joined(separator: "/") : nil
    }

    /// The place at `path`, or nil.
    public static func at(_ path: String, in db: Database) throws -> Place? {
        try Place.filter(Column("path") == path).fetchOne(db)
    }
}

/// A place to create or update (one `place add` or one import row).
public struct PlaceInput: Sendable, Equatable {
    /// The full path; for a park: city/district/park name.
    public var path: RegionPath
    public var kind: Place.Kind
    public var manyFirms: Bool?

    /// Checks that the kind fits the path's depth (a park sits under a district; a community under a
    /// township).
    public init(path: RegionPath, kind: Place.Kind? = nil, manyFirms: Bool? = nil) throws {
        let kind = kind ?? Place.Kind.implied(depth: path.parts.count)
        guard kind.depth == path.parts.count else {
            throw ConcordError(
                "a \(kind.rawValue) path has \(kind.depth) name\(kind.depth == 1 ? "" : "s"), "
                    + "not \(path.parts.count) (\(path))")
        }
        if manyFirms != nil && kind != .township && kind != .park {
            throw ConcordError("only a park or a township has a many-firms flag")
        }
        self.path = path
        self.kind = kind
        self.manyFirms = manyFirms
    }

    /// Parses a many-firms cell: `yes/no/1/0/true/false/是/否`, empty or `auto` = decide by count.
    public static func manyFirms(_ text: String?) throws -> Bool? {
        guard let t = text?.trimmingSpaces().lowercased(), !t.isEmpty, t != "auto" else { return nil }
        switch t {
        case "yes", "y", "1", "true", "是", "多": return true
        case "no", "n", "0", "false", "否", "少": return false
        default: throw ConcordError("many_firms \(t.clipped) is not yes, no or auto")
        }
    }
}

/// The places a set of employers implies: each prefix of their region paths, and each park under the
/// employer's district.
public enum ImpliedPlaces {
    /// Paths and kinds, parents before children, without duplicates.
    public static func of(_ employers: [Employer]) -> [(path: String, kind: Place.Kind)] {
        var seen = Set<String>()
        var out: [(path: String, kind: Place.Kind)] = []
        func add(_ path: String, _ kind: Place.Kind) {
            if seen.insert(path).inserted { out.append((path, kind)) }
        }
        for employer in employers {
            let parts = employer.region.split(separator: "/").map(String.init)
            for depth in 1...min(parts.count, 4) {
                add(parts.prefix(depth).joined(separator: "/"), .implied(depth: depth))
            }
            if let park = employer.park, parts.count >= 2 {
                add(parts.prefix(2).joined(separator: "/") + "/" + park, .park)
            }
        }
        return out
    }

    /// The township path of an employer (`city/district/township`), or nil when its region is shorter.
    public static func township(of employer: Employer) -> String? {
        prefix(employer.region, 3)
    }

    /// The platforms that cover an employer: its township, then its park when it sits in one.
    public static func platforms(of employer: Employer) -> [String] {
        [township(of: employer), park(of: employer)].compactMap { $0 }
    }

    /// The district path of an employer.
    public static func district(of employer: Employer) -> String? {
        prefix(employer.region, 2)
    }

    /// The community path of an employer, when its region names one.
    public static func community(of employer: Employer) -> String? {
        prefix(employer.region, 4)
    }

    /// The park path of an employer (`city/district/park`), when it sits in a park.
    public static func park(of employer: Employer) -> String? {
        guard let park = employer.park, let district = district(of: employer) else { return nil }
        return district + "/" + park
    }

    private static func prefix(_ region: String, _ n: Int) -> String? {
        let parts = region.split(separator: "/")
        return parts.count >= n ? parts.prefix(n).joined(separator: "/") : nil
    }
}

/// Whether `path` lies under (or is) `region`.
func isUnder(_ path: String, _ region: String?) -> Bool {
    guard let region, !region.isEmpty else { return true }
    return path == region || path.hasPrefix(region + "/")
}

extension Place {
    /// Creates the place at `input.path` (and any missing ancestor, by depth) or updates its many-firms
    /// flag; returns whether it was created.
    @discardableResult
    static func upsert(
        _ input: PlaceInput, updateFlag: Bool, in db: Database
    ) throws -> (place: Place, created: Bool) {
        let path = input.path.description
        if var existing = try Place.at(path, in: db) {
            guard existing.kind == input.kind else {
                throw ConcordError("\(path) is already a \(existing.kind.rawValue), not a \(input.kind.rawValue)")
            }
            if updateFlag && existing.manyFirms != input.manyFirms {
                existing.manyFirms = input.manyFirms
                try existing.update(db)
            }
            return (existing, false)
        }
        var parentID: Int64?
        if input.path.parts.count > 1 {
            let parentPath = try RegionPath(input.path.parts.dropLast().joined(separator: "/"))
            let parentKind = Place.Kind.implied(depth: parentPath.parts.count)
            let parent = try upsert(PlaceInput(path: parentPath, kind: parentKind), updateFlag: false, in: db)
            guard parent.place.kind == parentKind else {
                throw ConcordError("\(parentPath) is a \(parent.place.kind.rawValue); nothing can sit under it")
            }
            parentID = parent.place.id
        }
        var record = Place(
            id: nil, kind: input.kind, name: input.path.parts.last ?? "", parentId: parentID, path: path,
            manyFirms: input.manyFirms, createdAt: Timestamp.text())
        try record.insert(db)
        return (record, true)
    }

    /// Creates every place the employers imply that is not stored yet; returns how many were created.
    static func sync(in db: Database) throws -> Int {
        let employers = try Employer.fetchAll(db)
        var created = 0
        for (path, kind) in ImpliedPlaces.of(employers) where try Place.at(path, in: db) == nil {
            created += try upsert(PlaceInput(path: RegionPath(path), kind: kind), updateFlag: false, in: db).created
                ? 1 : 0
        }
        return created
    }
}

/// A place as `place list` shows it: with its employer count and the quota that follows.
public struct PlaceView: Codable, Sendable, Equatable {
    public var path: String
    public var kind: Place.Kind
    public var manyFirms: Bool?
    public var employers: Int
    /// The coordinators it must have, or nil for a city or district.
    public var required: Int?
}

extension Store {
    /// Adds a place (and its missing ancestors) or sets the many-firms flag of an existing one.
    @discardableResult
    public func savePlace(_ input: PlaceInput) throws -> (place: Place, created: Bool) {
        try write { db in
            let result = try Place.upsert(input, updateFlag: true, in: db)
            try audit(
                db, action: result.created ? "place.add" : "place.update", entity: "place:\(result.place.path)",
                details: result.place)
            return result
        }
    }

    /// Imports places from a CSV file with columns `path[,kind,many_firms]`.
    public func importPlaces(_ document: CSVDocument, dryRun: Bool) throws -> ImportSummary {
        try Importer(store: self, dryRun: dryRun).run(document) { db, problems in
            var summary = ImportSummary()
            var seen: [String: Int] = [:]
            for record in document.rows {
                problems.check(record) {
                    let input = try PlaceInput(
                        path: RegionPath(try record.required("path")),
                        kind: try record["kind"].map(Place.Kind.init),
                        manyFirms: try PlaceInput.manyFirms(record["many_firms"]))
                    if let first = seen[input.path.description] {
                        throw ConcordError("\(input.path) already appears on line \(first)")
                    }
                    seen[input.path.description] = record.line
                    let created = try Place.upsert(input, updateFlag: true, in: db).created
                    if created { summary.created += 1 } else { summary.updated += 1 }
                }
            }
            try self.audit(db, action: "place.import", entity: "place", details: summary.details(document))
            return summary
        }
    }

    /// Creates the places implied by employers' regions and parks that are not stored yet.
    public func syncPlaces() throws -> Int {
        try write { db in
            let created = try Place.sync(in: db)
            try audit(db, action: "place.sync", entity: "place", details: ["created": String(created)])
            return created
        }
    }

    /// The employer count from which a park or township has many firms.
    public func manyFirmsThreshold() throws -> Int {
        try read { db in try CoverageSettings.threshold(db) }
    }

    /// Sets the many-firms threshold.
    public func setManyFirmsThreshold(_ value: Int) throws {
        guard value >= 1 else { throw ConcordError("the threshold must be at least 1", at: "--set") }
        try write { db in
            try db.execute(
                sql: "UPDATE coverage_setting SET many_firms_threshold = ? WHERE id = 1", arguments: [value])
            try audit(db, action: "coverage.threshold", entity: "coverage_setting", details: ["value": String(value)])
        }
    }

    /// Stored places and the places employers imply, under `region`, with employer counts and quotas.
    public func places(inRegion region: String? = nil) throws -> [PlaceView] {
        try read { db in
            let tree = try PlaceTree.load(db)
            return tree.places.filter { isUnder($0.path, region) }.map { place in
                PlaceView(
                    path: place.path, kind: place.kind, manyFirms: place.manyFirms,
                    employers: tree.employerCount(place), required: tree.required(place))
            }
        }
    }
}

/// The coverage settings row.
enum CoverageSettings {
    static func threshold(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT many_firms_threshold FROM coverage_setting WHERE id = 1")
            ?? Quota.defaultManyFirmsThreshold
    }
}
