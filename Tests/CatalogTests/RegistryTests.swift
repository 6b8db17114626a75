import Catalog
import Foundation
import GRDB
import Model
import Storage
import Testing

let employerHeader = "name,credit_code,size,region,park\n"
let personHeader = "name,resident_id,phone,employer,education,major,related_work_since\n"

func document(_ text: String, _ source: String = "input.csv", required: [String] = []) throws -> CSVDocument {
    try CSVDocument(data: Data(text.utf8), source: source, required: required)
}

/// A snapshot of the tables a registry import touches, to prove a failed import wrote nothing.
func snapshot(_ store: Store) throws -> [String] {
    try store.read { db in
        try ["employer", "person", "audit_log"].map { table in
            try "\(table):\(Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? -1)"
        }
    }
}

@Suite struct RegistryTests {
    func storeWithEmployer() throws -> Store {
        let store = try Store(inMemoryActor: "t")
        _ = try store.importEmployers(
            try document(employerHeader + "杭州纺织有限公司,91110000600037341L,medium,杭州市/西湖区/文新街道,\n"),
            dryRun: false)
        return store
    }

    @Test func importsPeopleAndReimportUpdates() throws {
        let store = try storeWithEmployer()
        let csv = personHeader + "张三,360426199101010071,13800000000,91110000600037341L,bachelor,法学,2015-07-01\n"
        let first = try store.importPersons(try document(csv), dryRun: false)
        #expect(first == ImportSummary(created: 1, updated: 0))
        let second = try store.importPersons(try document(csv.replacingOccurrences(of: "张三", with: "张叁")), dryRun: false)
        #expect(second == ImportSummary(created: 0, updated: 1))
        let people = try store.persons()
        #expect(people.count == 1)
        #expect(people[0].name == "张叁")
        #expect(people[0].idMasked == "360426********0071")
        #expect(people[0].residentId == nil)
        #expect(people[0].employerName == "杭州纺织有限公司")
        #expect(try store.verifyAudit().isIntact)
    }

    @Test func dryRunWritesNothing() throws {
        let store = try storeWithEmployer()
        let before = try snapshot(store)
        let summary = try store.importPersons(
            try document(personHeader + "张三,360426199101010071,,,,,\n"), dryRun: true)
        #expect(summary.created == 1)
        #expect(try snapshot(store) == before)
    }

    @Test(arguments: [
        ("张三,360426199101010072,,,,,", "line 3: resident ID 360426199101010072 has a wrong check character"),
        ("张三,360426199102300071,,,,,", "line 3: resident ID 360426199102300071 has an impossible birth date"),
        ("张三,360426199101010071,,91110000600037342L,,,", "line 3: credit code"),
        ("张三,360426199101010071,,91330106MA2B00000U,,,", "line 3: no employer has the credit code"),
        ("张三,360426199101010071,,,,,,extra", "line 3: 8 fields where the header has 7"),
        ("张三,360426199101010071,,,phd,,", "line 3: education phd"),
    ])
    func aBadRowWritesNothing(_ row: String, _ report: String) throws {
        let store = try storeWithEmployer()
        let before = try snapshot(store)
        // One good row first, so the bad one is line 3 and the good one must not be written either.
        let csv = personHeader + "李四,11010519491231002X,,,,,\n" + row + "\n"
        #expect {
            _ = try store.importPersons(try document(csv), dryRun: false)
        } throws: { error in
            guard let e = error as? ConcordError, e.details.count == 1 else { return false }
            return e.details[0].hasPrefix(report) && e.what == "1 bad row; nothing was written"
        }
        #expect(try snapshot(store) == before)
    }

    @Test func unknownEmployerAndDuplicatesAreReportedByLine() throws {
        let store = try storeWithEmployer()
        let csv = personHeader
            + "张三,360426199101010071,,91330106MA2B00000U,,,\n"
            + "李四,11010519491231002X,,,,,\n"
            + "李四,11010519491231002x,,,,,\n"
        var reported: [String] = []
        do {
            _ = try store.importPersons(try document(csv), dryRun: false)
        } catch let error as ConcordError {
            reported = error.details
        }
        #expect(reported.count == 2)
        #expect(reported.first?.hasPrefix("line 2: ") == true)
        #expect(reported.last == "line 4: resident ID 110105********002X already appears on line 3")
        #expect(try store.persons().isEmpty)
    }

    @Test func employerUpsertAndRegionFilter() throws {
        let store = try storeWithEmployer()
        let (e, created) = try store.saveEmployer(
            EmployerInput(
                creditCode: try CreditCode("91110000600037341L"), name: "杭州纺织股份有限公司", sizeClass: .large,
                region: try RegionPath("杭州市/西湖区/文新街道"), park: nil))
        #expect(!created)
        #expect(e.sizeClass == .large)
        #expect(try store.employers(inRegion: "杭州市/西湖区").count == 1)
        #expect(try store.employers(inRegion: "杭州市/西").isEmpty)
        #expect(try store.employers(inRegion: "宁波市").isEmpty)
    }

    @Test func institutionsHaveUniqueCodes() throws {
        let store = try Store(inMemoryActor: "t")
        try store.addInstitution(code: "HZ-01", name: "杭州培训中心", kind: .training, creditCode: nil, region: "杭州市")
        #expect(throws: ConcordError.self) {
            try store.addInstitution(code: "HZ-01", name: "又一个", kind: .evaluation, creditCode: nil, region: "")
        }
        #expect(try store.institutions().count == 1)
    }

    @Test func personAddRefusesUnknownEmployer() throws {
        let store = try Store(inMemoryActor: "t")
        let input = try PersonInput(
            name: PersonName("张三"), residentID: ResidentID("360426199101010071"),
            employer: CreditCode("91110000600037341L"))
        #expect(throws: ConcordError.self) { try store.savePerson(input) }
        #expect(try store.persons().isEmpty)
    }
}

@Suite struct SkillPromotionTests {
    @Test func recordsOncePerSource() throws {
        let store = try Store(inMemoryActor: "t")
        let person = try store.savePerson(
            try PersonInput(name: PersonName("张三"), residentID: ResidentID("360426199101010071"))).person
        let id = try #require(person.id)
        try store.write { db in
            try SkillPromotion.record(db, personID: id, level: .three, source: "contest:1", on: try Day("2025-10-01"))
        }
        #expect(throws: ConcordError.self) {
            try store.write { db in
                try SkillPromotion.record(db, personID: id, level: .three, source: "contest:1", on: try Day("2025-10-02"))
            }
        }
        let all = try store.read { db in try SkillPromotion.all(db, personID: id) }
        #expect(all.map(\.level) == [.three])
    }
}
