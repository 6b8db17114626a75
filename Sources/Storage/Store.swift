import ConcordMigrations
import Foundation
import GRDB
import Model

/// The Concord database: one SQLite file opened as a WAL `DatabasePool`, migrated on open.
///
/// Every command and the verifier reach the data through one `Store`. A unit of work is one `write`
/// transaction; feature modules add their operations as extensions that take the `Database` of that
/// transaction, so work spanning modules still commits or rolls back as one.
public final class Store: Sendable {
    /// The connection pool (or queue, for in-memory tests).
    public let writer: any DatabaseWriter
    /// The path of the database file (`:memory:` for an in-memory store).
    public let path: String
    /// The name recorded in the audit log for writes made through this store.
    public let actor: String

    /// How an existing file is opened.
    public enum Mode: Sendable {
        /// Create the file when missing, then migrate (`concord init`, `concord demo`).
        case create
        /// The file must exist; migrate it to the current schema.
        case existing
        /// The file must exist and is never written (the public verifier).
        case readOnly
    }

    /// The page cache, in KiB, of a long write transaction (an import, a batch of certificates): a limit, not an
    /// allocation. With SQLite's default 2 MB such a transaction writes pages to the WAL before it commits to
    /// make room, and many of them again later.
    public static let bulkPageCacheKiB = 262_144

    /// Runs `body` on `db`, outside any transaction, with the settings of a long write (`BulkSettings`), then
    /// puts the connection's settings back.
    public static func bulkWriting<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        let previous = try BulkSettings.apply(db)
        defer { previous.restore(db) }
        return try body()
    }

    /// The settings of a connection during a long write, which `apply` sets and `restore` undoes: a page cache
    /// of `bulkPageCacheKiB`, and statement journals in memory (`temp_store = MEMORY`). A statement that writes
    /// many rows (`RowBatch`) keeps a copy of each page it changes until it ends, so that it can be undone
    /// alone; past 64 KiB SQLite would spill those copies to a temporary file, one `pwrite` per page (340 000
    /// of them in an import of 100 000 people).
    public struct BulkSettings: Sendable {
        private let cacheSize: Int
        private let tempStore: Int

        /// Sets the bulk settings on `db` (outside any transaction) and returns the ones they replace.
        public static func apply(_ db: Database) throws -> BulkSettings {
            let previous = BulkSettings(
                cacheSize: try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000,
                tempStore: try Int.fetchOne(db, sql: "PRAGMA temp_store") ?? 0)
            try db.execute(sql: "PRAGMA cache_size = -\(bulkPageCacheKiB)")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            return previous
        }

        /// Puts these settings back on `db`.
        public func restore(_ db: Database) {
            try? db.execute(sql: "PRAGMA temp_store = \(tempStore)")
            try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)")
        }
    }

    /// Opens (and migrates) the database at `path`.
    public init(path: String, actor: String = "concord", mode: Mode = .existing) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            throw ConcordError("the folder for the database does not exist", at: folder)
        }
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists && mode != .create {
            throw ConcordError("no database at \(path); run 'concord init' first", at: path)
        }
        if exists {
            try Store.checkHeader(path)
        }
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        config.readonly = mode == .readOnly
        config.journalMode = mode == .readOnly ? .default : .wal
        config.prepareDatabase { db in
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
        }
        self.path = path
        self.actor = actor
        do {
            let pool = try DatabasePool(path: path, configuration: config)
            writer = pool
            if mode != .readOnly {
                try Store.migrator().migrate(pool)
            } else {
                try pool.read { db in try Store.checkMigrated(db) }
            }
        } catch let error as DatabaseError {
            throw ConcordError("cannot open the database: \(error.message ?? error.description)", at: path)
        }
    }

    /// An in-memory store with the full schema, for tests.
    public init(inMemoryActor actor: String = "test") throws {
        var config = Configuration()
        config.foreignKeysEnabled = true
        let queue = try DatabaseQueue(configuration: config)
        try Store.migrator().migrate(queue)
        writer = queue
        path = ":memory:"
        self.actor = actor
    }

    /// The migrator over every shipped `Migrations/sql/NNNN_*.sql` file, in order.
    public static func migrator() throws -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for file in try MigrationFiles.all() {
            migrator.registerMigration(file.identifier) { db in
                try db.execute(sql: file.sql)
            }
        }
        return migrator
    }

    /// Runs `body` in one write transaction; any thrown error rolls everything back.
    public func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        do {
            return try writer.write(body)
        } catch let error as DatabaseError {
            throw StoreErrors.userFacing(error, path: path)
        }
    }

    /// Runs `body` in one read transaction (a consistent snapshot).
    public func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        do {
            return try writer.read(body)
        } catch let error as DatabaseError {
            throw StoreErrors.userFacing(error, path: path)
        }
    }

    /// Refuses a file that is not an SQLite database before SQLite says something less clear.
    private static func checkHeader(_ path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ConcordError("cannot read the database file", at: path)
        }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        if header.isEmpty { return }  // an empty file becomes a new database
        guard header.count == 16, String(decoding: header.prefix(15), as: UTF8.self) == "SQLite format 3" else {
            throw ConcordError("the file is not an SQLite database", at: path)
        }
    }

    private static func checkMigrated(_ db: Database) throws {
        guard try Store.migrator().hasCompletedMigrations(db) else {
            throw ConcordError("the database is not at the current schema; run any write command to migrate it")
        }
    }
}

/// Turns SQLite errors the user can cause into `ConcordError`s.
package enum StoreErrors {
    package static func userFacing(_ error: DatabaseError, path: String) -> ConcordError {
        let message = error.message ?? error.description
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return ConcordError("the database stayed busy for 10 s; another process is writing", at: path)
        case .SQLITE_READONLY:
            return ConcordError("the database is read-only", at: path)
        case .SQLITE_CONSTRAINT:
            return ConcordError("the change breaks a database rule: \(message)", at: path)
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return ConcordError("the file is not a healthy SQLite database: \(message)", at: path)
        default:
            return ConcordError("database error: \(message)", at: path)
        }
    }
}
