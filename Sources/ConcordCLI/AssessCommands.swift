import ArgumentParser
import Certification
import Foundation
import Model
import Storage

/// `concord assess record|import|list|eligibility|facts`.
struct AssessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess", abstract: "Level-4/level-3 assessments (theory and skills, 0–100 each).",
        subcommands: [Record.self, Import.self, List.self, Eligibility.self, Facts.self])

    struct Record: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record one sitting (one part for a resit, or both).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Resident identity number.") var person: String
        @Option(help: "Level: 4 or 3.") var level: String
        @Option(help: "The evaluation body's institution code.") var body: String
        @Option(help: "Day of the assessment (YYYY-MM-DD).") var date: String
        @Option(help: "Theory score 0–100 (omit when not taken).") var theory: Int?
        @Option(help: "Skills score 0–100 (omit when not taken).") var skills: Int?

        func run(_ context: CommandContext) async throws {
            let input = try AssessmentInput(
                person: try Parse.option("--person") { try ResidentID(person) },
                level: try Parse.option("--level") { try SkillLevel(level) },
                body: body,
                on: try Parse.option("--date") { try Day(date) },
                theory: theory, skills: skills)
            let record = try context.store.recordAssessment(input)
            if context.json { return try context.printJSON(record) }
            print("assessment recorded: \(input.person.masked) level \(input.level) on \(input.on)")
        }
    }

    struct Import: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import sittings from CSV (resident_id,level,body,date,theory,skills); all or nothing.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The CSV file (UTF-8, UTF-8 with BOM, or GB18030).") var file: String
        @Flag(name: .customLong("dry-run"), help: "Check every row, write nothing.") var dryRun = false

        func run(_ context: CommandContext) async throws {
            let document = try CSVDocument(path: file, required: ["resident_id", "level", "body", "date"])
            let summary = try context.store.importAssessments(document, dryRun: dryRun)
            try printImport(summary, context: context, noun: "assessments", dryRun: dryRun)
        }
    }

    struct List: StoreCommand {
        static let configuration = CommandConfiguration(abstract: "List sittings, newest first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this person's (resident identity number).") var person: String?

        func run(_ context: CommandContext) async throws {
            let rid = try Parse.option("--person", person, ResidentID.init)
            let rows = try context.store.assessments(person: rid)
            if context.json { return try context.printJSON(rows) }
            Output.printTable(
                ["name", "ID", "level", "body", "date", "theory", "skills"],
                rows.map {
                    [$0.name, $0.idMasked, String($0.level), $0.body, $0.assessedOn,
                     $0.theory.map(String.init) ?? "-", $0.skills.map(String.init) ?? "-"]
                })
        }
    }

    struct Eligibility: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate the 申报条件 for sitting level 4 or 3, condition by condition.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Resident identity number.") var person: String
        @Option(help: "Level: 4 or 3.") var level: String
        @Option(help: "Judge as of this day (default today).") var date: String?

        func run(_ context: CommandContext) async throws {
            let rid = try Parse.option("--person") { try ResidentID(person) }
            let level = try Parse.option("--level") { try SkillLevel(self.level) }
            let day = try Parse.option("--date", date, Day.init) ?? Day.today()
            let result = try Parse.option("--level") { try context.store.eligibility(rid, level: level, on: day) }
            if context.json { return try context.printJSON(result) }
            print("\(rid.masked) level \(level) as of \(day): \(result.eligible ? "eligible" : "not eligible")")
            Output.printTable(
                ["", "condition", "why"],
                result.conditions.map { [$0.passed ? "pass" : "fail", $0.rule, $0.why] })
        }
    }

    struct Facts: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record facts the sitting rules need that the registry lacks; prints them.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Resident identity number.") var person: String
        @Option(help: "none, technical-final-year or higher-education.") var student: String?
        @Option(help: "none, advanced-technical, technician-college or higher-vocational.") var diploma: String?
        @Option(name: .customLong("external-certificate"),
                help: "A certificate from elsewhere: 劳动关系协调员 or a related one (企业人力资源管理师 …).")
        var externalCertificate: String?
        @Option(name: .customLong("external-level"), help: "Its level (default 4).") var externalLevel = "4"
        @Option(name: .customLong("external-date"), help: "Its issue date (YYYY-MM-DD).") var externalDate: String?
        @Flag(name: .customLong("clear-external"), help: "Forget the external certificate.") var clearExternal = false

        func run(_ context: CommandContext) async throws {
            let rid = try Parse.option("--person") { try ResidentID(person) }
            let student = try Parse.option("--student", student) { text in
                guard let s = StudentStatus(rawValue: text) else {
                    throw ConcordError("\(text.clipped) is not none, technical-final-year or higher-education")
                }
                return s
            }
            let diploma = try Parse.option("--diploma", diploma) { text in
                guard let d = VocationalDiploma(rawValue: text) else {
                    throw ConcordError(
                        "\(text.clipped) is not none, advanced-technical, technician-college or higher-vocational")
                }
                return d
            }
            var external: (name: String, level: SkillLevel, on: Day)?
            if let name = externalCertificate {
                guard let dateText = externalDate else {
                    throw ConcordError("give the certificate's date", at: "--external-date")
                }
                external = (name, try Parse.option("--external-level") { try SkillLevel(externalLevel) },
                            try Parse.option("--external-date") { try Day(dateText) })
            }
            let change = PersonFactsChange(
                student: student, diploma: diploma, external: external, clearExternal: clearExternal)
            let noChange = student == nil && diploma == nil && external == nil && !clearExternal
            let facts = noChange ? try context.store.personFacts(rid) : try context.store.setPersonFacts(rid, change)
            if context.json { return try context.printJSON(facts) }
            print("student".padding(toLength: 22, withPad: " ", startingAt: 0) + facts.studentStatus.rawValue)
            print("vocational diploma".padding(toLength: 22, withPad: " ", startingAt: 0)
                + facts.vocationalDiploma.rawValue)
            let ext = facts.externalCertificate.map {
                "\($0) level \(facts.externalLevel ?? 4) on \(facts.externalIssuedOn ?? "")"
            }
            print("external certificate".padding(toLength: 22, withPad: " ", startingAt: 0) + (ext ?? "none"))
        }
    }
}
