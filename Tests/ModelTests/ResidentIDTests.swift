import Model
import Testing

@Suite struct ResidentIDTests {
    @Test func acceptsTheDomainExample() throws {
        let id = try ResidentID("360426199101010071")
        #expect(id.value == "360426199101010071")
        #expect(id.birthDate == Day(year: 1991, month: 1, day: 1))
        #expect(id.sex == .male)
        #expect(id.masked == "360426********0071")
    }

    @Test func lowercaseXIsStoredUppercase() throws {
        // 11010519491231002X is the standard's own example (female, check X).
        let id = try ResidentID("11010519491231002x")
        #expect(id.value == "11010519491231002X")
        #expect(id.sex == .female)
    }

    @Test(arguments: [
        ("360426199101010072", "wrong check character"),
        ("360426199102300071", "impossible birth date"),
        ("36042619910101007", "must have 18 characters"),
        ("3604261991010100A1", "must be 17 digits"),
        ("", "must have 18 characters"),
    ])
    func rejects(_ text: String, _ reason: String) {
        #expect {
            _ = try ResidentID(text)
        } throws: { error in
            (error as? ConcordError)?.what.contains(reason) == true
        }
    }
}

@Suite struct CreditCodeTests {
    @Test func acceptsTheDomainExample() throws {
        #expect(try CreditCode("91110000600037341L").value == "91110000600037341L")
        #expect(try CreditCode("91110000600037341l").value == "91110000600037341L")
    }

    @Test(arguments: ["91110000600037341A", "91110000600037341", "9111000060003734IL", "91110000600037341O"])
    func rejects(_ text: String) {
        #expect(throws: ConcordError.self) { try CreditCode(text) }
    }

    @Test func checkCharacterRoundTrips() throws {
        let values = Array("91330106MA2XXXXXX").map { c in CreditCode.characters.firstIndex(of: c) ?? 0 }
        let code = "91330106MA2XXXXXX" + String(CreditCode.checkCharacter(values))
        #expect(try CreditCode(code).value == code)
    }
}
