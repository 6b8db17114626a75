import ArgumentParser
import Coverage
import Foundation
import Model
import Storage

/// `concord coordinator appoint|end|list|import`.
struct CoordinatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinator", abstract: "Coordinator appointments to employers, parks, townships, communities.",
        subcommands: [Appoint.self, End.self, List.self, Import.self])

    struct Appoint: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Appoint a person as coordinator for one unit (give exactly one unit option).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The person's resident identity number.") var person: String
        @Option(help: "Unit: an employer's credit code.") var employer: String?
        @Option(help: "Unit: a park's path (城市/区县/园区) or unique name.") var park: String?
        @Option(help: "Unit: a township/street path (城市/区县/乡镇街道) or unique name.") var township: String?
        @Option(help: "Unit: a community/village path or unique name.") var community: String?
        @Option(help: "Unit: a district path (county-bureau staff only).") var district: String?
        @Option(help: "First day (YYYY-MM-DD).") var from: String
        @Option(help: "Last day, if already known.") var to: String?
        @Option(help: "full-time or multi-duty (一岗多职; part-time is accepted).") var duty = "multi-duty"
        @Option(help: "hr, union-bargaining-instructor, platform-labour-officer, mediator, county-bureau, other.")
        var role = "other"
        @Option(help: "A note.") var note = ""

        func run(_ context: CommandContext) async throws {
            let units: [(String, String?)] = [
                ("employer", employer), ("park", park), ("township", township), ("community", community),
                ("district", district),
            ]
            let given = units.compactMap { kind, value in value.map { (kind, $0) } }
            guard given.count == 1, let (kind, value) = given.first else {
                throw ConcordError(
                    "give exactly one of --employer, --park, --township, --community, --district", at: "unit")
            }
            let input = try AppointmentInput(
                person: try Parse.option("--person") { try ResidentID(person) },
                unit: try Parse.option("--\(kind)") { try UnitRef(kind: kind, value: value) },
                from: try Parse.option("--from") { try Day(from) },
                to: try Parse.option("--to", to, Day.init),
                duty: try Parse.option("--duty") { try Appointment.Duty(duty) },
                role: try Parse.option("--role") { try Appointment.SourceRole(role) },
                note: note)
            let record = try context.store.appoint(input)
            if context.json { return try context.printJSON(record) }
            print("appointment \(record.id ?? 0): \(input.person.masked) → \(input.unit) from \(input.from)")
        }
    }

    struct End: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "End a running appointment (it stays in the history).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The appointment id (see 'coordinator list').") var id: Int64
        @Option(help: "The last day of the appointment.") var on: String
        func run(_ context: CommandContext) async throws {
            let day = try Parse.option("--on") { try Day(on) }
            let record = try context.store.endAppointment(id: id, on: day)
            if context.json { return try context.printJSON(record) }
            print("appointment \(id) ended on \(day)")
        }
    }

    struct List: StoreCommand {
        static let configuration = CommandConfiguration(abstract: "List appointments (ID numbers masked).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this person's (resident ID).") var person: String?
        @Option(help: "Only units under this region path.") var region: String?
        @Option(help: "Only appointments running on this day.") var on: String?
        @Flag(help: "Show full identity numbers.") var reveal = false
        func run(_ context: CommandContext) async throws {
            let rows = try context.store.appointments(
                person: try Parse.option("--person", person, ResidentID.init), region: region,
                on: try Parse.option("--on", on, Day.init), reveal: reveal)
            if context.json { return try context.printJSON(rows) }
            Output.printTable(
                ["id", "name", "ID", "unit kind", "unit", "from", "to", "duty", "role"],
                rows.map {
                    [String($0.id), $0.name, $0.residentId ?? $0.idMasked, $0.unitKind, $0.unit, $0.from.description,
                     $0.to?.description ?? "", $0.duty.rawValue, $0.role.rawValue]
                })
        }
    }

    struct Import: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import appointments from CSV (resident_id,unit_kind,unit,from[,to,duty,role,note]).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The CSV file (UTF-8, UTF-8 with BOM, or GB18030).") var file: String
        @Flag(name: .customLong("dry-run"), help: "Check every row, write nothing.") var dryRun = false
        func run(_ context: CommandContext) async throws {
            let document = try CSVDocument(path: file, required: ["resident_id", "unit_kind", "unit", "from"])
            let summary = try context.store.importAppointments(document, dryRun: dryRun)
            try printImport(summary, context: context, noun: "appointments", dryRun: dryRun)
        }
    }
}
