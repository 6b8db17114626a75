import Catalog
import GRDB
import Model
import Storage

/// A duty that is overdue on a day: who owes which contact to whom, and since when.
public struct DueDuty: Codable, Sendable, Equatable {
    public var cadence: Cadence
    /// The park/township coordinator who owes it (nil for the county bureau's yearly guidance).
    public var coordinator: String?
    public var coordinatorIdMasked: String?
    /// The park or township (the district for bureau guidance).
    public var place: String
    /// The enterprise coordinator owed the contact.
    public var enterpriseCoordinator: String
    public var enterpriseIdMasked: String
    public var employer: String
    public var creditCode: String
    /// The last contact that satisfied the cadence, or nil for never.
    public var last: Day?
    /// The first day the duty is overdue.
    public var overdueSince: Day
}

extension Store {
    /// Every duty overdue on `day` for employers under `region` (nil = everywhere), by place then cadence.
    public func dueContacts(on day: Day, region: String? = nil) throws -> [DueDuty] {
        try read { db in
            let places = Dictionary(
                uniqueKeysWithValues: try Place.fetchAll(db).compactMap { p in p.id.map { ($0, p) } })
            let employers = Dictionary(
                uniqueKeysWithValues: try Employer.fetchAll(db).compactMap { e in e.id.map { ($0, e) } })
            let active = try Appointment.fetchAll(db).filter { $0.isActive(on: day) }
            var people: [Int64: Person] = [:]
            for person in try Person.filter(active.map(\.personId).contains(Column("id"))).fetchAll(db) {
                if let id = person.id { people[id] = person }
            }
            // The latest contact of each kind per (by, with, employer), and bureau guidance per (with, employer).
            var latest: [String: Day] = [:]
            for contact in try DutyContact.filter(Column("on_day") <= day.description).fetchAll(db) {
                let by = contact.kind == .bureauGuidance ? 0 : contact.byPersonId
                let key = "\(by)|\(contact.withPersonId)|\(contact.employerId)|\(contact.kind.rawValue)"
                latest[key] = max(latest[key] ?? contact.onDay, contact.onDay)
            }
            func last(_ cadence: Cadence, by: Int64, with: Int64, employer: Int64) -> Day? {
                cadence.satisfiedBy.compactMap { latest["\(by)|\(with)|\(employer)|\($0.rawValue)"] }.max()
            }
            var platformAt: [String: [Appointment]] = [:]
            for a in active {
                if let id = a.placeId, let place = places[id], place.kind == .township || place.kind == .park {
                    platformAt[place.path, default: []].append(a)
                }
            }
            var due: [DueDuty] = []
            for e in active {
                guard let employerID = e.employerId, let employer = employers[employerID],
                      isUnder(employer.region, region), let ep = people[e.personId] else { continue }
                func item(_ cadence: Cadence, _ by: Person?, _ place: String, _ last: Day?, _ start: Day) {
                    guard let since = cadence.overdueSince(last: last, start: start, on: day) else { return }
                    due.append(DueDuty(
                        cadence: cadence, coordinator: by?.name, coordinatorIdMasked: by?.maskedID, place: place,
                        enterpriseCoordinator: ep.name, enterpriseIdMasked: ep.maskedID, employer: employer.name,
                        creditCode: employer.creditCode, last: last, overdueSince: since))
                }
                for path in ImpliedPlaces.platforms(of: employer) {
                    for p in platformAt[path] ?? [] where p.personId != e.personId {
                        let start = max(p.fromDay, e.fromDay)
                        for cadence in [Cadence.monthlyContact, .quarterlyOnSite] {
                            item(cadence, people[p.personId], path,
                                 last(cadence, by: p.personId, with: e.personId, employer: employerID), start)
                        }
                    }
                }
                if let district = ImpliedPlaces.district(of: employer) {
                    item(.yearlyBureauGuidance, nil, district,
                         last(.yearlyBureauGuidance, by: 0, with: e.personId, employer: employerID), e.fromDay)
                }
            }
            return due.sorted {
                ($0.place, $0.cadence.months, $0.coordinator ?? "", $0.employer, $0.enterpriseCoordinator)
                    < ($1.place, $1.cadence.months, $1.coordinator ?? "", $1.employer, $1.enterpriseCoordinator)
            }
        }
    }
}
