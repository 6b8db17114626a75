import ArgumentParser
import Coverage
import Foundation
import Model
import Storage

/// `concord contact record|import|due`.
struct ContactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact", abstract: "Duty contacts of park/township coordinators and the county bureau.",
        subcommands: [Record.self, Import.self, Due.self])

    struct Record: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a contact, on-site guidance or county-bureau guidance of an enterprise coordinator.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "contact, on-site or bureau-guidance.") var kind = "contact"
        @Option(help: "The day (YYYY-MM-DD).") var on: String
        @Option(help: "Resident ID of the park/township coordinator (or county-bureau staff).") var by: String
        @Option(help: "Resident ID of the enterprise coordinator.") var with: String
        @Option(help: "Employer's credit code, when the enterprise coordinator serves several.") var employer: String?
        @Option(help: "A note.") var note = ""
        func run(_ context: CommandContext) async throws {
            let input = try ContactInput(
                kind: try Parse.option("--kind") { try ContactKind(kind) },
                on: try Parse.option("--on") { try Day(on) },
                by: try Parse.option("--by") { try ResidentID(by) },
                with: try Parse.option("--with") { try ResidentID(with) },
                employer: try Parse.option("--employer", employer, CreditCode.init), note: note)
            let record = try context.store.recordContact(input)
            if context.json { return try context.printJSON(record) }
            print("contact \(record.id ?? 0) recorded: \(input.kind.rawValue) on \(input.on)")
        }
    }

    struct Import: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import contacts from CSV (kind,on,by,with[,employer,note]); all or nothing.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The CSV file (UTF-8, UTF-8 with BOM, or GB18030).") var file: String
        @Flag(name: .customLong("dry-run"), help: "Check every row, write nothing.") var dryRun = false
        func run(_ context: CommandContext) async throws {
            let document = try CSVDocument(path: file, required: ["kind", "on", "by", "with"])
            let summary = try context.store.importContacts(document, dryRun: dryRun)
            try printImport(summary, context: context, noun: "contacts", dryRun: dryRun)
        }
    }

    struct Due: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "List overdue duties: monthly contact, quarterly on-site guidance, yearly bureau guidance.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The day to check (default today).") var on: String?
        @Option(help: "Only employers under this region path.") var region: String?
        func run(_ context: CommandContext) async throws {
            let day = try Parse.option("--on", on, Day.init) ?? Day.today()
            let due = try context.store.dueContacts(on: day, region: region)
            if context.json { return try context.printJSON(due) }
            Output.printTable(
                ["cadence", "place", "coordinator", "enterprise coordinator", "employer", "last", "overdue since"],
                due.map {
                    [$0.cadence.rawValue, $0.place, $0.coordinator ?? "(county bureau)", $0.enterpriseCoordinator,
                     $0.employer, $0.last?.description ?? "never", $0.overdueSince.description]
                })
        }
    }
}
