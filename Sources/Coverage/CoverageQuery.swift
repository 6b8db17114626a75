import Catalog
import GRDB
import Model
import Storage

extension Store {
    /// The coverage report for `region` (nil = everywhere) on `day`: quotas, appointments, shortfalls, rates.
    ///
    /// Places the employers imply but nobody stored are included without being written (see COVERAGE.md).
    public func coverage(
        region: String? = nil, on day: Day, certified lookup: CertifiedLookup = .certification
    ) throws -> CoverageReport {
        try read { db in
            let input = try CoverageInput.load(db, on: day, certified: lookup)
            return CoverageReport.compute(input, region: region.flatMap { $0.isEmpty ? nil : $0 }, on: day)
        }
    }
}

extension CoverageInput {
    /// Reads everything a report needs from `db`.
    static func load(_ db: Database, on day: Day, certified lookup: CertifiedLookup) throws -> CoverageInput {
        let tree = try PlaceTree.load(db)
        var pathOf: [Int64: String] = [:]
        for place in tree.places { if let id = place.id { pathOf[id] = place.path } }
        var byEmployer: [Int64: Set<Int64>] = [:]
        var byPlace: [String: Set<Int64>] = [:]
        var everyone = Set<Int64>()
        for appointment in try Appointment.fetchAll(db) where appointment.isActive(on: day) {
            if let employer = appointment.employerId {
                byEmployer[employer, default: []].insert(appointment.personId)
            } else if let place = appointment.placeId, let path = pathOf[place] {
                byPlace[path, default: []].insert(appointment.personId)
            }
            everyone.insert(appointment.personId)
        }
        return CoverageInput(
            places: tree.places, employers: tree.employers, threshold: tree.threshold,
            employerAppointees: byEmployer, placeAppointees: byPlace,
            certified: try lookup.certified(db, everyone, day), certifiedSource: try lookup.source(db))
    }
}
