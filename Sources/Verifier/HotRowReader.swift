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
///
/// While the file has not changed at all, not even that read is needed. Each connection asks SQLite's
/// `PRAGMA data_version` first, which changes whenever another connection (of any process) has committed since
/// this connection last asked. The reader keeps an **epoch**, bumped by any connection that sees such a change;
/// an answer checked against the file at epoch E still holds while the epoch is E. The epoch is read before
/// `data_version`, so an answer is never dated later than the look at the file that confirmed it.
final class HotRowReader: Sendable {
    private let path: String
    private let idle = Mutex<[Connection]>([])
    private let epoch = Atomic<Int>(0)

    /// A reader of the database file at `path`; nil when it cannot be opened that way (an in-memory store).
    init?(path: String) {
        guard path != ":memory:", let first = try? Connection(path: path) else { return nil }
        self.path = path
        idle.withLock { $0.append(first) }
    }

    /// The answer for `code` (nil when no certificate has it). `current(epoch)` returns the answer checked at
    /// `epoch`, if any: it is used as it is when the file has not changed since. Otherwise the row is read:
    /// `known(digest)` returns the answer already decided for that digest, if any, and `decide` gets the row
    /// itself when there is none.
    func lookup<Answer>(
        code: String, current: (Int) -> Answer?, known: ([UInt8]) -> Answer?, decide: (Row) throws -> Answer
    ) throws -> Lookup<Answer>? {
        let connection = try idle.withLock { $0.popLast() } ?? Connection(path: path)
        defer { idle.withLock { $0.append(connection) } }
        let seen = epoch.load(ordering: .acquiring)
        if try connection.fileChanged() {
            epoch.wrappingAdd(1, ordering: .acquiringAndReleasing)
        } else if let answer = current(seen) {
            return Lookup(answer: answer, digest: nil, epoch: seen)
        }
        guard let (digest, answer) = try connection.lookup(code: code, known: known, decide: decide) else {
            return nil
        }
        return Lookup(answer: answer, digest: digest, epoch: seen)
    }

    /// What a lookup found: the answer, the digest of the row when it was read, and the epoch the answer was
    /// checked at.
    struct Lookup<Answer> {
        let answer: Answer
        let digest: [UInt8]?
        let epoch: Int
    }

    /// One read-only connection and its prepared statement, used by one request at a time.
    private final class Connection: @unchecked Sendable {
        private let db: OpaquePointer
        private let statement: OpaquePointer
        private let dataVersion: OpaquePointer
        /// `PRAGMA data_version` when this connection last asked; nil before the first time.
        private var lastVersion: Int64?

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
            var dataVersion: OpaquePointer?
            guard sqlite3_prepare_v2(db, "PRAGMA data_version", -1, &dataVersion, nil) == SQLITE_OK, let dataVersion
            else {
                sqlite3_finalize(statement)
                sqlite3_close(db)
                throw ConcordError("cannot prepare PRAGMA data_version", at: path)
            }
            self.db = db
            self.statement = statement
            self.dataVersion = dataVersion
        }

        deinit {
            sqlite3_finalize(statement)
            sqlite3_finalize(dataVersion)
            sqlite3_close(db)
        }

        /// Whether any other connection has committed since this one last asked (always true the first time).
        func fileChanged() throws -> Bool {
            defer { sqlite3_reset(dataVersion) }
            guard sqlite3_step(dataVersion) == SQLITE_ROW else {
                throw ConcordError("PRAGMA data_version failed: \(String(cString: sqlite3_errmsg(db)))")
            }
            let version = sqlite3_column_int64(dataVersion, 0)
            defer { lastVersion = version }
            return version != lastVersion
        }

        /// The row's digest and answer (from `known`, or else `decide`d); nil when no certificate has `code`.
        /// The digest is SHA-256 over every column, each as a type tag, a length and its bytes.
        func lookup<Answer>(
            code: String, known: ([UInt8]) -> Answer?, decide: (Row) throws -> Answer
        ) throws -> ([UInt8], Answer)? {
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
            return (digest, try known(digest) ?? decide(row()))
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
