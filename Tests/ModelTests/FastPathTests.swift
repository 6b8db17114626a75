import Foundation
import Model
import Testing

/// The byte-level fast paths imports rely on must answer exactly as the general Unicode rules do.
@Suite struct FastPathTests {
    /// Trimming by `Character.isWhitespace`, one character at a time, as the general path does.
    static func reference(_ text: String) -> String {
        var s = Substring(text)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }

    @Test(arguments: [
        "张三", " 张三", "张三 ", "\u{3000}张三", "张三\u{3000}", "张\u{3000}三", "a", "abc ", "\tabc", "一",
        "鿿", "䀀x", "x䀀", "张三\u{301}", " \u{301}", "e\u{301}", "\u{600}张", "张\u{200D}", "\u{A0}张",
        "张\u{85}", "", " ", "丂 ", "中文\n", "\r\n中文", "𠀀", "x𠀀",
    ])
    func trimmingMatchesTheCharacterRules(_ text: String) {
        #expect(text.trimmingSpaces() == Self.reference(text))
    }

    @Test(arguments: [
        ("张三", false), ("张\u{0}三", true), ("a\u{1F}", true), ("a\u{7F}", true), ("a\u{80}", true),
        ("a\u{9F}", true), ("a\u{A0}b", false), ("\u{C2}", false), ("éa", false), ("Ā", false),
    ])
    func controlCharactersAreFoundInTheBytes(_ name: String, _ control: Bool) throws {
        let byRule = name.unicodeScalars.contains { $0.properties.generalCategory == .control }
        #expect(byRule == control)
        if control {
            #expect(throws: ConcordError.self) { try PersonName(name) }
        } else {
            #expect(try PersonName(name).value == name)
        }
    }

    @Test func longNamesAreCountedInCharacters() throws {
        #expect(try PersonName(String(repeating: "张", count: 50)).value.count == 50)
        #expect(throws: ConcordError.self) { try PersonName(String(repeating: "张", count: 51)) }
        #expect(try PersonName(String(repeating: "e\u{301}", count: 50)).value.count == 50)
    }

    @Test(arguments: [(1, 1, 1, "0001-01-01"), (999, 12, 31, "0999-12-31"), (2025, 3, 9, "2025-03-09"),
                      (9999, 12, 31, "9999-12-31")])
    func daysPrintWithFixedWidths(_ year: Int, _ month: Int, _ day: Int, _ text: String) throws {
        #expect(try #require(Day(year: year, month: month, day: day)).description == text)
    }

    @Test func daysOutsideFourDigitYearsStillPrint() {
        #expect(Day(daysSinceEpoch: 3_000_000).description == "10183-09-21")
        #expect(Day(daysSinceEpoch: -800_000).description.hasPrefix("-"))
    }
}
