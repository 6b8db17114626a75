import Foundation
import Model
import Testing

@Suite struct DayTests {
    @Test(arguments: [("2025-03-01", "2025-03-01"), ("2025/3/1", "2025-03-01"), ("20240229", "2024-02-29")])
    func parses(_ text: String, _ expected: String) throws {
        #expect(try Day(text).description == expected)
    }

    @Test(arguments: ["2023-02-29", "2025-13-01", "2025-00-10", "25-03-01", "tomorrow", "2025-03-01x"])
    func rejects(_ text: String) {
        #expect(throws: ConcordError.self) { try Day(text) }
    }

    @Test func arithmetic() throws {
        let d = try Day("2024-01-31")
        #expect(d.adding(months: 1).description == "2024-02-29")
        #expect(d.adding(months: 12).description == "2025-01-31")
        #expect(d.adding(days: 366).description == "2025-01-31")
        #expect(Day(daysSinceEpoch: d.daysSinceEpoch) == d)
        #expect(try Day("1970-01-01").daysSinceEpoch == 0)
        #expect(try Day("2019-06-30").wholeYears(until: Day("2023-06-29")) == 3)
        #expect(try Day("2019-06-30").wholeYears(until: Day("2023-06-30")) == 4)
        #expect(try Day("2024-03-15").wholeMonths(until: Day("2025-03-14")) == 11)
        #expect(try Day("2024-03-15").wholeMonths(until: Day("2025-03-15")) == 12)
    }

    @Test func shanghaiMidnight() throws {
        // 2023-06-30 00:00 in Shanghai is 2023-06-29T16:00:00Z.
        #expect(try Day("2023-06-30").midnightShanghaiUnix == 1_688_054_400)
        #expect(Day(shanghai: Date(timeIntervalSince1970: 1_688_054_400)).description == "2023-06-30")
        #expect(Day(shanghai: Date(timeIntervalSince1970: 1_688_054_399)).description == "2023-06-29")
    }
}

@Suite struct FenTests {
    @Test(arguments: [("1500", 150_000), ("1500.5", 150_050), ("0.05", 5), ("-12.30", -1230)] as [(String, Int64)])
    func parsesYuan(_ text: String, _ fen: Int64) throws {
        #expect(try Fen(yuanText: text).value == fen)
    }

    @Test(arguments: ["1.234", "abc", "", "1e3"])
    func rejects(_ text: String) {
        #expect(throws: ConcordError.self) { try Fen(yuanText: text) }
    }

    @Test func formatsAndScales() {
        #expect(Fen(150_000).yuanText == "1500.00")
        #expect(Fen(5).yuanText == "0.05")
        #expect(Fen(90_000).scaled(byPercent: 30).value == 117_000)
        #expect(Fen(1).scaled(byPercent: 50).value == 2)  // 1.5 fen rounds half up
    }
}

@Suite struct NameAndLevelTests {
    @Test(arguments: [("张三", "张*"), ("张小三", "张*三"), ("欧阳小明", "欧**明"), ("李", "*")])
    func masksNames(_ name: String, _ masked: String) throws {
        #expect(try PersonName(name).masked == masked)
    }

    @Test func rejectsEmptyAndControlNames() {
        #expect(throws: ConcordError.self) { try PersonName("  ") }
        #expect(throws: ConcordError.self) { try PersonName("张\u{0}三") }
    }

    @Test func levels() throws {
        #expect(SkillLevel.four.label == "四级/中级工")
        #expect(SkillLevel.three.label == "三级/高级工")
        #expect(try SkillLevel("3") == .three)
        #expect(try SkillLevel("四级") == .four)
        #expect(SkillLevel.three > SkillLevel.four)
        #expect(SkillLevel.four.next == .three)
        #expect(!SkillLevel.two.isIssuedHere)
        #expect(throws: ConcordError.self) { try SkillLevel("6") }
    }

    @Test(arguments: [
        (1000, 400_000_000, SizeClass.large), (1000, 399_999_999, .medium), (300, 20_000_000, .medium),
        (299, 500_000_000, .small), (20, 3_000_000, .small), (19, 3_000_000, .micro),
    ] as [(Int, Int64, SizeClass)])
    func sizeClasses(_ employees: Int, _ revenue: Int64, _ expected: SizeClass) {
        #expect(SizeClass.classify(employees: employees, revenueYuan: revenue) == expected)
    }

    @Test func sha256() {
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
