import Catalog
import Coverage
import Model
import Testing

/// A district worked by hand (see COVERAGE.md, "A worked example"):
///
/// | unit | required | appointed | status |
/// | --- | --- | --- | --- |
/// | E1 large, 文新街道, park 西湖科技园 | 2 | {1,2} | met |
/// | E2 medium, 文新街道 | 2 | {3} | short 1 |
/// | E3 small, 古荡街道 | 1 | {4} | met |
/// | E4 micro, 文新街道 | 1 | — | platform (文新街道 met) |
/// | E5 micro, 古荡街道/翠苑社区 | 1 | — | short 1 (古荡街道 short) |
/// | 文新街道 (3 firms < 50) | 2 | {10,11} | met |
/// | 古荡街道 (flagged many firms) | 4 | {12} | short 3 |
/// | 西湖科技园 (park, 1 firm) | 2 | — | short 2 |
/// | 翠苑社区 | 1 | {13} | met |
/// plus E6 small in 杭州市/滨江区/西兴街道 with nobody, and its township 西兴街道 (short 2).
enum WorkedDistrict {
    static func employers() throws -> [Employer] {
        [
            try employer(1, .large, "杭州市/西湖区/文新街道", park: "西湖科技园"),
            try employer(2, .medium, "杭州市/西湖区/文新街道"),
            try employer(3, .small, "杭州市/西湖区/古荡街道"),
            try employer(4, .micro, "杭州市/西湖区/文新街道"),
            try employer(5, .micro, "杭州市/西湖区/古荡街道/翠苑社区"),
            try employer(6, .small, "杭州市/滨江区/西兴街道"),
        ]
    }
    static let gudang = Place(
        id: 7, kind: .township, name: "古荡街道", parentId: 2, path: "杭州市/西湖区/古荡街道", manyFirms: true,
        createdAt: "")

    static func input(threshold: Int = 50) throws -> CoverageInput {
        CoverageInput(
            places: [gudang], employers: try employers(), threshold: threshold,
            employerAppointees: [1: [1, 2], 2: [3], 3: [4]],
            placeAppointees: [
                "杭州市/西湖区/文新街道": [10, 11], "杭州市/西湖区/古荡街道": [12],
                "杭州市/西湖区/古荡街道/翠苑社区": [13],
            ],
            certified: [1, 10, 13, 99], certifiedSource: "test")
    }
}

@Suite struct CoverageReportTests {
    let day = Day(year: 2025, month: 6, day: 30) ?? Day.epoch

    func unit(_ report: CoverageReport, _ name: String) -> CoverageUnit? {
        report.units.first { $0.unit == name }
    }

    func rate(_ report: CoverageReport, _ area: String, _ kind: String) -> CoverageRate? {
        report.rates.first { $0.area == area && $0.kind == kind }
    }

    @Test func unitsOfTheWorkedDistrict() throws {
        let report = CoverageReport.compute(try WorkedDistrict.input(), region: "杭州市/西湖区", on: day)
        #expect(report.units.count == 9)
        let expected: [(String, Int, Int, Int, UnitStatus)] = [
            ("E1", 2, 2, 0, .met), ("E2", 2, 1, 1, .short), ("E3", 1, 1, 0, .met), ("E4", 1, 0, 0, .platform),
            ("E5", 1, 0, 1, .short), ("文新街道", 2, 2, 0, .met), ("古荡街道", 4, 1, 3, .short),
            ("西湖科技园", 2, 0, 2, .short), ("翠苑社区", 1, 1, 0, .met),
        ]
        for (name, required, appointed, shortfall, status) in expected {
            let u = try #require(unit(report, name), "\(name)")
            #expect(u.required == required, "\(name)")
            #expect(u.appointed == appointed, "\(name)")
            #expect(u.shortfall == shortfall, "\(name)")
            #expect(u.status == status, "\(name)")
        }
        #expect(unit(report, "E4")?.coveredBy == "杭州市/西湖区/文新街道")
        #expect(unit(report, "E1")?.certified == 1)
        #expect(unit(report, "文新街道")?.certified == 1)
        #expect(unit(report, "古荡街道")?.manyFirms == true)
        #expect(unit(report, "文新街道")?.employers == 3)
        #expect(report.shortfalls.map(\.unit).sorted() == ["E2", "E5", "古荡街道", "西湖科技园"])
        #expect(report.shortfalls.reduce(0) { $0 + $1.shortfall } == 7)
    }

    @Test func ratesOfTheWorkedDistrict() throws {
        let report = CoverageReport.compute(try WorkedDistrict.input(), region: "杭州市/西湖区", on: day)
        let all = try #require(rate(report, "杭州市/西湖区", "all"))
        #expect((all.units, all.met, all.rate, all.shortfall) == (9, 5, "55.6%", 7))
        #expect((all.coordinators, all.certified, all.certifiedRate) == (8, 3, "37.5%"))
        let employers = try #require(rate(report, "杭州市/西湖区", "employer"))
        #expect((employers.units, employers.met, employers.rate) == (5, 3, "60.0%"))
        #expect((employers.required, employers.appointed, employers.shortfall) == (7, 4, 2))
        let townships = try #require(rate(report, "杭州市/西湖区", "township"))
        #expect((townships.units, townships.met, townships.rate, townships.shortfall) == (2, 1, "50.0%", 3))
        #expect(rate(report, "杭州市/西湖区", "park")?.rate == "0.0%")
        #expect(rate(report, "杭州市/西湖区", "community")?.rate == "100.0%")
        // only the district: the city is not under the region, and the district is the whole report
        #expect(Set(report.rates.map(\.level)) == ["district"])
        #expect(report.rates.count == 5)
    }

    @Test func cityRatesAddTheOtherDistrict() throws {
        let report = CoverageReport.compute(try WorkedDistrict.input(), region: nil, on: day)
        // 9 units in 西湖区 + E6 and 西兴街道 in 滨江区 (both short)
        let city = try #require(rate(report, "杭州市", "all"))
        #expect((city.level, city.units, city.met, city.rate, city.shortfall) == ("city", 11, 5, "45.5%", 10))
        let binjiang = try #require(rate(report, "杭州市/滨江区", "all"))
        #expect((binjiang.units, binjiang.met, binjiang.rate) == (2, 0, "0.0%"))
        #expect(rate(report, "", "all")?.units == 11)
    }

    @Test func theThresholdDecidesManyFirms() throws {
        // with a threshold of 3, 文新街道's 3 firms are "many": it needs 4, so E4 is no longer covered
        let report = CoverageReport.compute(try WorkedDistrict.input(threshold: 3), region: "杭州市/西湖区", on: day)
        #expect(unit(report, "文新街道")?.required == 4)
        #expect(unit(report, "文新街道")?.status == .short)
        #expect(unit(report, "E4")?.status == .short)
        #expect(report.rates.first { $0.kind == "all" }?.met == 3)
    }

    @Test func aMicroFirmInAParkIsCoveredByItsPark() throws {
        var input = try WorkedDistrict.input()
        input.employers.append(try employer(8, .micro, "杭州市/西湖区/古荡街道", park: "西湖科技园"))
        input.placeAppointees["杭州市/西湖区/西湖科技园"] = [20, 21]
        let report = CoverageReport.compute(input, region: "杭州市/西湖区", on: day)
        #expect(unit(report, "E8")?.status == .platform)
        #expect(unit(report, "E8")?.coveredBy == "杭州市/西湖区/西湖科技园")
    }
}
