import ArgumentParser
import Foundation
import Model
import Storage
import Subsidy

/// `concord subsidy policy|check|claim|claims`: the skill-upgrade subsidy (技能提升补贴).
struct SubsidyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subsidy", abstract: "Skill-upgrade subsidy: policy versions, eligibility, claims.",
        subcommands: [Policy.self, Check.self, Claim.self, Claims.self])

    /// `table`, `csv` or `json`, with the global `--json` meaning `json`.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json

        func resolved(_ global: GlobalOptions) -> Format { global.json ? .json : self }
    }

    struct Policy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Policy versions (rules as data, by effective dates).",
            subcommands: [List.self, Show.self, Add.self])

        struct List: StoreCommand {
            static let configuration = CommandConfiguration(abstract: "List the policy versions.")
            @OptionGroup var global: GlobalOptions

            func run(_ context: CommandContext) async throws {
                let all = try context.store.subsidyPolicies()
                if context.json { return try context.printJSON(all) }
                Output.printTable(
                    ["id", "from", "to", "months", "benefit", "per year", "source"],
                    all.map {
                        [$0.id, $0.effectiveFrom.description, $0.effectiveTo?.description ?? "",
                         String($0.parameters.minInsuranceMonths),
                         $0.parameters.benefitRecipientsQualify ? "yes" : "no",
                         $0.parameters.claimsPerYear.map(String.init) ?? "-", $0.source]
                    })
            }
        }

        struct Show: StoreCommand {
            static let configuration = CommandConfiguration(abstract: "Show one policy version in full.")
            @OptionGroup var global: GlobalOptions
            @Argument(help: "The version id, e.g. zhejiang-2024.") var id: String

            func run(_ context: CommandContext) async throws {
                let policy = try context.store.subsidyPolicy(id: id)
                if context.json { return try context.printJSON(policy) }
                let p = policy.parameters
                let fields: [(String, String)] = [
                    ("id", policy.id), ("title", policy.title), ("source", policy.source),
                    ("in force", policy.rangeText), ("insurance months", String(p.minInsuranceMonths)),
                    ("benefit recipients", p.benefitRecipientsQualify ? "qualify" : "do not qualify"),
                    ("claims per year", p.claimsPerYear.map(String.init) ?? "no limit"),
                    ("lower after higher", p.lowerAfterHigher ? "refused" : "allowed"),
                    ("window", "\(p.applicationWindowMonths) months after issue"),
                    ("earliest certificate", p.earliestCertificate.description),
                    ("default category", p.defaultCategory ?? "none (unlisted occupations get nothing)"),
                    ("shortage uplift", p.shortageUpliftPercent == 0 ? "none"
                        : "\(p.shortageUpliftPercent)% for \(p.shortageOccupations.joined(separator: ", "))"),
                ]
                for (k, v) in fields { print(k.padding(toLength: 22, withPad: " ", startingAt: 0) + v) }
                for (occupation, category) in p.occupationCategories.sorted(by: { $0.key < $1.key }) {
                    let label = "occupation".padding(toLength: 22, withPad: " ", startingAt: 0)
                    print(label + "\(occupation) → \(category)")
                }
                Output.printTable(
                    ["category", "level 3", "level 4", "level 5"],
                    p.amountsFen.sorted(by: { $0.key < $1.key }).map { category, levels in
                        [category] + ["3", "4", "5"].map { levels[$0].map { Fen($0).yuanText } ?? "-" }
                    })
            }
        }

        struct Add: StoreCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add policy versions from a JSON file (one object or an array); checked, all or nothing.")
            @OptionGroup var global: GlobalOptions
            @Argument(help: "The JSON file (see Docs/SUBSIDY.md for the keys).") var file: String

            func run(_ context: CommandContext) async throws {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw ConcordError("cannot read the file", at: file)
                }
                let policies = try SubsidyPolicy.decodeFile(data, source: file)
                let added = try context.store.addSubsidyPolicies(policies, source: file)
                if context.json { return try context.printJSON(added) }
                for p in added { print("policy \(p.id) added: \(p.rangeText), \(p.source)") }
            }
        }
    }

    struct Check: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Explain who can claim: every certificate, every rule with its figures.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "One person's resident identity number.") var person: String?
        @Option(help: "An employer's credit code: all its employees.") var employer: String?
        @Option(help: "The day to decide for (default today, Asia/Shanghai).") var on: String?
        @Option(help: "table, csv or json (--json also gives json).") var format: Format = .table

        func validate() throws {
            guard (person == nil) != (employer == nil) else {
                throw ValidationError("give exactly one of --person or --employer")
            }
        }

        func run(_ context: CommandContext) async throws {
            let day = try Parse.option("--on", on, Day.init) ?? Day.today()
            if let person {
                let id = try Parse.option("--person") { try ResidentID(person) }
                let report = try context.store.subsidyDecisions(person: id, on: day)
                return try printPerson(report, format: format.resolved(global))
            }
            let code = try Parse.option("--employer") { try CreditCode(employer ?? "") }
            let reports = try context.store.subsidyDecisions(employer: code, on: day)
            switch format.resolved(global) {
            case .json: try Output.printJSON(reports)
            case .csv: print(try CSVText.render(PersonSubsidyReport.tableHeader, reports.flatMap(\.tableRows)),
                             terminator: "")
            case .table:
                print("subsidy eligibility on \(day), employer \(code): \(reports.count) employees")
                Output.printTable(PersonSubsidyReport.tableHeader, reports.flatMap(\.tableRows))
            }
        }

        private func printPerson(_ report: PersonSubsidyReport, format: Format) throws {
            switch format {
            case .json: try Output.printJSON(report)
            case .csv: print(try CSVText.render(PersonSubsidyReport.tableHeader, report.tableRows), terminator: "")
            case .table:
                let insurance = report.insurance.map { "\($0.kind.label), \($0.months) months as of \($0.asOf)" }
                print(
                    "\(report.name) \(report.idMasked) on \(report.decidedOn): \(insurance ?? "no insurance record")")
                if report.decisions.isEmpty { print("no certificate held") }
                for d in report.decisions {
                    print("")
                    print("certificate \(d.certificateNumber) (\(d.origin.rawValue)), \(d.occupationName) level "
                        + "\(d.level), issued \(d.issuedOn): "
                        + (d.eligible ? "ELIGIBLE \(d.amount), apply by \(d.lastDayToApply?.description ?? "")"
                            : "not eligible"))
                    Output.printTable(
                        ["rule", "result", "why"],
                        d.rules.map { [$0.rule, $0.passed ? "passed" : "FAILED", $0.detail] })
                }
            }
        }
    }

    struct Claim: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a claim; the decision is re-made in the same transaction and must be eligible.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The claimant's resident identity number.") var person: String
        @Option(help: "The certificate number claimed for.") var cert: String
        @Option(help: "The day of the claim (default today, Asia/Shanghai).") var on: String?

        func run(_ context: CommandContext) async throws {
            let id = try Parse.option("--person") { try ResidentID(person) }
            let day = try Parse.option("--on", on, Day.init) ?? Day.today()
            let decision = try context.store.claimSubsidy(person: id, certificate: cert, on: day)
            if context.json { return try context.printJSON(decision) }
            print("claim recorded: certificate \(decision.certificateNumber), \(decision.amount) "
                + "under policy \(decision.policyId ?? "")")
        }
    }

    struct Claims: StoreCommand {
        static let configuration = CommandConfiguration(abstract: "Export recorded claims for the bureau.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "First claim day to include (YYYY-MM-DD).") var from: String?
        @Option(help: "Last claim day to include (YYYY-MM-DD).") var to: String?
        @Option(help: "table, csv or json (--json also gives json).") var format: Format = .table
        @Flag(help: "Show full identity numbers.") var reveal = false

        func run(_ context: CommandContext) async throws {
            let from = try Parse.option("--from", from, Day.init)
            let to = try Parse.option("--to", to, Day.init)
            if let from, let to, to < from {
                throw ConcordError("--to \(to) is before --from \(from)", at: "--to")
            }
            let claims = try context.store.subsidyClaims(from: from, to: to, reveal: reveal)
            switch format.resolved(global) {
            case .json: try Output.printJSON(claims)
            case .csv: print(try SubsidyClaimView.csv(claims), terminator: "")
            case .table:
                Output.printTable(
                    ["claimed", "name", "id", "certificate", "level", "amount", "policy", "employer"],
                    claims.map {
                        [$0.claimedOn, $0.name, $0.residentId ?? $0.idMasked, $0.certificateNumber,
                         String($0.level.rawValue), $0.amount.yuanText, $0.policyId, $0.employerName ?? ""]
                    })
            }
        }
    }
}
