import Foundation
import GRDBSQLite

/// Copies the WAL into the database file on a connection and thread of its own while a long run of write
/// transactions goes on (batch issuance), so that the copying and its fsyncs overlap the run instead of all
/// happening when the store closes. Checkpoints are passive: they never wait for the writer or block it, and a
/// checkpoint that cannot run is simply left to the next one (or to the close), so nothing depends on them.
public final class BackgroundCheckpointer: @unchecked Sendable {
    private let queue = DispatchQueue(label: "concord.checkpoint")
    private let db: OpaquePointer?
    private let lock = NSLock()
    /// Guarded by `lock`: a checkpoint is queued and has not started yet.
    private var queued = false

    /// A checkpointer for the database file at `path`; it does nothing for an in-memory store or a file it
    /// cannot open for writing.
    public init(path: String) {
        var db: OpaquePointer?
        if path == ":memory:"
            || sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) != SQLITE_OK
        {
            sqlite3_close(db)
            db = nil
        }
        // A connection finds the file in WAL mode on its first read; until then a checkpoint does nothing.
        if let open = db, sqlite3_exec(open, "SELECT count(*) FROM sqlite_schema", nil, nil, nil) != SQLITE_OK {
            sqlite3_close(open)
            db = nil
        }
        self.db = db
    }

    deinit {
        queue.sync {}
        sqlite3_close(db)
    }

    /// Starts a passive checkpoint, unless one is already waiting to start.
    public func request() {
        guard db != nil else { return }
        lock.lock()
        defer { lock.unlock() }
        guard !queued else { return }
        queued = true
        queue.async {
            self.lock.lock()
            self.queued = false
            self.lock.unlock()
            _ = sqlite3_wal_checkpoint_v2(self.db, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        }
    }

    /// Waits until the checkpoints requested so far have run.
    public func finish() {
        queue.sync {}
    }
}
