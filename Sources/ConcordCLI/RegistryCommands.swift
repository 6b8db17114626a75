import ArgumentParser
import Catalog
import Foundation
import Model
import Storage

/// `concord institution add|list`.
struct InstitutionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "institution", abstract: "Training institutions and evaluation bodies.",
        subcommands: [Add.self, List.self])

    struct Add: StoreCommand {
        static let configuration = CommandConfiguration(abstract: "Register an institution.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Short code people type, e.g. HZ-TRAIN-01.") var code: String
        @Option(help: "Full name.") var name: String
        @Option(help: "training, evaluation or both.") var kind: String
        @Option(name: .customLong("credit-code"), help: "Unified social credit code.") var creditCode: String?
        @Option(help: "Region path, city first (杭州市/西湖区).") var region = ""

        func run(_ context: CommandContext) async throws {
            let kind = try Parse.option("--kind") { try Institution.Kind(self.kind) }
            let credit = try Parse.option("--credit-code", creditCode, CreditCode.init)
            let record = try context.store.addInstitution(
                code: code, name: name, kind: kind, creditCode: credit, region: region)
            if context.json { return try context.printJSON(record) }
            print("institution \(record.code) added: \(record.name) (\(record.kind.rawValue))")
        }
    }

    struct List: StoreCommand {
        static let configuration = CommandConfiguration(abstract: "List institutions.")
        @OptionGroup var global: GlobalOptions

        func run(_ context: CommandContext) async throws {
            let all = try context.store.institutions()
            if context.json { return try context.printJSON(all) }
            Output.printTable(
                ["code", "name", "kind", "region"], all.map { [$0.code, $0.name, $0.kind.rawValue, $0.region] })
        }
    }
}

/// `concord employer add|list|import`.
struct EmployerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "employer", abstract: "Employers (用人单位), by unified social credit code.",
        subcommands: [Add.self, List.self, Import.self])

    struct Add: StoreCommand {
        static let configuration = CommandConfiguration(abstract: "Register or update an employer.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Full name.") var name: String
        @Option(name: .customLong("credit-code"), help: "Unified social credit code (GB 32100).")
        var creditCode: String
        @Option(help: "Size class: large, medium, small or micro.") var size: String
        @Option(help: "Region path, city first: 杭州市/西湖区/文新街道.") var region: String
        @Option(help: "Industrial park, if any.") var park: String?

        func run(_ context: CommandContext) async throws {
            let input = EmployerInput(
                creditCode: try Parse.option("--credit-code") { try CreditCode(creditCode) },
                name: name,
                sizeClass: try Parse.option("--size") { try SizeClass(size) },
                region: try Parse.option("--region") { try RegionPath(region) },
                park: park)
            let (employer, created) = try context.store.saveEmployer(input)
            if context.json { return try context.printJSON(employer) }
            print("employer \(employer.creditCode) \(created ? "added" : "updated"): \(employer.name)")
        }
    }

    struct List: StoreCommand {
        static let configuration = CommandConfiguration(abstract: "List employers.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only employers under this region path.") var region: String?

        func run(_ context: CommandContext) async throws {
            let all = try context.store.employers(inRegion: region)
            if context.json { return try context.printJSON(all) }
            Output.printTable(
                ["credit code", "name", "size", "region", "park"],
                all.map { [$0.creditCode, $0.name, $0.sizeClass.rawValue, $0.region, $0.park ?? ""] })
        }
    }

    struct Import: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import employers from CSV (name,credit_code,size,region[,park]); all or nothing.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The CSV file (UTF-8, UTF-8 with BOM, or GB18030).") var file: String
        @Flag(name: .customLong("dry-run"), help: "Check every row, write nothing.") var dryRun = false

        func run(_ context: CommandContext) async throws {
            let document = try CSVDocument(path: file, required: ["name", "credit_code", "size", "region"])
            let summary = try context.store.importEmployers(document, dryRun: dryRun)
            try printImport(summary, context: context, noun: "employers", dryRun: dryRun)
        }
    }
}

/// `concord person add|list|show|import`.
struct PersonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person", abstract: "People: trainees, candidates, coordinators, judges.",
        subcommands: [Add.self, List.self, Show.self, Import.self])

    struct Add: StoreCommand {
        static let configuration = CommandConfiguration(abstract: "Register or update a person.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Name as on the identity card.") var name: String
        @Option(help: "Resident identity number (18 characters).") var id: String
        @Option(help: "Phone number.") var phone: String?
        @Option(help: "Employer's credit code.") var employer: String?
        @Option(help: "none, technical-school, advanced-technical, junior-college, bachelor, master, doctor.")
        var education = "none"
        @Option(help: "Major studied.") var major: String?
        @Option(name: .customLong("related-work-since"), help: "Day related work began (YYYY-MM-DD).")
        var relatedWorkSince: String?

        func run(_ context: CommandContext) async throws {
            let input = try PersonInput(
                name: try Parse.option("--name") { try PersonName(name) },
                residentID: try Parse.option("--id") { try ResidentID(id) },
                phone: phone,
                employer: try Parse.option("--employer", employer, CreditCode.init),
                education: try Parse.option("--education") { try Education(education) },
                major: major,
                relatedWorkSince: try Parse.option("--related-work-since", relatedWorkSince, Day.init))
            let (person, created) = try context.store.savePerson(input)
            if context.json { return try context.printJSON(try context.store.person(input.residentID)) }
            print("person \(person.maskedID) \(created ? "added" : "updated"): \(person.name)")
        }
    }

    struct List: StoreCommand {
        static let configuration = CommandConfiguration(abstract: "List people (ID numbers masked).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this employer's people (credit code).") var employer: String?
        @Flag(help: "Show full identity numbers.") var reveal = false

        func run(_ context: CommandContext) async throws {
            let code = try Parse.option("--employer", employer, CreditCode.init)
            let people = try context.store.persons(employer: code, reveal: reveal)
            if context.json { return try context.printJSON(people) }
            Output.printTable(
                ["name", "ID", "employer", "education", "major"],
                people.map {
                    [$0.name, $0.residentId ?? $0.idMasked, $0.employerName ?? "", $0.education.rawValue,
                     $0.major ?? ""]
                })
        }
    }

    struct Show: StoreCommand {
        static let configuration = CommandConfiguration(abstract: "Show one person.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Resident identity number.") var id: String
        @Flag(help: "Show the full identity number.") var reveal = false

        func run(_ context: CommandContext) async throws {
            let rid = try Parse.option("ID") { try ResidentID(id) }
            let person = try context.store.person(rid, reveal: reveal)
            if context.json { return try context.printJSON(person) }
            let fields: [(String, String)] = [
                ("name", person.name), ("ID", person.residentId ?? person.idMasked), ("phone", person.phone ?? ""),
                ("employer", [person.employerName, person.employer].compactMap { $0 }.joined(separator: " ")),
                ("education", person.education.rawValue), ("major", person.major ?? ""),
                ("related work since", person.relatedWorkSince ?? ""),
            ]
            for (k, v) in fields { print(k.padding(toLength: 20, withPad: " ", startingAt: 0) + v) }
        }
    }

    struct Import: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: """
                Import people from CSV (name,resident_id[,phone,employer,education,major,related_work_since]); \
                re-importing updates.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The CSV file (UTF-8, UTF-8 with BOM, or GB18030).") var file: String
        @Flag(name: .customLong("dry-run"), help: "Check every row, write nothing.") var dryRun = false

        func run(_ context: CommandContext) async throws {
            // Parsed while the rows are checked and written (Docs/PERFORMANCE.md, import-persons).
            let document = try CSVDocument(path: file, required: ["name", "resident_id"], parsing: .whileReading)
            let summary = try context.store.importPersons(document, dryRun: dryRun)
            try printImport(summary, context: context, noun: "persons", dryRun: dryRun)
        }
    }
}

/// Prints an import's summary.
func printImport(_ summary: ImportSummary, context: CommandContext, noun: String, dryRun: Bool) throws {
    if context.json { return try context.printJSON(summary) }
    let verb = dryRun ? "checked (dry run, nothing written)" : "imported"
    print("\(noun) \(verb): \(summary.created) new, \(summary.updated) updated")
}
