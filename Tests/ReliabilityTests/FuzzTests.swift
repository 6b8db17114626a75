import Catalog
import Certification
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Model
import Signing
import Storage
import Testing
import Verifier

/// Point 4: seeded random and mutated inputs to every parser facing the outside. Only defined outcomes: a
/// crash would end the test process, a 500 or an undefined outcome fails an expectation.
@Suite struct FuzzTests {
    static let cases = 3000

    /// Random text: ASCII, code symbols, hyphens, CJK, NUL, control characters and long runs.
    static func randomText(_ g: inout SplitMix64, maxLength: Int = 40) -> String {
        let pools: [[Character]] = [
            Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U"), Array("abcdefghijklmnopqrstuvwxyzILO -_."),
            Array("张王李证书\u{0}\u{7}\u{FEFF}\u{202E}'\";%\\/?#&=<>"), ["\u{1F600}", "é", "\u{0301}", "\n", "\t"],
        ]
        let length = Int(g.next() % UInt64(maxLength + 1))
        return String((0..<length).map { _ in
            let pool = pools[Int(g.next() % UInt64(pools.count))]
            return pool[Int(g.next() % UInt64(pool.count))]
        })
    }

    /// `text` with 1–3 random edits (replace, insert, delete, duplicate a slice).
    static func mutate(_ text: String, _ g: inout SplitMix64) -> String {
        var chars = Array(text)
        for _ in 0..<(1 + Int(g.next() % 3)) {
            let at = chars.isEmpty ? 0 : Int(g.next() % UInt64(chars.count))
            let filler = Array(randomText(&g, maxLength: 3))
            switch g.next() % 4 {
            case 0 where !chars.isEmpty: chars[at] = filler.first ?? "A"
            case 1: chars.insert(contentsOf: filler, at: at)
            case 2 where !chars.isEmpty: chars.remove(at: at)
            default: chars += chars[at..<min(at + 5, chars.count)]
            }
        }
        return String(chars)
    }

    @Test func shortCodeParserAcceptsOnlyWellFormedCodes() throws {
        var g = SplitMix64(seed: 1)
        var accepted = 0
        for i in 0..<Self.cases {
            let valid = ShortCode(signature: (0..<64).map { _ in UInt8(truncatingIfNeeded: g.next()) })
            let input = i % 2 == 0 ? Self.randomText(&g) : Self.mutate(valid.display, &g)
            do {
                let parsed = try ShortCode(parsing: input)
                accepted += 1
                #expect(parsed.symbols.count == 17)
                #expect(try ShortCode(parsing: parsed.display) == parsed)
            } catch is ConcordError {
            }
            // A single changed data symbol is always caught by the check symbol.
            var symbols = Array(valid.symbols)
            let at = Int(g.next() % 16)
            let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
            let replacement = alphabet[(alphabet.firstIndex(of: symbols[at])! + 1 + Int(g.next() % 31)) % 32]
            symbols[at] = replacement
            #expect(throws: ConcordError.self) { try ShortCode(parsing: String(symbols)) }
        }
        #expect(accepted < Self.cases / 10)
    }

    @Test func tokenAndCodeVerificationGiveOnlyDefinedOutcomes() throws {
        let (_, store, certificate) = try TamperTests.issued()
        var g = SplitMix64(seed: 2)
        let header = Base64.url(Array(#"{"alg":"EdDSA","kid":"0123456789abcdef","typ":"JWT"}"#.utf8))
        let parts = certificate.token.split(separator: ".").map(String.init)
        var outcomes: [VerificationOutcome: Int] = [:]
        for i in 0..<Self.cases {
            let token: String
            switch i % 4 {
            case 0: token = Self.mutate(certificate.token, &g)
            case 1: token = Self.randomText(&g, maxLength: 300)
            case 2: token = [header, parts[1], parts[2]].joined(separator: ".")
            default:
                let json = Self.mutate(#"{"alg":"EdDSA","kid":"\#(certificate.kid)","typ":"JWT"}"#, &g)
                token = [Base64.url(Array(json.utf8)), parts[1], parts[2]].joined(separator: ".")
            }
            let result = try store.verify(token: token)
            outcomes[result.outcome, default: 0] += 1
            if token != certificate.token { #expect(result.outcome != .valid, "\(token)") }
            let code = try store.verify(code: i % 2 == 0 ? Self.mutate(certificate.code, &g) : Self.randomText(&g))
            #expect([.malformed, .unknown, .valid].contains(code.outcome))
        }
        #expect(outcomes[.malformed, default: 0] > 0 && outcomes[.unknownKey, default: 0] > 0)
    }

    /// The importers with their required columns, and a valid file each mutation starts from.
    static let importers: [(name: String, required: [String], valid: String)] = [
        ("persons", ["name", "resident_id"],
         "name,resident_id,phone,education\n王伟,\(residentID(5)),13800000000,bachelor\n李娜,\(residentID(6)),,\n"),
        ("employers", ["name", "credit_code", "size", "region"],
         "name,credit_code,size,region\n杭州纺织有限公司,91110000600037341L,medium,杭州市/西湖区\n"),
        ("assessments", ["resident_id", "level", "body", "date"],
         "resident_id,level,body,date,theory,skills\n\(residentID(0)),4,EV,2025-03-01,70,80\n"),
    ]

    static func importFile(_ store: Store, _ name: String, _ document: CSVDocument) throws {
        switch name {
        case "persons": _ = try store.importPersons(document, dryRun: false)
        case "employers": _ = try store.importEmployers(document, dryRun: false)
        default: _ = try store.importAssessments(document, dryRun: false)
        }
    }

    @Test func csvImportersRefuseOrStoreCleanly() throws {
        let bench = try Bench()
        let store = try Setup.passed(bench, count: 1) { _ in nil }
        var g = SplitMix64(seed: 3)
        var imported = 0, refused = 0
        for i in 0..<Self.cases {
            let importer = Self.importers[i % Self.importers.count]
            var bytes = Array(Self.mutate(importer.valid, &g).utf8)
            if i % 5 == 0 {
                bytes.insert(contentsOf: [0xFF, 0xFE, 0x00, 0xC3], at: Int(g.next() % UInt64(bytes.count)))
            }
            if i % 7 == 0 { bytes += Array(String(repeating: "长", count: 5000).utf8) }
            let before = try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log") ?? 0 }
            do {
                let document = try CSVDocument(data: Data(bytes), source: "fuzz.csv", required: importer.required)
                try Self.importFile(store, importer.name, document)
                imported += 1
            } catch is ConcordError {
                refused += 1
                // A refused file wrote nothing.
                #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log") } == before)
            }
        }
        #expect(imported > 0 && refused > 0)
        #expect(try store.verifyAudit().isIntact)
        print("csv fuzz: \(Self.cases) files, \(imported) imported, \(refused) refused")
    }

    @Test(arguments: [
        "Robert'); DROP TABLE person;--", "王\u{0}伟", String(repeating: "张", count: 10_000), "' OR 1=1 --",
        "\u{202E}伟王", "a\"b,c\nd", "%s%n%x", "王伟",
    ])
    func hostileNamesAreStoredVerbatimOrRefused(_ name: String) throws {
        let store = try Store(inMemoryActor: "fuzz")
        let stored: String?
        do {
            let input = try PersonInput(name: PersonName(name), residentID: ResidentID(residentID(9)))
            stored = try store.savePerson(input).person.name
            // What was accepted is kept byte for byte (trimmed only), never interpreted.
            #expect(stored == name.trimmingSpaces())
        } catch is ConcordError {
            stored = nil
        }
        // Metacharacters and quotes are stored; NUL and control characters and oversized names are refused.
        let refusable = name.unicodeScalars.contains { $0.properties.generalCategory == .control } || name.count > 50
        #expect((stored == nil) == refusable)
        #expect(try store.read { db in try db.tableExists("person") })
        #expect(try store.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") } == ["ok"])
    }
}
