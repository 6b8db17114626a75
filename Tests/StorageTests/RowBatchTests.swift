import GRDB
import Storage
import Testing

/// `RowBatch` writes exactly the rows it was given, whatever the statement boundaries, and a failing statement
/// undoes only its own rows.
@Suite struct RowBatchTests {
    struct Row: Equatable {
        var text: String?
        var number: Int64?
    }

    static let rows: [Row] = [
        Row(text: "张三", number: 1), Row(text: "", number: nil), Row(text: nil, number: -7),
        Row(text: "a'b\"c?", number: Int64.max), Row(text: "e\u{301}", number: 0),
        Row(text: String(repeating: "长", count: 3000), number: 2), Row(text: "x", number: 3),
    ]

    func table() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (k INTEGER PRIMARY KEY, text TEXT, number INTEGER UNIQUE)")
        }
        return queue
    }

    func fetch(_ queue: DatabaseQueue) throws -> [Row] {
        try queue.read { db in
            try GRDB.Row.fetchAll(db, sql: "SELECT text, number FROM t ORDER BY k").map {
                Row(text: $0["text"], number: $0["number"])
            }
        }
    }

    @Test(arguments: [1, 2, 3, 7, 512])
    func writesEveryRowInOrderAcrossStatements(rowsPerStatement: Int) throws {
        let queue = try table()
        try queue.write { db in
            let batch = try RowBatch(
                db, insert: "INSERT INTO t (text, number)", width: 2, rowsPerStatement: rowsPerStatement)
            for row in Self.rows {
                batch.add(row.text)
                batch.add(row.number)
                try batch.endRow()
            }
            try batch.flush()
            try batch.flush()  // nothing waiting: nothing happens
        }
        let written = try fetch(queue)
        #expect(written.count == Self.rows.count)
        #expect(written == Self.rows)
        // The empty text is text, not NULL.
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM t WHERE text = ''") } == 1)
    }

    @Test func aFailingStatementUndoesOnlyItsOwnRows() throws {
        let queue = try table()
        try queue.write { db in
            let batch = try RowBatch(db, insert: "INSERT INTO t (text, number)", width: 2, rowsPerStatement: 2)
            for (text, number) in [("a", 1), ("b", 2), ("c", 3), ("d", 1)] as [(String, Int64)] {
                batch.add(text)
                batch.add(number)
                if number == 1 && text == "d" {
                    #expect(throws: DatabaseError.self) { try batch.endRow() }  // "c" and "d" go together
                } else {
                    try batch.endRow()
                }
            }
            // The batch is empty again and goes on.
            batch.add("e")
            batch.add(Int64(5))
            try batch.endRow()
            try batch.flush()
        }
        #expect(try fetch(queue) == [Row(text: "a", number: 1), Row(text: "b", number: 2), Row(text: "e", number: 5)])
    }

    @Test func anUpsertTailApplies() throws {
        let queue = try table()
        try queue.write { db in
            let batch = try RowBatch(
                db, insert: "INSERT INTO t (text, number)", width: 2,
                tail: "ON CONFLICT(number) DO UPDATE SET text = excluded.text", rowsPerStatement: 3)
            for (text, number) in [("a", 1), ("b", 2), ("c", 1), ("d", 2)] as [(String, Int64)] {
                batch.add(text)
                batch.add(number)
                try batch.endRow()
            }
            try batch.flush()
        }
        #expect(try fetch(queue) == [Row(text: "c", number: 1), Row(text: "d", number: 2)])
    }

    @Test func aMistakeInTheSQLShowsAtOnce() throws {
        let queue = try table()
        try queue.write { db in
            #expect(throws: DatabaseError.self) {
                _ = try RowBatch(db, insert: "INSERT INTO nowhere (text, number)", width: 2)
            }
        }
    }

    @Test func bulkWritingPutsTheSettingsBack() throws {
        let queue = try DatabaseQueue()
        let settings = { (db: Database) in
            [try Int.fetchOne(db, sql: "PRAGMA cache_size"), try Int.fetchOne(db, sql: "PRAGMA temp_store")]
        }
        try queue.inDatabase { db in
            let before = try settings(db)
            let during = try Store.bulkWriting(db) { try settings(db) }
            #expect(during == [-Store.bulkPageCacheKiB, 2])
            #expect(try settings(db) == before)
        }
    }
}
