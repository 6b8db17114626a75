import ArgumentParser
import Competition
import Foundation
import Model
import Storage

extension ContestCommand {
    struct MarkGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mark", abstract: "Judges' marks.", subcommands: [Record.self, Import.self])

        struct Record: StoreCommand {
            static let configuration = CommandConfiguration(
                abstract: "Record one mark; --replace re-marks before the event is locked.")
            @OptionGroup var global: GlobalOptions
            @Option(help: "The contest code.") var contest: String
            @Option(help: "The contestant's anonymous number.") var number: String
            @Option(help: "The criterion code.") var criterion: String
            @Option(help: "The judge code.") var judge: String
            @Option(help: "The mark (up to two decimals).") var value: String
            @Option(help: "Time used for the event: minutes (95) or minutes:seconds (94:30).") var time: String?
            @Flag(help: "Replace this judge's earlier mark (before lock).") var replace = false

            func run(_ context: CommandContext) async throws {
                let input = MarkInput(
                    number: number, criterion: criterion, judge: judge,
                    value: try Parse.option("--value") { try Points(value) },
                    timeUsed: try Parse.option("--time", time, MarkInput.seconds))
                let outcome = try context.store.recordMark(contest: contest, input, replace: replace)
                if context.json { return try context.printJSON(outcome) }
                print("mark \(outcome.value.short) recorded for \(outcome.number) on \(outcome.criterion) "
                    + "by \(outcome.judge)" + (outcome.replaced.map { " (replaced \($0.short))" } ?? ""))
            }
        }

        struct Import: StoreCommand {
            static let configuration = CommandConfiguration(
                abstract: "Import marks from CSV (number,criterion,judge,value[,time]); all or nothing.")
            @OptionGroup var global: GlobalOptions
            @Option(help: "The contest code.") var contest: String
            @Argument(help: "The CSV file.") var file: String
            @Flag(help: "Replace judges' earlier marks (before lock).") var replace = false
            @Flag(name: .customLong("dry-run"), help: "Check every row, write nothing.") var dryRun = false

            func run(_ context: CommandContext) async throws {
                let document = try CSVDocument(path: file, required: ["number", "criterion", "judge", "value"])
                let summary = try context.store.importMarks(
                    contest: contest, document, replace: replace, dryRun: dryRun)
                try printImport(summary, context: context, noun: "marks", dryRun: dryRun)
            }
        }
    }

    struct Flags: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Spread flags: judges who differ by more than a criterion allows.",
            subcommands: [List.self, Override.self], defaultSubcommand: List.self)

        struct List: StoreCommand {
            static let configuration = CommandConfiguration(abstract: "List open flags.")
            @OptionGroup var global: GlobalOptions
            @Option(help: "The contest code.") var contest: String
            @Option(help: "Only this event.") var event: String?

            func run(_ context: CommandContext) async throws {
                let flags = try context.store.flags(contest: contest, event: event)
                if context.json { return try context.printJSON(flags) }
                Output.printTable(
                    ["number", "event", "criterion", "spread", "allowed", "marks"],
                    flags.map { [$0.number, $0.event, $0.criterion, $0.spread.short, $0.allowed.short, $0.marks] })
            }
        }

        struct Override: StoreCommand {
            static let configuration = CommandConfiguration(abstract: "Accept a flagged spread, with a reason.")
            @OptionGroup var global: GlobalOptions
            @Option(help: "The contest code.") var contest: String
            @Option(help: "The contestant's number.") var number: String
            @Option(help: "The criterion code.") var criterion: String
            @Option(help: "Why the spread stands.") var reason: String

            func run(_ context: CommandContext) async throws {
                try context.store.overrideFlag(contest: contest, number: number, criterion: criterion, reason: reason)
                print("flag on \(number) \(criterion) overridden")
            }
        }
    }

    struct Lock: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign off an event's marks (refused with open flags or missing marks).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The contest code.") var contest: String
        @Argument(help: "The event code.") var event: String

        func run(_ context: CommandContext) async throws {
            let record = try context.store.lockEvent(contest: contest, event: event)
            if context.json { return try context.printJSON(record) }
            print("event \(record.event) locked at \(record.lockedAt) by \(record.lockedBy)")
        }
    }

    struct Correct: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a mark after lock; the reason and before/after values are audited.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The contest code.") var contest: String
        @Option(help: "The contestant's number.") var number: String
        @Option(help: "The criterion code.") var criterion: String
        @Option(help: "The judge code.") var judge: String
        @Option(help: "The corrected mark.") var value: String
        @Option(help: "Why the mark changes (required).") var reason: String?

        func run(_ context: CommandContext) async throws {
            guard let reason, !reason.trimmingSpaces().isEmpty else {
                throw ConcordError("a correction needs a reason", at: "--reason")
            }
            let input = MarkInput(
                number: number, criterion: criterion, judge: judge,
                value: try Parse.option("--value") { try Points(value) })
            let record = try context.store.correctMark(contest: contest, input, reason: reason)
            if context.json { return try context.printJSON(record) }
            print("mark for \(record.number) on \(record.criterion) by \(record.judge) corrected: "
                + "\(record.before.short) → \(record.after.short)")
        }
    }

    struct Results: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Results computed from the marks: rank, number, name (once all events lock), scores, award.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The contest code.") var contest: String
        @Option(help: "table, csv, json or html.") var format = "table"
        @Option(help: "Write to this file instead of standard output.") var out: String?
        @Flag(help: "Also report totals from per-judge standardised marks (never replacing the raw ones).")
        var standardise = false
        @Flag(help: "Show full names instead of masked ones.") var reveal = false
        @Flag(help: "Publish the results, starting the publicity period.") var publish = false
        @Option(help: "The publication day (default today).") var on: String?

        func validate() throws {
            guard ["table", "csv", "json", "html"].contains(format) else {
                throw ValidationError("--format must be table, csv, json or html")
            }
        }

        func run(_ context: CommandContext) async throws {
            if publish {
                let day = try Parse.option("--on", on, Day.init) ?? Day.today()
                let contest = try context.store.publish(contest: self.contest, on: day)
                if !context.json && format == "table" {
                    print("published \(day); appeals until \(contest.publicityEnds?.description ?? "")")
                }
            }
            let results = try context.store.results(
                contest: contest, names: reveal ? .full : .masked, standardise: standardise)
            switch context.json ? "json" : format {
            case "json": try context.printJSON(results.rows)
            case "csv": try Output.write(try results.csv(), to: out)
            case "html": try Output.write(try results.html(), to: out)
            default:
                if !results.isFinal { print("provisional: names appear once every event is locked") }
                Output.printTable(ContestCommand.resultHeaders(results, standardise: standardise),
                                  ContestCommand.resultLines(results, standardise: standardise))
            }
        }
    }

    static func resultHeaders(_ results: ContestResults, standardise: Bool) -> [String] {
        ["rank", "number", "name"] + results.events + ["total", "award"] + (standardise ? ["standardised"] : [])
    }

    static func resultLines(_ results: ContestResults, standardise: Bool) -> [[String]] {
        results.rows.map { row in
            [String(row.rank), row.number, row.name ?? ""]
                + results.events.map { row.eventScores[$0]?.description ?? "" }
                + [row.total.description, row.award?.label ?? ""]
                + (standardise ? [row.standardisedTotal?.description ?? ""] : [])
        }
    }

    struct AppealGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "appeal", abstract: "Appeals during the publicity period.",
            subcommands: [Add.self, Resolve.self, List.self])

        struct Add: StoreCommand {
            static let configuration = CommandConfiguration(abstract: "File an appeal (publicity period only).")
            @OptionGroup var global: GlobalOptions
            @Option(help: "The contest code.") var contest: String
            @Option(help: "The contestant's number.") var number: String
            @Option(help: "The grounds of the appeal.") var grounds: String
            @Option(help: "The filing day (default today).") var on: String?

            func run(_ context: CommandContext) async throws {
                let appeal = try context.store.addAppeal(
                    contest: contest, number: number, grounds: grounds,
                    on: try Parse.option("--on", on, Day.init) ?? Day.today())
                if context.json { return try context.printJSON(appeal) }
                print("appeal \(appeal.id) filed for \(appeal.number) on \(appeal.filedOn)")
            }
        }

        struct Resolve: StoreCommand {
            static let configuration = CommandConfiguration(abstract: "Resolve an appeal.")
            @OptionGroup var global: GlobalOptions
            @Option(help: "The contest code.") var contest: String
            @Option(help: "The appeal id.") var id: Int64
            @Option(help: "upheld or dismissed.") var outcome: String
            @Option(help: "What was decided.") var resolution: String
            @Option(help: "The day of the decision (default today).") var on: String?

            func run(_ context: CommandContext) async throws {
                guard let status = Appeal.Status(rawValue: outcome), status != .open else {
                    throw ConcordError("outcome \(outcome.clipped) is not upheld or dismissed", at: "--outcome")
                }
                let appeal = try context.store.resolveAppeal(
                    contest: contest, appeal: id, status: status, resolution: resolution,
                    on: try Parse.option("--on", on, Day.init) ?? Day.today())
                if context.json { return try context.printJSON(appeal) }
                print("appeal \(appeal.id) \(appeal.status.rawValue)")
            }
        }

        struct List: StoreCommand {
            static let configuration = CommandConfiguration(abstract: "List a contest's appeals.")
            @OptionGroup var global: GlobalOptions
            @Option(help: "The contest code.") var contest: String

            func run(_ context: CommandContext) async throws {
                let appeals = try context.store.appeals(contest: contest)
                if context.json { return try context.printJSON(appeals) }
                Output.printTable(
                    ["id", "number", "filed", "status", "grounds", "resolution"],
                    appeals.map { [String($0.id), $0.number, $0.filedOn, $0.status.rawValue, $0.grounds,
                                   $0.resolution ?? ""] })
            }
        }
    }

    struct Promote: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Promote an award winner one skill level (recorded for certification).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The contest code.") var contest: String
        @Option(help: "The winner's number.") var number: String
        @Option(help: "The level to promote to (must be one above the current level).") var level: String?
        @Option(name: .customLong("from-level"), help: "The winner's current level, when not on record.")
        var fromLevel: String?
        @Option(help: "The day of the promotion (default today).") var on: String?

        func run(_ context: CommandContext) async throws {
            let record = try context.store.promote(
                contest: contest, number: number,
                fromLevel: try Parse.option("--from-level", fromLevel, SkillLevel.init),
                level: try Parse.option("--level", level, SkillLevel.init),
                on: try Parse.option("--on", on, Day.init) ?? Day.today())
            if context.json { return try context.printJSON(record) }
            print("\(record.number) \(record.name) (\(record.award.label)) promoted from level \(record.fromLevel) "
                + "to level \(record.level)")
        }
    }
}
