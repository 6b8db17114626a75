import Catalog
import Coverage
import Foundation
import GRDB
import Model
import Storage
import Testing

@Suite struct DutyContactTests {
    /// The worked district plus county-bureau staff (person 15) for 杭州市/西湖区.
    func fixture() throws -> DistrictFixture {
        let f = try DistrictFixture()
        try f.appointWorkedDistrict()
        try f.appoint(15, "district", "杭州市/西湖区", role: .countyBureau)
        return f
    }

    func contact(_ f: DistrictFixture, _ kind: ContactKind, _ on: String, by: Int, with: Int) throws {
        try f.store.recordContact(ContactInput(
            kind: kind, on: Day(on), by: ResidentID(DistrictFixture.people[by]),
            with: ResidentID(DistrictFixture.people[with])))
    }

    @Test func dueListsEveryPairAndCadence() throws {
        let f = try fixture()
        // 文新街道 (10, 11) covers E1 (1, 2) and E2 (3); 古荡街道 (12) covers E3 (4).
        try contact(f, .onSite, "2025-06-10", by: 10, with: 1)
        try contact(f, .contact, "2025-06-20", by: 10, with: 2)
        try contact(f, .bureauGuidance, "2025-03-01", by: 15, with: 4)
        let due = try f.store.dueContacts(on: Day("2025-07-15"))
        func count(_ cadence: Cadence) -> Int { due.filter { $0.cadence == cadence }.count }
        // 7 pairs: 10–1, 10–2, 10–3, 11–1, 11–2, 11–3, 12–4. Monthly: 10–1 (on-site 06-10, due by 07-10) is
        // overdue since 07-11; 10–2 (06-20) is fine until 07-20; the 5 never-contacted pairs started
        // 2025-01-01 and are overdue since 02-02: 6 overdue.
        #expect(count(.monthlyContact) == 6)
        // quarterly: only 10–1 had on-site guidance (06-10, fine until 09-10); the other 6 pairs are overdue.
        #expect(count(.quarterlyOnSite) == 6)
        // yearly: 4 enterprise coordinators; person 4 was guided on 03-01; the rest started 01-01, fine until
        // 2026-01-01, so none is overdue yet.
        #expect(count(.yearlyBureauGuidance) == 0)
        let tenOne = due.first { $0.cadence == .monthlyContact && $0.coordinator == "人员10"
            && $0.enterpriseCoordinator == "人员1" }
        #expect(tenOne?.last == (try Day("2025-06-10")))
        #expect(tenOne?.overdueSince == (try Day("2025-07-11")))
        #expect(!due.contains { $0.cadence == .monthlyContact && $0.coordinator == "人员10"
            && $0.enterpriseCoordinator == "人员2" })
        let never = due.first { $0.cadence == .monthlyContact && $0.coordinator == "人员12" }
        #expect(never?.last == nil)
        #expect(never?.overdueSince == (try Day("2025-02-02")))

        let nextYear = try f.store.dueContacts(on: Day("2026-03-02"), region: "杭州市/西湖区")
        #expect(Set(nextYear.filter { $0.cadence == .yearlyBureauGuidance }.map(\.enterpriseCoordinator))
            == ["人员1", "人员2", "人员3", "人员4"])
    }

    @Test(arguments: [
        // by, with, kind: the 古荡街道 coordinator (12) has no appointment covering E1 (文新街道)
        (12, 1, ContactKind.contact, "is not appointed on 2025-06-01 to a park or township covering E1's area"),
        // an enterprise coordinator is not a platform coordinator
        (3, 1, .contact, "is not appointed on 2025-06-01 to a park or township covering E1's area"),
        // township staff cannot record the bureau's guidance
        (10, 1, .bureauGuidance, "is not appointed on 2025-06-01 to the county bureau of E1's area"),
        // person 16 holds no appointment at all
        (10, 16, .contact, "is not an enterprise coordinator on 2025-06-01"),
    ])
    func contactsBySomeoneNotAppointedThereAreRefused(_ by: Int, _ with: Int, _ kind: ContactKind, _ message: String)
        throws
    {
        let f = try fixture()
        let before = try f.snapshot()
        #expect {
            try contact(f, kind, "2025-06-01", by: by, with: with)
        } throws: { error in
            (error as? ConcordError)?.what.hasSuffix(message) == true
        }
        #expect(try f.snapshot() == before)
    }

    @Test func aContactAfterTheAppointmentEndedIsRefused() throws {
        let f = try fixture()
        let mine = try f.store.appointments(person: ResidentID(DistrictFixture.people[10]))
        try f.store.endAppointment(id: mine[0].id, on: Day("2025-05-31"))
        #expect(throws: ConcordError.self) { try contact(f, .contact, "2025-06-01", by: 10, with: 1) }
        try contact(f, .contact, "2025-05-31", by: 10, with: 1)
    }

    @Test func theParkCoordinatorMayContactItsFirms() throws {
        let f = try fixture()
        try f.appoint(17, "park", "西湖科技园", role: .platformLabourOfficer)
        try contact(f, .onSite, "2025-06-01", by: 17, with: 1)
        #expect(throws: ConcordError.self) { try contact(f, .onSite, "2025-06-01", by: 17, with: 3) }
    }

    @Test func importIsAllOrNothing() throws {
        let f = try fixture()
        let p = DistrictFixture.people
        let before = try f.snapshot()
        let csv = """
            kind,on,by,with,employer,note
            contact,2025-06-01,\(p[10]),\(p[1]),,电话联络
            实地指导,2025-06-02,\(p[12]),\(p[1]),,走错片区

            """
        #expect {
            try f.store.importContacts(try doc(csv), dryRun: false)
        } throws: { error in
            (error as? ConcordError)?.details == [
                "line 3: \(try ResidentID(p[12]).masked) is not appointed on 2025-06-02 to a park or township "
                    + "covering E1's area",
            ]
        }
        #expect(try f.snapshot() == before)
    }
}
