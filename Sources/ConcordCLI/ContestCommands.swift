import ArgumentParser
import Competition
import Foundation
import Model
import Storage

/// `concord contest …`: skills competitions, from set-up to results, appeals and promotions.
struct ContestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contest", abstract: "Skills competitions (职业技能竞赛): set-up, judging, results, awards.",
        subcommands: [
            Add.self, List.self, Show.self, EventGroup.self, CriterionGroup.self, JudgeGroup.self, Enter.self,
            Sheet.self, MarkGroup.self, Flags.self, Lock.self, Correct.self, Results.self, AppealGroup.self,
            Promote.self,
        ])

    struct Add: StoreCommand {
        static let configuration = CommandConfiguration(abstract: "Set up a contest.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Short code people type, e.g. HZ-2025.") var code: String
        @Option(help: "Full name.") var name: String
        @Option(help: "The organising HR bureau.") var organiser: String
        @Option(help: "city or province.") var level = "city"
        @Option(help: "First day (YYYY-MM-DD).") var starts: String
        @Option(help: "Last day (YYYY-MM-DD); default the first day.") var ends: String?
        @Option(name: .customLong("publicity-days"), help: "Days of the publicity period (公示).")
        var publicityDays = 7
        @Option(help: "First-prize share of contestants in percent.") var first = "10"
        @Option(help: "Second-prize share in percent.") var second = "20"
        @Option(help: "Third-prize share in percent.") var third = "30"
        @Option(help: "Minimum total for any prize.") var minimum = "60"

        func run(_ context: CommandContext) async throws {
            let starts = try Parse.option("--starts") { try Day(self.starts) }
            let input = ContestInput(
                code: code, name: name, organiser: organiser,
                level: try Parse.option("--level") { try Contest.Level(level) }, startsOn: starts,
                endsOn: try Parse.option("--ends", ends, Day.init) ?? starts, publicityDays: publicityDays,
                awards: AwardRule(
                    first: try Parse.option("--first") { try Points(first) },
                    second: try Parse.option("--second") { try Points(second) },
                    third: try Parse.option("--third") { try Points(third) },
                    minimum: try Parse.option("--minimum") { try Points(minimum) }))
            let contest = try context.store.addContest(input)
            if context.json { return try context.printJSON(contest) }
            print("contest \(contest.code) added: \(contest.name)")
        }
    }

    struct List: StoreCommand {
        static let configuration = CommandConfiguration(abstract: "List contests.")
        @OptionGroup var global: GlobalOptions

        func run(_ context: CommandContext) async throws {
            let all = try context.store.contests()
            if context.json { return try context.printJSON(all) }
            Output.printTable(
                ["code", "name", "organiser", "level", "dates", "published"],
                all.map { [$0.code, $0.name, $0.organiser, $0.level.rawValue, "\($0.startsOn)–\($0.endsOn)",
                           $0.publishedOn ?? ""] })
        }
    }

    struct Show: StoreCommand {
        static let configuration = CommandConfiguration(abstract: "Show a contest's events, criteria and judges.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The contest code.") var code: String

        func run(_ context: CommandContext) async throws {
            let overview = try context.store.contestOverview(code)
            if context.json { return try context.printJSON(overview) }
            let c = overview.contest
            print("\(c.code)  \(c.name)  (\(c.organiser), \(c.level.rawValue), \(c.startsOn)–\(c.endsOn))")
            print("awards: first \(Points(hundredths: c.firstShare).short) %, second "
                + "\(Points(hundredths: c.secondShare).short) %, third \(Points(hundredths: c.thirdShare).short) %, "
                + "minimum \(Points(hundredths: c.minimumTotal).short); publicity \(c.publicityDays) days"
                + (c.publishedOn.map { ", published \($0)" } ?? ""))
            print("contestants: \(overview.contestants)")
            Output.printTable(
                ["event", "kind", "weight %", "criteria", "locked"],
                overview.events.map { [$0.code, $0.kind.rawValue, $0.weight.short, String($0.criteria),
                                       $0.locked ?? ""] })
            Output.printTable(
                ["judge", "name", "events"], overview.judges.map { [$0.code, $0.name, $0.events] })
        }
    }

    struct EventGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "event", abstract: "A contest's events.", subcommands: [Add.self])

        struct Add: StoreCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add an event; weights must total 100 % before marks are accepted.")
            @OptionGroup var global: GlobalOptions
            @Option(help: "The contest code.") var contest: String
            @Option(help: "Event code, e.g. theory, case, mediation.") var code: String
            @Option(help: "Full name.") var name: String?
            @Option(help: "theory or practical.") var kind: String
            @Option(help: "Weight in percent, e.g. 30.") var weight: String

            func run(_ context: CommandContext) async throws {
                let event = try context.store.addEvent(
                    contest: contest, event: code, name: name,
                    kind: try Parse.option("--kind") { try ContestEvent.Kind(kind) },
                    weight: try Parse.option("--weight") { try Points(weight) })
                if context.json { return try context.printJSON(event) }
                print("event \(event.code) added: \(event.kind.rawValue), \(event.weightPercent.short) %")
            }
        }
    }

    struct CriterionGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "criterion", abstract: "Marking criteria.", subcommands: [Add.self, Import.self])

        struct Add: StoreCommand {
            static let configuration = CommandConfiguration(abstract: "Add a criterion to an event.")
            @OptionGroup var global: GlobalOptions
            @Option(help: "The contest code.") var contest: String
            @Option(help: "The event code.") var event: String
            @Option(help: "Criterion code, unique in the contest.") var code: String
            @Option(help: "What is marked.") var aspect: String
            @Option(help: "measurement or judgement.") var kind: String
            @Option(help: "The criterion's max mark in its event.") var max: String
            @Option(help: "Judgement scale, e.g. 0-3.") var scale = "0-3"
            @Option(help: "Allowed spread between judges (default a third of the scale: 1 on 0–3).")
            var spread: String?

            func run(_ context: CommandContext) async throws {
                let input = CriterionInput(
                    event: event, code: code, aspect: aspect,
                    kind: try Parse.option("--kind") { try CriterionInput.kind(kind) },
                    maxMark: try Parse.option("--max") { try Points(max) },
                    scaleMax: try Parse.option("--scale") { try CriterionInput.scale(scale) },
                    allowedSpread: try Parse.option("--spread", spread, Points.init))
                let criterion = try context.store.addCriterion(contest: contest, input)
                if context.json { return try context.printJSON(criterion) }
                print("criterion \(criterion.code) added to \(event)")
            }
        }

        struct Import: StoreCommand {
            static let configuration = CommandConfiguration(
                abstract: "Import criteria from CSV (event,code,aspect,kind,max[,scale,spread]); all or nothing.")
            @OptionGroup var global: GlobalOptions
            @Option(help: "The contest code.") var contest: String
            @Argument(help: "The CSV file.") var file: String
            @Flag(name: .customLong("dry-run"), help: "Check every row, write nothing.") var dryRun = false

            func run(_ context: CommandContext) async throws {
                let document = try CSVDocument(path: file, required: ["event", "code", "aspect", "kind", "max"])
                let summary = try context.store.importCriteria(contest: contest, document, dryRun: dryRun)
                try printImport(summary, context: context, noun: "criteria", dryRun: dryRun)
            }
        }
    }

    struct JudgeGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "judge", abstract: "Judges.", subcommands: [Add.self])

        struct Add: StoreCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add a judge (a registered person; employer from their record) for some events.")
            @OptionGroup var global: GlobalOptions
            @Option(help: "The contest code.") var contest: String
            @Option(help: "Judge code on sheets and marks, e.g. J1.") var code: String
            @Option(help: "The judge's resident identity number.") var person: String
            @Option(help: "The judge's institution code, if any (for recusal).") var institution: String?
            @Option(help: "Event codes the judge marks, comma-separated.") var events: String

            func run(_ context: CommandContext) async throws {
                let judge = try context.store.addJudge(
                    contest: contest, judge: code, person: try Parse.option("--person") { try ResidentID(person) },
                    institution: institution,
                    events: events.split(separator: ",").map { String($0).trimmingSpaces() })
                if context.json { return try context.printJSON(judge) }
                print("judge \(judge.code) added")
            }
        }
    }

    struct Enter: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Enter contestants and draw their anonymous numbers (--seed repeats a draw).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The contest code.") var contest: String
        @Option(help: "A contestant's resident identity number (repeatable).") var person: [String] = []
        @Option(help: "Training institution code for the --person entries (for recusal).") var institution: String?
        @Option(help: "CSV file of contestants (resident_id[,institution]).") var file: String?
        @Option(help: "Seed for a reproducible draw.") var seed: UInt64?
        @Flag(name: .customLong("dry-run"), help: "Check every entry and draw, write nothing.") var dryRun = false

        func run(_ context: CommandContext) async throws {
            var entries = try person.map { text in
                Entry(person: try Parse.option("--person") { try ResidentID(text) }, institution: institution)
            }
            var badLines: [(line: Int, reason: String)] = []
            if let file {
                let document = try CSVDocument(path: file, required: ["resident_id"])
                for record in document.rows {
                    do {
                        try record.checkWidth()
                        entries.append(Entry(person: try ResidentID(try record.required("resident_id")),
                                             institution: record["institution"], line: record.line))
                    } catch let error as ConcordError {
                        badLines.append((record.line, error.description))
                    }
                }
            }
            let entered = try context.store.enter(
                contest: contest, entries, seed: seed, dryRun: dryRun, badLines: badLines, source: file)
            if context.json { return try context.printJSON(entered) }
            Output.printTable(["number", "name", "ID"], entered.map { [$0.number, $0.name, $0.idMasked] })
            if dryRun { print("checked (dry run, nothing written): \(entered.count) would be entered") }
        }
    }

    struct Sheet: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "A judge's marking sheet: contestant numbers only, recused contestants left out.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The contest code.") var contest: String
        @Option(help: "The judge code.") var judge: String
        @Option(help: "Only this event.") var event: String?
        @Option(help: "csv or html.") var format = "csv"
        @Option(help: "Write to this file instead of standard output.") var out: String?

        func validate() throws {
            guard ["csv", "html"].contains(format) else { throw ValidationError("--format must be csv or html") }
        }

        func run(_ context: CommandContext) async throws {
            let sheet = try context.store.sheet(contest: contest, judge: judge, event: event)
            let text = format == "html" ? try sheet.html() : try sheet.csv()
            try Output.write(text, to: out)
        }
    }
}

extension Output {
    /// Writes `text` to `path`, or to standard output when no path is given.
    static func write(_ text: String, to path: String?) throws {
        guard let path else { return print(text, terminator: "") }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw ConcordError("cannot write the file", at: path)
        }
    }
}
