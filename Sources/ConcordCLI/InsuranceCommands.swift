import ArgumentParser
import Foundation
import Model
import Storage
import Subsidy

/// `concord insurance record|import|list`: unemployment-insurance records the subsidy rules read.
struct InsuranceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "insurance", abstract: "Unemployment-insurance records: kind and cumulative months as of a day.",
        subcommands: [Record.self, Import.self, List.self])

    struct Record: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a person's insurance as of a day (the same day again replaces it).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Resident identity number.") var person: String
        @Option(help: """
            enterprise-employee, benefit-recipient, public-sector, sole-trader, private-non-enterprise or retired.
            """)
        var kind: String
        @Option(parsing: .unconditional, help: "Cumulative unemployment-insurance months (0 or more).")
        var months: String
        @Option(name: .customLong("as-of"), help: "The day the months are counted to (YYYY-MM-DD).") var asOf: String
        @Option(help: "Employer's credit code (default: the person's employer).") var employer: String?

        func run(_ context: CommandContext) async throws {
            let input = try Parse.option("--months") {
                try InsuranceInput(
                    person: try Parse.option("--person") { try ResidentID(person) },
                    employer: try Parse.option("--employer", employer, CreditCode.init),
                    kind: try Parse.option("--kind") { try InsuranceKind(kind) },
                    months: try InsuranceInput.months(months),
                    asOf: try Parse.option("--as-of") { try Day(asOf) })
            }
            let record = try context.store.recordInsurance(input)
            if context.json { return try context.printJSON(record) }
            print("insurance recorded: \(input.person.masked) \(input.kind.rawValue), \(input.months) months "
                + "as of \(input.asOf)")
        }
    }

    struct Import: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import insurance records from CSV (resident_id,kind,months,as_of[,employer]); all or nothing.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The CSV file (UTF-8, UTF-8 with BOM, or GB18030).") var file: String
        @Flag(name: .customLong("dry-run"), help: "Check every row, write nothing.") var dryRun = false

        func run(_ context: CommandContext) async throws {
            let document = try CSVDocument(path: file, required: ["resident_id", "kind", "months", "as_of"])
            let summary = try context.store.importInsurance(document, dryRun: dryRun)
            try printImport(summary, context: context, noun: "insurance records", dryRun: dryRun)
        }
    }

    struct List: StoreCommand {
        static let configuration = CommandConfiguration(abstract: "List insurance records, newest first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this person's (resident identity number).") var person: String?
        @Option(help: "Only this employer's (credit code).") var employer: String?

        func run(_ context: CommandContext) async throws {
            let records = try context.store.insuranceRecords(
                person: try Parse.option("--person", person, ResidentID.init),
                employer: try Parse.option("--employer", employer, CreditCode.init))
            if context.json { return try context.printJSON(records) }
            Output.printTable(
                ["as of", "name", "id", "kind", "months", "employer"],
                records.map {
                    [$0.asOf, $0.name, $0.idMasked, $0.kind.rawValue, String($0.months), $0.employer ?? ""]
                })
        }
    }
}
