import ArgumentParser
import Catalog
import Certification
import Enrollment
import Foundation
import Model
import Storage

/// The warnings other modules add to an enrolment: certification's eligibility-to-sit check.
enum EnrolmentAdvice {
    /// Warns, with the eligibility rules' reasons, when the person cannot yet sit the course's level as of
    /// the course's last day. A warning, not a refusal: people train before they may sit (DECISIONS.md).
    static let advisor: EnrolmentAdvisor? = { db, person, course in
        let facts = try CandidateFacts.load(db, person: person)
        let lists = try RelatedLists.load(db)
        let result = Eligibility.evaluate(facts, level: course.level, on: course.endsOn, lists: lists)
        guard !result.eligible else { return [] }
        let reasons = result.conditions.map(\.why).joined(separator: "; ")
        let level = "level \(course.level) (\(course.level.label))"
        return ["\(person.maskedName) cannot yet sit \(level) by \(course.endsOn): \(reasons)"]
    }
}

/// `concord enroll add|import|list|withdraw|approve|progress`.
struct EnrollCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enroll", abstract: "Enrolments, employers' approvals of off-duty training, and progress.",
        subcommands: [Add.self, Import.self, List.self, Withdraw.self, Approve.self, Progress.self])

    struct Add: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Enrol a person on a course (refuses a full course or a second enrolment).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Course code.") var course: String
        @Option(help: "The person's resident identity number.") var person: String
        @Option(help: "Day of enrolment (YYYY-MM-DD, default today).") var on: String?
        @Flag(name: .customLong("subsidised-training"), help: "The course is paid by a government training subsidy.")
        var subsidisedTraining = false

        func run(_ context: CommandContext) async throws {
            let input = EnrolmentInput(
                course: course, person: try Parse.option("--person") { try ResidentID(person) },
                on: try Parse.option("--on", on, Day.init) ?? Day.today(), subsidisedTraining: subsidisedTraining)
            let outcome = try context.store.enrol(input, advisor: EnrolmentAdvice.advisor)
            if context.json { return try context.printJSON(outcome) }
            for warning in outcome.warnings { ConcordMain.printError("warning: \(warning)") }
            print("enrolled \(input.person.masked) on \(course)")
        }
    }

    struct Import: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: """
                Import enrolments from CSV (course,resident_id[,enrolled_on,subsidised_training]); all or nothing.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The CSV file (UTF-8, UTF-8 with BOM, or GB18030).") var file: String
        @Flag(name: .customLong("dry-run"), help: "Check every row, write nothing.") var dryRun = false

        func run(_ context: CommandContext) async throws {
            let document = try CSVDocument(path: file, required: ["course", "resident_id"])
            let (summary, warnings) = try context.store.importEnrolments(
                document, dryRun: dryRun, today: Day.today(), advisor: EnrolmentAdvice.advisor)
            for warning in warnings { ConcordMain.printError("warning: \(warning)") }
            try printImport(summary, context: context, noun: "enrolments", dryRun: dryRun)
        }
    }

    struct List: StoreCommand {
        static let configuration = CommandConfiguration(abstract: "List a course's enrolments (IDs masked).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Course code.") var course: String
        @Flag(help: "Show full identity numbers.") var reveal = false

        func run(_ context: CommandContext) async throws {
            let all = try context.store.enrolments(course: course, reveal: reveal)
            if context.json { return try context.printJSON(all) }
            Output.printTable(
                ["name", "ID", "employer", "enrolled", "status", "subsidised", "approvals"],
                all.map {
                    [$0.name, $0.residentId ?? $0.idMasked, $0.employer ?? "", $0.enrolledOn.description,
                     $0.status.rawValue + ($0.withdrawnOn.map { " \($0)" } ?? ""),
                     $0.subsidisedTraining ? "yes" : "no",
                     String($0.approvals)]
                })
        }
    }

    struct Withdraw: StoreCommand {
        static let configuration = CommandConfiguration(abstract: "Withdraw a person from a course.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Course code.") var course: String
        @Option(help: "The person's resident identity number.") var person: String
        @Option(help: "Day of withdrawal (YYYY-MM-DD, default today).") var on: String?
        @Option(help: "Why.") var reason = ""

        func run(_ context: CommandContext) async throws {
            let id = try Parse.option("--person") { try ResidentID(person) }
            let enrolment = try context.store.withdraw(
                course: course, person: id, on: try Parse.option("--on", on, Day.init) ?? Day.today(), reason: reason)
            if context.json { return try context.printJSON(enrolment) }
            print("withdrew \(id.masked) from \(course) on \(enrolment.withdrawnOn?.description ?? "")")
        }
    }

    struct Approve: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the employer's approval of off-duty (脱产) training for an enrolment.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Course code.") var course: String
        @Option(help: "The person's resident identity number.") var person: String
        @Option(help: "The employer's reference number for the approval.") var reference: String
        @Option(name: .customLong("approved-on"), help: "Day of approval (YYYY-MM-DD).") var approvedOn: String
        @Option(help: "Who approved (name or post).") var approver: String
        @Option(help: "full-time (全脱产) or part-time (半脱产).") var mode = "full-time"
        @Option(help: "First day covered (YYYY-MM-DD).") var from: String
        @Option(help: "Last day covered (YYYY-MM-DD).") var to: String

        func run(_ context: CommandContext) async throws {
            let input = ApprovalInput(
                course: course, person: try Parse.option("--person") { try ResidentID(person) },
                reference: reference, approvedOn: try Parse.option("--approved-on") { try Day(approvedOn) },
                approver: approver, mode: try Parse.option("--mode") { try LeaveApproval.Mode(mode) },
                coversFrom: try Parse.option("--from") { try Day(from) },
                coversTo: try Parse.option("--to") { try Day(to) })
            let approval = try context.store.approve(input)
            if context.json { return try context.printJSON(approval) }
            print("approval \(approval.reference) recorded: \(approval.coversFrom) to \(approval.coversTo) "
                + "(\(approval.mode.rawValue))")
        }
    }

    struct Progress: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "Each enrolment's attended hours, share of course hours, and completed / on track / at risk.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Course code.") var course: String
        @Option(name: .customLong("as-of"), help: "Sessions from this day on are still to come (default today).")
        var asOf: String?

        func run(_ context: CommandContext) async throws {
            let day = try Parse.option("--as-of", asOf, Day.init) ?? Day.today()
            let all = try context.store.progress(course: course, asOf: day)
            if context.json { return try context.printJSON(all) }
            Self.printProgress(all)
        }

        static func printProgress(_ all: [ProgressView]) {
            Output.printTable(
                ["name", "ID", "attended h", "share %", "needed h", "to come h", "state"],
                all.map {
                    [$0.name, $0.idMasked, $0.attendedHours,
                     ProgressRules.percentText(basisPoints: $0.shareBasisPoints),
                     HoursText.of($0.requiredMinutes), HoursText.of($0.remainingMinutes),
                     $0.enrolment == .withdrawn ? "withdrawn" : $0.state.rawValue]
                })
        }
    }
}
