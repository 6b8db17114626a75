import ArgumentParser
import Foundation

/// Options every command takes: where the data is, who is acting, and how to print.
public struct GlobalOptions: ParsableArguments, Sendable {
    @Option(name: .long, help: "The database file (env CONCORD_DB, default ./concord.sqlite).")
    public var db: String?

    @Option(name: .long, help: "The keys folder (env CONCORD_KEYS, default keys/ beside the database).")
    public var keys: String?

    @Flag(name: .long, help: "Print JSON for scripts instead of a table.")
    public var json = false

    @Option(name: .long, help: "The name recorded in the audit log (env CONCORD_ACTOR, default the login name).")
    public var actor: String?

    public init() {}

    /// The database path after flags and environment.
    public var databasePath: String {
        db ?? ProcessInfo.processInfo.environment["CONCORD_DB"] ?? "./concord.sqlite"
    }

    /// The keys folder after flags and environment.
    public var keysPath: String {
        if let keys { return keys }
        if let env = ProcessInfo.processInfo.environment["CONCORD_KEYS"] { return env }
        return URL(fileURLWithPath: databasePath).deletingLastPathComponent().appendingPathComponent("keys").path
    }

    /// The audit actor after flags and environment.
    public var actorName: String {
        let env = ProcessInfo.processInfo.environment
        return actor ?? env["CONCORD_ACTOR"] ?? env["USER"] ?? env["LOGNAME"] ?? NSUserName()
    }
}
