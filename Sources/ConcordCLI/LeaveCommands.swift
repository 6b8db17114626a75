import ArgumentParser
import Enrollment
import Foundation
import Model
import Storage

/// `concord leave statement`.
struct LeaveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leave", abstract: "Paid training leave (浙人社发〔2023〕18号 第二(四)1条).",
        subcommands: [Statement.self])

    struct Statement: StoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "An employer's paid-leave statement: approved training days (no deduction), unapproved hours.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The employer's credit code.") var employer: String
        @Option(help: "First day (YYYY-MM-DD).") var from: String
        @Option(help: "Last day (YYYY-MM-DD).") var to: String
        @Option(help: "table, csv, json or html (printable A4 page).") var format = "table"

        func validate() throws {
            guard ["table", "csv", "json", "html"].contains(format) else {
                throw ValidationError("--format must be table, csv, json or html")
            }
        }

        func run(_ context: CommandContext) async throws {
            let statement = try context.store.paidLeaveStatement(
                employer: try Parse.option("--employer") { try CreditCode(employer) },
                from: try Parse.option("--from") { try Day(from) }, to: try Parse.option("--to") { try Day(to) },
                today: Day.today())
            switch context.json ? "json" : format {
            case "json": try context.printJSON(statement)
            case "csv": print(try StatementFormats.csv(statement), terminator: "")
            case "html": print(try StatementFormats.html(statement), terminator: "")
            default: Self.printTable(statement)
            }
        }

        static func printTable(_ s: PaidLeaveStatement) {
            print("\(s.employer) (\(s.creditCode)), \(s.from) to \(s.to)")
            print("rule: \(s.rule)")
            var rows: [[String]] = []
            for e in s.employees {
                for d in e.protectedDays {
                    rows.append([e.name, e.idMasked, d.date.description, d.course, d.kind, d.hours, d.approval ?? ""])
                }
                for d in e.unprotectedDays {
                    rows.append([e.name, e.idMasked, d.date.description, d.course, d.kind, d.hours, "NOT PROTECTED"])
                }
                rows.append([e.name, e.idMasked, "total", "", "",
                             "\(e.protectedHours) protected + \(e.unprotectedHours) not", ""])
            }
            Output.printTable(["employee", "ID", "date", "course", "kind", "hours", "approval"], rows)
            print("total: \(s.protectedHours) h protected, \(s.unprotectedHours) h attended without approval "
                + "(\(s.employees.count) employees)")
        }
    }
}
