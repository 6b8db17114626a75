import Catalog
import Foundation
import GRDB
import Model
import Storage
import Testing

/// `person import` of files large enough to be parsed and checked in several pieces on several cores: the
/// reports, the line numbers and what is written must be what a one-piece reading gives.
@Suite struct PersonImportTests {
    /// A valid resident ID, different for every `n` below 1 000 000.
    static func residentID(_ n: Int) -> String {
        let born = Day(year: 1980, month: 1, day: 1).map { $0.adding(days: n / 1000) } ?? Day.epoch
        let seventeen = "330106" + born.description.replacingOccurrences(of: "-", with: "")
            + String(repeating: "0", count: 3 - String(n % 1000).count) + String(n % 1000)
        let digits = seventeen.utf8.map { Int($0) - 0x30 }
        return seventeen + String(ResidentID.checkCharacter(digits))
    }

    func store() throws -> Store {
        let store = try Store(inMemoryActor: "t")
        _ = try store.importEmployers(
            try document(employerHeader + "杭州纺织有限公司,91110000600037341L,medium,杭州市/西湖区/文新街道,\n"),
            dryRun: false)
        return store
    }

    /// `count` good rows; every fifth has a major on two lines, so line numbers and row numbers drift apart.
    func rows(_ count: Int) -> [String] {
        (0..<count).map { i in
            let major = i % 5 == 0 ? "\"机械\n制造\"" : "法学"
            return "张\(i),\(Self.residentID(i)),13800000000,91110000600037341L,bachelor,\(major),2015-07-01\n"
        }
    }

    /// The line each row of `rows` starts on.
    func lines(_ count: Int) -> [Int] {
        var line = 2
        return (0..<count).map { i in
            defer { line += i % 5 == 0 ? 2 : 1 }
            return line
        }
    }

    func importing(
        _ text: String, into store: Store, chunkBytes: Int, parsing: CSVDocument.Parsing = .atOnce
    ) throws -> ImportSummary {
        let document = try CSVDocument(
            data: Data(text.utf8), source: "p.csv", required: ["name", "resident_id"], chunkBytes: chunkBytes,
            parsing: parsing)
        return try store.importPersons(document, dryRun: false)
    }

    @Test(arguments: [1024, CSVDocument.defaultChunkBytes], [CSVDocument.Parsing.atOnce, .whileReading])
    func importsEveryRowInFileOrder(chunkBytes: Int, parsing: CSVDocument.Parsing) throws {
        let store = try store()
        let summary = try importing(
            personHeader + rows(6000).joined(), into: store, chunkBytes: chunkBytes, parsing: parsing)
        #expect(summary == ImportSummary(created: 6000, updated: 0))
        let (ids, majors, employers) = try store.read { db in
            (
                try String.fetchAll(db, sql: "SELECT resident_id FROM person ORDER BY id"),
                try String.fetchAll(db, sql: "SELECT major FROM person ORDER BY id"),
                try Int.fetchOne(db, sql: "SELECT count(employer_id) FROM person")
            )
        }
        #expect(ids == (0..<6000).map(Self.residentID))
        #expect(majors[5] == "机械\n制造" && majors[6] == "法学")
        #expect(employers == 6000)
        #expect(try store.verifyAudit().isIntact)
    }

    @Test(arguments: [CSVDocument.Parsing.atOnce, .whileReading])
    func reportsBadRowsInEveryPieceByLineAndWritesNothing(parsing: CSVDocument.Parsing) throws {
        let store = try store()
        let before = try snapshot(store)
        var rows = rows(6000)
        let at = lines(6000)
        // The replaced rows are one line each, like the rows they replace.
        rows[1] = "张1,\(Self.residentID(1)),,,phd,,\n"
        rows[2999] = "张2999,330106198001010001,,,,,\n"  // wrong check character
        rows[4501] = "张4501,\(Self.residentID(10)),,,,,\n"  // the ID of row 10
        rows[5999] = "张5999,\(Self.residentID(5999)),,91330106MA2B00000U,,,\n"
        var reported: [String] = []
        do {
            _ = try importing(personHeader + rows.joined(), into: store, chunkBytes: 1024, parsing: parsing)
        } catch let error as ConcordError {
            #expect(error.what == "4 bad rows; nothing was written")
            reported = error.details
        }
        #expect(reported.count == 4)
        #expect(reported[0].hasPrefix("line \(at[1]): education phd"))
        #expect(reported[1].hasPrefix("line \(at[2999]): resident ID 330106198001010001 has a wrong check character"))
        #expect(reported[2] == "line \(at[4501]): resident ID 330106********\(Self.residentID(10).suffix(4)) "
            + "already appears on line \(at[10])")
        #expect(reported[3] == "line \(at[5999]): no employer has the credit code 91330106MA2B00000U")
        #expect(try snapshot(store) == before)
    }

    @Test func reimportUpdatesAndCountsAcrossPieces() throws {
        let store = try store()
        _ = try importing(personHeader + rows(3000).joined(), into: store, chunkBytes: 4096)
        let summary = try importing(personHeader + rows(5000).joined(), into: store, chunkBytes: 4096)
        #expect(summary == ImportSummary(created: 2000, updated: 3000))
        #expect(try store.read { db in try Person.fetchCount(db) } == 5000)
    }

    @Test(arguments: [CSVDocument.Parsing.atOnce, .whileReading])
    func aRuleOnlySQLiteChecksFailsTheWholeImport(parsing: CSVDocument.Parsing) throws {
        // 30 characters of e + combining acute accent: 30 characters for the name rule, 60 code points for
        // SQLite's length(name) <= 50; the row passes the checks and the insert itself must fail cleanly.
        let store = try store()
        let before = try snapshot(store)
        let name = String(repeating: "e\u{301}", count: 30)
        let text = personHeader + rows(10).joined() + "\(name),\(Self.residentID(500)),,,,,\n"
        #expect {
            _ = try importing(text, into: store, chunkBytes: 64, parsing: parsing)
        } throws: { error in
            (error as? ConcordError)?.description.contains("the change breaks a database rule") == true
        }
        #expect(try snapshot(store) == before)
    }
}

/// The import skips SQLite's CHECKs on `person` when `PersonInput` proves that they hold; that proof knows
/// exactly these CHECKs, so a migration that adds or changes one must fail here until the proof is updated.
@Suite struct PersonTableChecksTests {
    @Test func theImportKnowsEveryCheckOfThePersonTable() throws {
        let store = try Store(inMemoryActor: "t")
        let (sql, triggers) = try store.read { db in
            (
                try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'person'"),
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'person'")
            )
        }
        let table = try #require(sql)
        #expect(triggers == 0)
        #expect(table.components(separatedBy: "CHECK").count - 1 == 4)
        #expect(table.contains("CHECK (length(resident_id) = 18)"))
        #expect(table.contains("CHECK (length(name) BETWEEN 1 AND 50)"))
        #expect(table.contains("CHECK (related_work_since IS NULL OR related_work_since GLOB"))
        let list = try #require(table.range(of: "CHECK (education IN").map { table[$0.upperBound...] })
        let listed = list.prefix { $0 != ")" }.split(separator: "'").enumerated().filter { $0.offset % 2 == 1 }
        #expect(listed.map { String($0.element) } == Education.allCases.map(\.rawValue))
    }
}
