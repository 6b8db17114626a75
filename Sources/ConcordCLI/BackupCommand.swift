import ArgumentParser
import Storage

/// `concord backup --out FILE`: an online copy while others read and write.
struct BackupCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database to a new file with SQLite's online backup (safe while in use).",
        discussion: "The keys folder is not copied: back it up separately (see Docs/OPERATIONS.md).")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The new file to write (refused if it exists).") var out: String

    static var openMode: Store.Mode { .readOnly }

    func run(_ context: CommandContext) async throws {
        let summary = try context.store.backup(to: out)
        if context.json { return try context.printJSON(summary) }
        print("backed up to \(summary.file) (\(summary.bytes) bytes, integrity \(summary.integrity))")
    }
}
