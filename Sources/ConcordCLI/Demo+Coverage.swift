import Catalog
import Coverage
import Foundation
import Model
import Storage

/// The demo's coverage section: coordinators appointed in one district (some quotas met, some missed),
/// a few duty contacts, and the district's coverage table.
enum DemoCoverage {
    static let district = "杭州市/西湖区"

    static func run(store: Store, today: Day = Day.today()) throws {
        _ = try store.syncPlaces()
        let employers = try store.employers(inRegion: district)
        var people = try store.persons(reveal: true).compactMap { $0.residentId }.compactMap { try? ResidentID($0) }
        func next() -> ResidentID? { people.isEmpty ? nil : people.removeLast() }
        let start = today.adding(months: -6)
        var enterprise: [(person: ResidentID, employer: Employer)] = []
        var platform: [String: [ResidentID]] = [:]
        func appoint(_ unit: UnitRef, _ role: Appointment.SourceRole, _ duty: Appointment.Duty = .multiDuty)
            throws -> ResidentID?
        {
            guard let person = next() else { return nil }
            try store.appoint(AppointmentInput(person: person, unit: unit, from: start, duty: duty, role: role))
            return person
        }
        // Enterprises: large ones fully staffed, medium ones one short, small ones staffed, micro ones left to
        // their township.
        for employer in employers {
            let count = switch employer.sizeClass {
            case .large: 2
            case .medium, .small: 1
            case .micro: 0
            }
            for _ in 0..<count {
                if let p = try appoint(.employer(try CreditCode(employer.creditCode)), .hr) {
                    enterprise.append((p, employer))
                }
            }
        }
        // Townships: the first micro firm's township gets its quota of 2; the others one coordinator each.
        let townships = Set(employers.compactMap { ImpliedPlaces.township(of: $0) }).sorted()
        let staffed = employers.first { $0.sizeClass == .micro }.flatMap { ImpliedPlaces.township(of: $0) }
            ?? townships.first
        for township in townships {
            for _ in 0..<(township == staffed ? 2 : 1) {
                if let p = try appoint(.place(.township, township), .platformLabourOfficer) {
                    platform[township, default: []].append(p)
                }
            }
        }
        // One park coordinator (short of 2), one community with its one coordinator, the county bureau's staff.
        for park in Set(employers.compactMap { ImpliedPlaces.park(of: $0) }).sorted().prefix(1) {
            if let p = try appoint(.place(.park, park), .unionBargainingInstructor, .fullTime) {
                platform[park, default: []].append(p)
            }
        }
        if let township = staffed {
            let community = township + "/文鼎苑社区"
            try store.savePlace(PlaceInput(path: RegionPath(community), kind: .community))
            _ = try appoint(.place(.community, community), .mediator)
        }
        let bureau = try appoint(.place(.district, district), .countyBureau, .fullTime)
        // Contacts: each township's first coordinator called each enterprise coordinator 10 days ago; the
        // bureau guided the first one 2 months ago.
        for (person, employer) in enterprise {
            guard let township = ImpliedPlaces.township(of: employer), let by = platform[township]?.first else {
                continue
            }
            try store.recordContact(ContactInput(
                kind: .contact, on: today.adding(days: -10), by: by, with: person, note: "电话联络"))
        }
        if let bureau, let first = enterprise.first {
            try store.recordContact(ContactInput(
                kind: .bureauGuidance, on: today.adding(months: -2), by: bureau, with: first.person, note: "年度指导"))
        }

        print("== Coordinator coverage (\(district)) ==")
        let report = try store.coverage(region: district, on: today, certified: .certification)
        CoverageCommand.printTable(report)
        let due = try store.dueContacts(on: today, region: district)
        Output.printTable(
            ["overdue duty", "count"],
            Cadence.allCases.map { c in [c.rawValue, String(due.filter { $0.cadence == c }.count)] })
    }
}
