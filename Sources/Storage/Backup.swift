import Foundation
import GRDB
import Model

/// What `concord backup` wrote.
public struct BackupSummary: Codable, Sendable, Equatable {
    /// The copy's path.
    public var file: String
    /// Its size in bytes.
    public var bytes: Int64
    /// `PRAGMA integrity_check` of the copy (`ok`).
    public var integrity: String
}

extension Store {
    /// Copies the database to a new file at `path` with SQLite's online backup API, from one read snapshot,
    /// so writers and the verifier keep running. Refuses an existing file; a failed copy is removed.
    public func backup(to path: String) throws -> BackupSummary {
        let url = URL(fileURLWithPath: path)
        guard !FileManager.default.fileExists(atPath: path) else {
            throw ConcordError("the file already exists; choose a new name", at: path)
        }
        let folder = url.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder) else {
            throw ConcordError("the folder does not exist", at: folder)
        }
        do {
            let integrity: String = try {
                let copy = try DatabaseQueue(path: path)
                try writer.backup(to: copy)
                // The copy carries the WAL flag of its source; fold it into one self-contained file.
                try copy.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA journal_mode = DELETE")
                }
                return try copy.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
            }()
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let size = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
            return BackupSummary(file: path, bytes: size, integrity: integrity)
        } catch let error as DatabaseError {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                try? FileManager.default.removeItem(atPath: path + suffix)
            }
            throw StoreErrors.userFacing(error, path: path)
        }
    }
}
