import Foundation

/// The numbered SQL migrations shipped inside the binary, in the order they apply.
public enum MigrationFiles {
    /// One migration: its identifier (the file name without `.sql`) and its SQL text.
    public struct File: Sendable {
        public let identifier: String
        public let sql: String
    }

    /// Every `NNNN_name.sql` file in the resource folder, sorted by name.
    public static func all() throws -> [File] {
        guard let folder = Bundle.module.url(forResource: "sql", withExtension: nil) else {
            return []
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".sql") }
            .sorted()
        return try names.map { name in
            let sql = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            return File(identifier: String(name.dropLast(4)), sql: sql)
        }
    }
}
