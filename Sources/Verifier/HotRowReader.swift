import Certification
import Foundation
import GRDB
import GRDBSQLite
import Model
import Synchronization

/// The verifier's query on plain read-only SQLite connections: a certificate's row with its key and compromise
/// columns (`Verification.joinedRowSQL`), by code. Measured per request, GRDB's pool checkout and its dispatch
/// around one indexed read cost more than the rest of the route (Docs/PERFORMANCE.md), so the one query that
/// runs on every request keeps its own connections, each with the statement prepared once. A known row is
/// recognised by its digest; a new one is handed over as a GRDB `Row` to be decided without another read.
final class HotRowReader: Sendable {
    private let path: String
    private let idle = Mutex<[Connection]>([])

    /// A reader of the database file at `path`; nil when it cannot be opened that way (an in-memory store).
    init?(path: String) {
        guard path != ":memory:", let first = try? Connection(path: path) else { return nil }
        self.path = path
        idle.withLock { $0.append(first) }
    }

    /// Reads the row of `code` (nil when no certificate has it): `known` gets the row's digest and returns
    /// the answer already decided for it, if any; otherwise `decide` gets the row itself.
    func lookup<Answer>(
        code: String, known: ([UInt8]) -> Answer?, decide: (Row) throws -> Answer
    ) throws -> Lookup<Answer>? {
        let connection = try idle.withLock { $0.popLast() } ?? Connection(path: path)
        defer { idle.withLock { $0.append(connection) } }
        return try connection.lookup(code: code, known: known, decide: decide)
    }

    /// What a lookup found: the row's digest, its answer and whether `decide` made it.
    struct Lookup<Answer> {
        let digest: [UInt8]
        let answer: Answer
        let isNew: Bool
    }

    /// One read-only connection and its prepared statement, used by one request at a time.
    private final class Connection: @unchecked Sendable {
        private let db: OpaquePointer
        private let statement: OpaquePointer

        init(path: String) throws {
            var db: OpaquePointer?
            guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK,
                  let db
            else {
                sqlite3_close(db)
                throw ConcordError("cannot open the database for reading", at: path)
            }
            sqlite3_busy_timeout(db, 10_000)
            var statement: OpaquePointer?
            guard sqlite3_prepare_v2(db, Verification.joinedRowSQL, -1, &statement, nil) == SQLITE_OK, let statement else {
                let message = String(cString: sqlite3_errmsg(db))
                sqlite3_close(db)
                throw ConcordError("cannot prepare the verification query: \(message)", at: path)
            }
            self.db = db
            self.statement = statement
        }

        deinit {
            sqlite3_finalize(statement)
            sqlite3_close(db)
        }

        /// The digest is SHA-256 over every column, each as a type tag, a length and its bytes.
        func lookup<Answer>(
            code: String, known: ([UInt8]) -> Answer?, decide: (Row) throws -> Answer
        ) throws -> Lookup<Answer>? {
            defer {
                sqlite3_reset(statement)
                sqlite3_clear_bindings(statement)
            }
            let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
            sqlite3_bind_text(statement, 1, code, -1, transient)
            switch sqlite3_step(statement) {
            case SQLITE_DONE: return nil
            case SQLITE_ROW: break
            default: throw ConcordError("the verification query failed: \(String(cString: sqlite3_errmsg(db)))")
            }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(1024)
            func append(_ n: Int64) { withUnsafeBytes(of: n.littleEndian) { bytes.append(contentsOf: $0) } }
            for i in 0..<sqlite3_column_count(statement) {
                switch sqlite3_column_type(statement, i) {
                case SQLITE_NULL: bytes.append(0)
                case SQLITE_INTEGER:
                    bytes.append(1)
                    append(sqlite3_column_int64(statement, i))
                case SQLITE_FLOAT:
                    bytes.append(2)
                    append(Int64(bitPattern: sqlite3_column_double(statement, i).bitPattern))
                default:
                    // TEXT and BLOB: their bytes as stored.
                    bytes.append(sqlite3_column_type(statement, i) == SQLITE_TEXT ? 3 : 4)
                    let count = Int(sqlite3_column_bytes(statement, i))
                    append(Int64(count))
                    if count > 0, let pointer = sqlite3_column_blob(statement, i) {
                        bytes.append(contentsOf: UnsafeRawBufferPointer(start: pointer, count: count))
                    }
                }
            }
            let digest = SHA256.digest(bytes)
            if let answer = known(digest) { return Lookup(digest: digest, answer: answer, isNew: false) }
            return Lookup(digest: digest, answer: try decide(row()), isNew: true)
        }

        /// The current row as a GRDB `Row`, by column name.
        private func row() -> Row {
            var values: [String: (any DatabaseValueConvertible)?] = [:]
            for i in 0..<sqlite3_column_count(statement) {
                let name = String(cString: sqlite3_column_name(statement, i))
                switch sqlite3_column_type(statement, i) {
                case SQLITE_NULL: values[name] = .some(nil)
                case SQLITE_INTEGER: values[name] = sqlite3_column_int64(statement, i)
                case SQLITE_FLOAT: values[name] = sqlite3_column_double(statement, i)
                case SQLITE_TEXT:
                    let count = Int(sqlite3_column_bytes(statement, i))
                    let bytes = UnsafeBufferPointer(start: sqlite3_column_text(statement, i), count: count)
                    values[name] = String(decoding: bytes, as: UTF8.self)
                default:
                    let count = Int(sqlite3_column_bytes(statement, i))
                    values[name] = sqlite3_column_blob(statement, i).map { Data(bytes: $0, count: count) } ?? Data()
                }
            }
            return Row(values)
        }
    }
}
