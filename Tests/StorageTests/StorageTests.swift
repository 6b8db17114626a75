import Foundation
import GRDB
import Model
import Storage
import Testing

/// A temporary folder removed when the test ends.
final class TempDir {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("concord-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

@Suite struct StoreTests {
    @Test func migratesAnEmptyFileWithWALAndForeignKeys() throws {
        let dir = try TempDir()
        let store = try Store(path: dir.path("c.sqlite"), mode: .create)
        let facts = try store.read { db in
            [
                try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal",
                try Int.fetchOne(db, sql: "PRAGMA foreign_keys") == 1,
                try db.tableExists("person"),
                try db.tableExists("audit_log"),
                try Store.migrator().hasCompletedMigrations(db),
            ]
        }
        #expect(facts == [true, true, true, true, true])
    }

    @Test func refusesAMissingFolder() throws {
        let dir = try TempDir()
        #expect {
            _ = try Store(path: dir.path("nope/c.sqlite"), mode: .create)
        } throws: { ($0 as? ConcordError)?.what.contains("folder") == true }
    }

    @Test func refusesAFileThatIsNotSQLite() throws {
        let dir = try TempDir()
        let path = dir.path("notes.sqlite")
        try Data("hello, this is not a database at all".utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try Store(path: path)
        } throws: { ($0 as? ConcordError)?.what.contains("not an SQLite database") == true }
    }

    @Test func refusesAMissingDatabaseUnlessCreating() throws {
        let dir = try TempDir()
        #expect(throws: ConcordError.self) { try Store(path: dir.path("c.sqlite")) }
    }

    @Test func strictTablesEnforceRules() throws {
        let store = try Store(inMemoryActor: "t")
        #expect(throws: ConcordError.self) {
            try store.write { db in
                try db.execute(sql: """
                    INSERT INTO employer (credit_code, name, size_class, region, created_at, updated_at)
                    VALUES ('91110000600037341L', 'x', 'huge', '杭州市', '', '')
                    """)
            }
        }
    }
}

@Suite struct AuditLogTests {
    func storeWithRows(_ n: Int) throws -> Store {
        let store = try Store(inMemoryActor: "tester")
        for i in 1...n {
            try store.write { db in try store.audit(db, action: "test.step", entity: "thing:\(i)", details: ["i": i]) }
        }
        return store
    }

    @Test func chainVerifies() throws {
        let store = try storeWithRows(5)
        let result = try store.verifyAudit()
        #expect(result.isIntact)
        #expect(result.rows == 5)
    }

    @Test func anEditedRowIsNamed() throws {
        let store = try storeWithRows(5)
        try store.writer.write { db in try db.execute(sql: "UPDATE audit_log SET actor = 'mallory' WHERE id = 3") }
        let result = try store.verifyAudit()
        #expect(result.firstBrokenRow == 3)
    }

    @Test func aDeletedRowIsFound() throws {
        let store = try storeWithRows(5)
        try store.writer.write { db in try db.execute(sql: "DELETE FROM audit_log WHERE id = 2") }
        #expect(try store.verifyAudit().firstBrokenRow == 3)
    }

    @Test func swappedRowsAreFound() throws {
        let store = try storeWithRows(4)
        try store.writer.write { db in
            try db.execute(sql: "UPDATE audit_log SET id = 100 WHERE id = 2")
            try db.execute(sql: "UPDATE audit_log SET id = 2 WHERE id = 3")
            try db.execute(sql: "UPDATE audit_log SET id = 3 WHERE id = 100")
        }
        #expect(try store.verifyAudit().firstBrokenRow == 2)
    }

    @Test func aRolledBackChangeLeavesNoAuditRow() throws {
        let store = try storeWithRows(1)
        #expect(throws: ConcordError.self) {
            try store.write { db in
                try store.audit(db, action: "doomed", entity: "x")
                throw ConcordError("boom")
            }
        }
        #expect(try store.verifyAudit().rows == 1)
    }
}

@Suite struct CSVDocumentTests {
    let header = "name,resident_id\n"

    @Test func readsUTF8WithAndWithoutBOM() throws {
        let plain = try CSVDocument(data: Data((header + "张三,360426199101010071\n").utf8), source: "a.csv", required: ["name"])
        #expect(plain.encoding == .utf8)
        #expect(plain.rows[0]["name"] == "张三")
        let bom = try CSVDocument(
            data: Data([0xEF, 0xBB, 0xBF] + Array((header + "张三,1\n").utf8)), source: "b.csv", required: ["name"])
        #expect(bom.encoding == .utf8BOM)
        #expect(bom.header == ["name", "resident_id"])
    }

    @Test func readsGB18030() throws {
        // "张三" in GB18030 is D5 C5 C8 FD (what Excel on Chinese Windows writes).
        let bytes = Array(header.utf8) + [0xD5, 0xC5, 0xC8, 0xFD] + Array(",360426199101010071\r\n".utf8)
        let doc = try CSVDocument(data: Data(bytes), source: "gbk.csv", required: ["name", "resident_id"])
        #expect(doc.encoding == .gb18030)
        #expect(doc.rows[0]["name"] == "张三")
        #expect(doc.rows[0]["resident_id"] == "360426199101010071")
    }

    @Test func numbersLinesAcrossQuotedNewlines() throws {
        let text = header + "\"张\n三\",1\n李四,2\n\n王五,3\n"
        let doc = try CSVDocument(data: Data(text.utf8), source: "q.csv", required: ["name"])
        #expect(doc.rows.map(\.line) == [2, 4, 6])
        #expect(doc.rows[0]["name"] == "张\n三")
    }

    @Test func rejectsEmptyFilesAndMissingColumns() {
        #expect(throws: ConcordError.self) { try CSVDocument(data: Data(), source: "e.csv", required: []) }
        #expect(throws: ConcordError.self) { try CSVDocument(data: Data(header.utf8), source: "h.csv", required: []) }
        #expect {
            try CSVDocument(data: Data("name,phone\nx,1\n".utf8), source: "m.csv", required: ["resident_id"])
        } throws: { ($0 as? ConcordError)?.description == "the header lacks the column 'resident_id' (m.csv line 1)" }
    }

    @Test func flagsRowsWithTooManyFields() throws {
        let doc = try CSVDocument(data: Data((header + "a,1,extra\n").utf8), source: "w.csv", required: [])
        #expect(throws: ConcordError.self) { try doc.rows[0].checkWidth() }
    }
}
