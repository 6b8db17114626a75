import Catalog
import Foundation
import Coverage
import Model
import Testing

@Suite struct QuotaTests {
    @Test(arguments: [(SizeClass.large, 2), (.medium, 2), (.small, 1), (.micro, 1)])
    func employerQuotaBySizeClass(_ size: SizeClass, _ required: Int) {
        #expect(Quota.employer(size) == required)
    }

    @Test(arguments: [
        // flag, employers, threshold → many firms, required
        (Bool?.none, 49, 50, false, 2), (nil, 50, 50, true, 4), (nil, 51, 50, true, 4),
        (true, 0, 50, true, 4), (false, 500, 50, false, 2), (nil, 3, 3, true, 4),
    ])
    func platformQuota(_ flag: Bool?, _ employers: Int, _ threshold: Int, _ many: Bool, _ required: Int) {
        let decided = Quota.manyFirms(flag: flag, employerCount: employers, threshold: threshold)
        #expect(decided == many)
        #expect(Quota.platform(manyFirms: decided) == required)
    }

    @Test(arguments: [
        // required, appointed, platform covers → status, shortfall
        (2, 2, false, UnitStatus.met, 0), (2, 3, false, .met, 0), (2, 1, false, .short, 1), (4, 0, false, .short, 4),
        (1, 0, true, .platform, 0), (1, 1, true, .met, 0), (2, 1, true, .short, 1),
    ])
    func status(_ required: Int, _ appointed: Int, _ covers: Bool, _ status: UnitStatus, _ shortfall: Int) {
        let s = Quota.status(required: required, appointed: appointed, platformCovers: covers)
        #expect(s == status)
        #expect(Quota.shortfall(required: required, appointed: appointed, status: s) == shortfall)
    }

    @Test(arguments: [(5, 9, "55.6%"), (2, 3, "66.7%"), (1, 3, "33.3%"), (0, 4, "0.0%"), (4, 4, "100.0%"),
                      (0, 0, "-"), (3, 8, "37.5%"), (1, 8, "12.5%")])
    func shares(_ part: Int, _ whole: Int, _ text: String) {
        #expect(Share(part, of: whole).percentText == text)
    }

    @Test(arguments: [
        // cadence, last, start, on → overdue since
        (Cadence.monthlyContact, String?("2025-01-15"), "2024-01-01", "2025-02-15", String?.none),
        (.monthlyContact, "2025-01-15", "2024-01-01", "2025-02-16", "2025-02-16"),
        (.monthlyContact, "2025-01-31", "2024-01-01", "2025-02-28", nil),
        (.monthlyContact, "2025-01-31", "2024-01-01", "2025-03-01", "2025-03-01"),
        (.monthlyContact, nil, "2025-03-10", "2025-04-10", nil),
        (.monthlyContact, nil, "2025-03-10", "2025-04-11", "2025-04-11"),
        (.quarterlyOnSite, "2025-01-15", "2024-01-01", "2025-04-15", nil),
        (.quarterlyOnSite, "2025-01-15", "2024-01-01", "2025-04-16", "2025-04-16"),
        (.yearlyBureauGuidance, "2024-02-29", "2020-01-01", "2025-02-28", nil),
        (.yearlyBureauGuidance, "2024-02-29", "2020-01-01", "2025-03-01", "2025-03-01"),
        // a contact before the pair started does not count: the clock starts at the start
        (.monthlyContact, "2024-12-01", "2025-01-10", "2025-02-10", nil),
    ])
    func cadence(_ cadence: Cadence, _ last: String?, _ start: String, _ on: String, _ expected: String?) throws {
        let since = cadence.overdueSince(last: try last.map(Day.init), start: try Day(start), on: try Day(on))
        #expect(since == (try expected.map(Day.init)))
    }

    @Test func onSiteGuidanceAlsoCountsAsTheMonthlyContact() {
        #expect(Cadence.monthlyContact.satisfiedBy == [.contact, .onSite])
        #expect(Cadence.quarterlyOnSite.satisfiedBy == [.onSite])
        #expect(Cadence.yearlyBureauGuidance.satisfiedBy == [.bureauGuidance])
    }

    @Test func impliedPlacesFollowRegionsAndParks() throws {
        let employers = [
            try employer(1, .large, "杭州市/西湖区/文新街道", park: "西湖科技园"),
            try employer(2, .micro, "杭州市/西湖区/古荡街道/翠苑社区"),
        ]
        let implied = ImpliedPlaces.of(employers)
        #expect(implied.map(\.path) == [
            "杭州市", "杭州市/西湖区", "杭州市/西湖区/文新街道", "杭州市/西湖区/西湖科技园", "杭州市/西湖区/古荡街道",
            "杭州市/西湖区/古荡街道/翠苑社区",
        ])
        #expect(implied.map(\.kind) == [.city, .district, .township, .park, .township, .community])
    }
}

/// An employer value for rule tests (no database).
func employer(
    _ id: Int64, _ size: SizeClass, _ region: String, park: String? = nil, name: String? = nil
) throws -> Employer {
    // Catalog's records have no public memberwise initialiser; decode one as the database would hand it over.
    let fields: [String: Any?] = [
        "id": id, "creditCode": "code\(id)", "name": name ?? "E\(id)", "sizeClass": size.rawValue, "region": region,
        "park": park, "createdAt": "", "updatedAt": "",
    ]
    let data = try JSONSerialization.data(withJSONObject: fields.compactMapValues { $0 })
    return try JSONDecoder().decode(Employer.self, from: data)
}
