import GRDB
import GRDBSQLite

/// Rows inserted many to a statement (`INSERT … VALUES (…), (…), …`), their values bound straight into SQLite.
///
/// A statement run once per row pays SQLite's per-statement costs for every row: starting the program,
/// opening and closing a cursor on the table and on each index, and a statement journal when a foreign key or
/// an upsert asks for one. A statement of 512 rows pays them once per 512 rows. Text is copied once, into a
/// buffer that holds a statement's rows until it has run, and SQLite reads it from there (`SQLITE_STATIC`)
/// instead of copying every value into memory of its own.
///
/// Add a row's values in column order, then call `endRow()`; rows run when a statement's worth is waiting,
/// and `flush()` runs the rest. A failure throws the `DatabaseError` GRDB would, and undoes the whole statement
/// (the rows before it stay). Use it inside `Store.bulkWriting`, which keeps the statement journal of so many
/// rows in memory.
public final class RowBatch {
    private let db: Database
    private let head: String
    private let tail: String
    /// Values per row.
    public let width: Int
    /// Rows per statement.
    public let rowsPerStatement: Int
    /// Statements by their number of rows.
    private var statements: [Int: Statement] = [:]
    private var values: [Value] = []
    private var text: [UInt8] = []
    /// Rows added and not written yet: the rows a failing `endRow()` or `flush()` has undone.
    public private(set) var rowsWaiting = 0

    private enum Value {
        case null
        case integer(Int64)
        /// Bytes `start..<start + count` of `text`.
        case text(start: Int, count: Int)
    }

    /// Prepares to insert rows of `width` values with `head VALUES (?, …), … tail`, where `head` is
    /// `INSERT INTO table (columns)` and `tail` may hold an `ON CONFLICT` clause.
    public init(
        _ db: Database, insert head: String, width: Int, tail: String = "", rowsPerStatement: Int = 512
    ) throws {
        precondition(width > 0 && rowsPerStatement > 0)
        self.db = db
        self.head = head
        self.tail = tail
        self.width = width
        let variableLimit =
            db.sqliteConnection.map { Int(sqlite3_limit($0, SQLITE_LIMIT_VARIABLE_NUMBER, -1)) } ?? 999
        self.rowsPerStatement = max(1, min(rowsPerStatement, variableLimit / width))
        values.reserveCapacity(width * self.rowsPerStatement)
        _ = try statement(rows: self.rowsPerStatement)  // a mistake in the SQL shows before any row is added
    }

    /// The next value of the current row: text, or NULL when nil.
    public func add(_ value: String?) {
        guard var value else { return values.append(.null) }
        let start = text.count
        value.withUTF8 { text.append(contentsOf: $0) }
        values.append(.text(start: start, count: text.count - start))
    }

    /// The next value of the current row: an integer, or NULL when nil.
    public func add(_ value: Int64?) {
        values.append(value.map(Value.integer) ?? .null)
    }

    /// Ends the current row (it must have `width` values); runs a statement when one is full.
    public func endRow() throws {
        rowsWaiting += 1
        precondition(values.count == rowsWaiting * width, "a row of \(width) values")
        if rowsWaiting == rowsPerStatement { try flush() }
    }

    /// Inserts the rows still waiting.
    public func flush() throws {
        guard rowsWaiting > 0 else { return }
        let statement = try statement(rows: rowsWaiting)
        let handle = statement.sqliteStatement
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)  // no binding points into `text` once it changes
            values.removeAll(keepingCapacity: true)
            text.removeAll(keepingCapacity: true)
            rowsWaiting = 0
        }
        let code: Int32 = text.withUnsafeBufferPointer { bytes in
            let base = UnsafeRawPointer(bytes.baseAddress)?.assumingMemoryBound(to: CChar.self)
            for (i, value) in values.enumerated() {
                let index = Int32(i + 1)
                switch value {
                case .null:
                    sqlite3_bind_null(handle, index)
                case .integer(let number):
                    sqlite3_bind_int64(handle, index, number)
                case .text(let start, let count):
                    if let base, count > 0 {
                        sqlite3_bind_text(handle, index, base + start, Int32(count), nil)  // SQLITE_STATIC
                    } else {
                        sqlite3_bind_text(handle, index, "", 0, Self.transient)  // NULL is not ""
                    }
                }
            }
            return sqlite3_step(handle)
        }
        guard code == SQLITE_DONE || code == SQLITE_ROW else {
            let message = db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }

    private func statement(rows: Int) throws -> Statement {
        if let known = statements[rows] { return known }
        let row = "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
        let sql = head + " VALUES " + Array(repeating: row, count: rows).joined(separator: ", ") + " " + tail
        let statement = try db.makeStatement(sql: sql)
        statements[rows] = statement
        return statement
    }

    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
}
