import Catalog
import Coverage
import Foundation
import GRDB
import Model
import Storage
import Testing

/// A store in a temporary file with a district of every size class, a park and a community:
/// 杭州市/西湖区 as in `WorkedDistrict`, registered through the Catalog imports.
final class DistrictFixture {
    let folder: URL
    let store: Store

    static let codes = (1...6).map { fixtureCode($0) }
    static let people = (0..<20).map { fixtureID($0) }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("coverage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try Store(path: folder.appendingPathComponent("c.sqlite").path, actor: "t", mode: .create)
        let c = Self.codes
        let employers = """
            name,credit_code,size,region,park
            E1,\(c[0]),large,杭州市/西湖区/文新街道,西湖科技园
            E2,\(c[1]),medium,杭州市/西湖区/文新街道,
            E3,\(c[2]),small,杭州市/西湖区/古荡街道,
            E4,\(c[3]),micro,杭州市/西湖区/文新街道,
            E5,\(c[4]),micro,杭州市/西湖区/古荡街道/翠苑社区,
            E6,\(c[5]),small,杭州市/滨江区/西兴街道,

            """
        _ = try store.importEmployers(try doc(employers), dryRun: false)
        var people = "name,resident_id\n"
        for (i, id) in Self.people.enumerated() { people += "人员\(i),\(id)\n" }
        _ = try store.importPersons(try doc(people), dryRun: false)
        _ = try store.importPlaces(try doc("path,kind,many_firms\n杭州市/西湖区/古荡街道,township,yes\n"), dryRun: false)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Appoints person `i` to a unit from 2025-01-01.
    @discardableResult
    func appoint(_ i: Int, _ kind: String, _ unit: String, from: String = "2025-01-01", to: String? = nil,
                 role: Appointment.SourceRole = .hr) throws -> Appointment {
        try store.appoint(AppointmentInput(
            person: ResidentID(Self.people[i]), unit: UnitRef(kind: kind, value: unit), from: Day(from),
            to: try to.map(Day.init), duty: .multiDuty, role: role))
    }

    /// The hand-worked appointments of `WorkedDistrict` (person numbers shifted into 0..<20).
    func appointWorkedDistrict() throws {
        let c = Self.codes
        try appoint(1, "employer", c[0])
        try appoint(2, "employer", c[0])
        try appoint(3, "employer", c[1])
        try appoint(4, "employer", c[2])
        try appoint(10, "township", "杭州市/西湖区/文新街道", role: .platformLabourOfficer)
        try appoint(11, "township", "杭州市/西湖区/文新街道", role: .platformLabourOfficer)
        try appoint(12, "township", "杭州市/西湖区/古荡街道", role: .platformLabourOfficer)
        try appoint(13, "community", "翠苑社区", role: .other)
    }

    /// Row counts of every table an operation here may write.
    func snapshot() throws -> [Int] {
        try store.read { db in
            try ["place", "coordinator_appointment", "duty_contact", "audit_log"].map {
                try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)") ?? -1
            }
        }
    }
}

func doc(_ text: String) throws -> CSVDocument {
    try CSVDocument(data: Data(text.utf8), source: "input.csv", required: [])
}

/// A valid credit code numbered `n`.
func fixtureCode(_ n: Int) -> String {
    let body = "91330106" + String(format: "%09d", n)
    let values = body.map { Int(String($0)) ?? 0 }
    return body + String(CreditCode.checkCharacter(values))
}

/// A valid resident ID numbered `n`.
func fixtureID(_ n: Int) -> String {
    let body = "33010619900101" + String(format: "%03d", n)
    return body + String(ResidentID.checkCharacter(body.map { Int(String($0)) ?? 0 }))
}

@Suite struct CoverageStoreTests {
    let day = Day(year: 2025, month: 6, day: 30) ?? Day.epoch

    @Test func theStoredReportMatchesTheHandWorkedNumbers() throws {
        let f = try DistrictFixture()
        try f.appointWorkedDistrict()
        let report = try f.store.coverage(region: "杭州市/西湖区", on: day, certified: .unknown)
        #expect(report.units.count == 9)
        #expect(report.shortfalls.map(\.unit).sorted() == ["E2", "E5", "古荡街道", "西湖科技园"])
        let all = try #require(report.rates.first { $0.area == "杭州市/西湖区" && $0.kind == "all" })
        #expect((all.units, all.met, all.rate, all.shortfall, all.coordinators) == (9, 5, "55.6%", 7, 8))
        #expect(report.certifiedSource == nil)
        #expect(report.units.allSatisfy { $0.certified == 0 })
        #expect(try f.store.verifyAudit().isIntact)
    }

    @Test func endedAndFutureAppointmentsDoNotCount() throws {
        let f = try DistrictFixture()
        let first = try f.appoint(1, "employer", DistrictFixture.codes[2])
        try f.store.endAppointment(id: first.id ?? 0, on: Day("2025-03-31"))
        try f.appoint(2, "employer", DistrictFixture.codes[2], from: "2025-07-01")
        let e3 = { (day: String) in
            try f.store.coverage(on: Day(day), certified: .unknown).units.first { $0.unit == "E3" }?.appointed
        }
        #expect(try e3("2025-03-31") == 1)
        #expect(try e3("2025-04-01") == 0)
        #expect(try e3("2025-07-01") == 1)
        // the ended appointment is kept, with its end
        let history = try f.store.appointments(person: ResidentID(DistrictFixture.people[1]))
        #expect(history.map(\.to) == [try Day("2025-03-31")])
        #expect(try f.store.appointments(on: Day("2025-05-01")).isEmpty)
    }

    @Test func certifiedCoordinatorsAreCountedThroughTheLookup() throws {
        let f = try DistrictFixture()
        try f.appointWorkedDistrict()
        // Three of the eight appointed coordinators hold a certificate; one certified person is not appointed.
        let lookup = CertifiedLookup(
            source: { _ in "test" },
            certified: { db, persons, _ in
                let ids = try Int64.fetchAll(
                    db, sql: "SELECT id FROM person WHERE name IN ('人员1', '人员10', '人员13', '人员19')")
                return persons.intersection(ids)
            })
        let report = try f.store.coverage(region: "杭州市/西湖区", on: day, certified: lookup)
        #expect(report.certifiedSource == "test")
        let all = try #require(report.rates.first { $0.area == "杭州市/西湖区" && $0.kind == "all" })
        #expect((all.coordinators, all.certified, all.certifiedRate) == (8, 3, "37.5%"))
    }

    @Test func theCertificationLookupFindsNoCertificatesInAnEmptyRegistry() throws {
        let f = try DistrictFixture()
        try f.appointWorkedDistrict()
        let report = try f.store.coverage(region: "杭州市/西湖区", on: day, certified: .certification)
        #expect(report.certifiedSource == "certification")
        #expect(report.units.allSatisfy { $0.certified == 0 })
    }

    @Test func appointmentsToImpliedPlacesStoreThem() throws {
        let f = try DistrictFixture()
        let before = try f.store.places().filter { $0.path == "杭州市/西湖区/西湖科技园" }
        #expect(before.count == 1)  // implied by E1
        try f.appoint(5, "park", "杭州市/西湖区/西湖科技园")
        let stored = try f.store.read { db in try Place.at("杭州市/西湖区/西湖科技园", in: db) }
        #expect(stored?.kind == .park)
        #expect(try f.store.syncPlaces() > 0)
        #expect(try f.store.syncPlaces() == 0)
    }

    @Test(arguments: [
        ("unknown person", "no person has the resident ID"),
        ("unknown employer", "no employer has the credit code"),
        ("unknown township", "no township 杭州市/西湖区/不存在街道 is registered or implied by an employer"),
        ("overlap", "is already appointed to E3 from 2025-01-01 to 2025-06-30"),
        ("end before start", "the end 2024-12-31 is before the start 2025-01-01"),
        ("district without bureau role", "only county-bureau staff are appointed to a district"),
    ])
    func badAppointmentsWriteNothing(_ kind: String, _ message: String) throws {
        let f = try DistrictFixture()
        try f.appoint(4, "employer", DistrictFixture.codes[2], to: "2025-06-30")
        let before = try f.snapshot()
        #expect {
            switch kind {
            case "unknown person":
                try f.store.appoint(AppointmentInput(
                    person: ResidentID(fixtureID(99)), unit: .employer(CreditCode(DistrictFixture.codes[0])),
                    from: Day("2025-01-01"), duty: .fullTime, role: .hr))
            case "unknown employer": try f.appoint(1, "employer", fixtureCode(99))
            case "unknown township": try f.appoint(1, "township", "杭州市/西湖区/不存在街道")
            case "overlap": try f.appoint(4, "employer", DistrictFixture.codes[2], from: "2025-06-30")
            case "end before start": try f.appoint(1, "employer", DistrictFixture.codes[2], to: "2024-12-31")
            default: try f.appoint(1, "district", "杭州市/西湖区", role: .hr)
            }
        } throws: { error in
            (error as? ConcordError)?.what.contains(message) == true
        }
        #expect(try f.snapshot() == before)
    }

    @Test func aNonOverlappingReappointmentAndEndingRules() throws {
        let f = try DistrictFixture()
        let a = try f.appoint(4, "employer", DistrictFixture.codes[2], to: "2025-06-30")
        try f.appoint(4, "employer", DistrictFixture.codes[2], from: "2025-07-01")
        #expect(throws: ConcordError.self) { try f.store.endAppointment(id: a.id ?? 0, on: Day("2025-08-01")) }
        let b = try f.appoint(5, "employer", DistrictFixture.codes[2])
        #expect(throws: ConcordError.self) { try f.store.endAppointment(id: b.id ?? 0, on: Day("2024-12-31")) }
        // SQLite itself refuses deleting an appointment
        #expect(throws: (any Error).self) {
            try f.store.write { db in try db.execute(sql: "DELETE FROM coordinator_appointment") }
        }
    }

    @Test func anImportWithAnOverlapInsideTheFileNamesTheLineAndWritesNothing() throws {
        let f = try DistrictFixture()
        let p = DistrictFixture.people
        let before = try f.snapshot()
        let csv = """
            resident_id,unit_kind,unit,from,to,duty,role
            \(p[1]),employer,\(DistrictFixture.codes[0]),2025-01-01,,full-time,hr
            \(p[1]),employer,\(DistrictFixture.codes[0]),2025-03-01,,full-time,hr
            \(p[2]),township,文新街道,2025-01-01,,一岗多职,劳动保障管理员

            """
        #expect {
            try f.store.importAppointments(try doc(csv), dryRun: false)
        } throws: { error in
            (error as? ConcordError)?.details.first?.hasPrefix("line 3: ") == true
                && (error as? ConcordError)?.details.count == 1
        }
        #expect(try f.snapshot() == before)
        let good = csv.split(separator: "\n").enumerated().filter { $0.offset != 2 }.map { String($0.element) }
        let summary = try f.store.importAppointments(try doc(good.joined(separator: "\n") + "\n"), dryRun: false)
        #expect(summary.created == 2)
    }
}
