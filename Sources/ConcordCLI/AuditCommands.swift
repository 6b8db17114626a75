import ArgumentParser
import Foundation
import GRDB
import Model
import Storage

extension Concord {
    /// `concord audit verify|list`.
    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check and read the hash-chained audit log.",
            subcommands: [Verify.self, List.self])

        struct Verify: StoreCommand {
            static let configuration = CommandConfiguration(
                abstract: "Walk the audit chain and name the first broken row.")
            @OptionGroup var global: GlobalOptions

            func run(_ context: CommandContext) async throws {
                let result = try context.store.verifyAudit()
                if context.json { try context.printJSON(result) }
                if let row = result.firstBrokenRow {
                    throw ConcordError(
                        "the audit chain is broken: \(result.reason ?? "")", at: "audit_log row \(row)")
                }
                if !context.json { print("audit chain intact: \(result.rows) rows") }
            }
        }

        struct List: StoreCommand {
            static let configuration = CommandConfiguration(abstract: "Show the latest audit rows.")
            @OptionGroup var global: GlobalOptions
            @Option(help: "How many rows, newest first.") var limit = 20

            func run(_ context: CommandContext) async throws {
                let limit = self.limit
                let rows = try context.store.read { db in
                    try AuditEntry.order(Column("id").desc).limit(limit).fetchAll(db)
                }
                if context.json { return try context.printJSON(rows) }
                Output.printTable(
                    ["id", "at", "actor", "action", "entity"],
                    rows.map { [String($0.id), $0.at, $0.actor, $0.action, $0.entity] })
            }
        }
    }
}
