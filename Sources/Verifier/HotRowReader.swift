import Foundation
import GRDBSQLite
import Model
import Synchronization

/// The verifier's hot query on plain read-only SQLite connections: the digest of a certificate's row (with its
/// key and compromise columns) by code. Measured per request, GRDB's pool checkout and its dispatch around one
/// indexed read cost more than the rest of the route (Docs/PERFORMANCE.md), so the one query that runs on every
/// request keeps its own connections, each with the statement prepared once. Everything else, including
/// deciding an answer when the digest is new, goes through the `Store`.
final class HotRowReader: Sendable {
    /// The query: every column that decides a code's answer (StoreVerificationService).
    static let sql = """
        SELECT c.*, k.kid AS key_kid, k.public_key AS key_public_key, k.created_at AS key_created_at,
               k.retired_at AS key_retired_at, k.active AS key_active, x.since AS key_compromised_since
        FROM certificate c
        LEFT JOIN signing_key k ON k.kid = c.kid
        LEFT JOIN signing_key_compromise x ON x.kid = c.kid
        WHERE c.code = ?
        """

    private let path: String
    private let idle = Mutex<[Connection]>([])

    /// A reader of the database file at `path`; nil when it cannot be opened that way (an in-memory store).
    init?(path: String) {
        guard path != ":memory:", let first = try? Connection(path: path) else { return nil }
        self.path = path
        idle.withLock { $0.append(first) }
    }

    /// The digest of the row of `code`, or nil when no certificate has it.
    func digest(code: String) throws -> [UInt8]? {
        let connection = try idle.withLock { $0.popLast() } ?? Connection(path: path)
        defer { idle.withLock { $0.append(connection) } }
        return try connection.digest(code: code)
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
            guard sqlite3_prepare_v2(db, HotRowReader.sql, -1, &statement, nil) == SQLITE_OK, let statement else {
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

        /// SHA-256 over every column, each as a type tag, a length and its bytes.
        func digest(code: String) throws -> [UInt8]? {
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
            return SHA256.digest(bytes)
        }
    }
}
