import ArgumentParser
import Coverage
import Foundation
import Model
import Storage

/// `concord coverage`: coordinators against the seed's quotas.
struct CoverageCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Coordinator staffing against the quotas: per unit, shortfalls, rates per city and district.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only units under this region path (杭州市/西湖区).") var region: String?
    @Option(help: "The day to report on (default today).") var on: String?
    @Option(help: "table, csv, json or html.") var format = "table"

    /// How the report is printed.
    enum Format: String, CaseIterable { case table, csv, json, html }

    func run(_ context: CommandContext) async throws {
        let format = try Parse.option("--format") {
            guard let f = Format(rawValue: self.format.lowercased()) else {
                throw ConcordError("format \(self.format) is not table, csv, json or html")
            }
            return context.json ? .json : f
        }
        let day = try Parse.option("--on", on, Day.init) ?? Day.today()
        let report = try context.store.coverage(region: region, on: day, certified: .certification)
        switch format {
        case .json: try context.printJSON(report)
        case .csv: print(try report.csv(), terminator: "")
        case .html: print(try report.html(), terminator: "")
        case .table: Self.printTable(report)
        }
    }

    /// The report for people: units, shortfalls by name, rates, and where certified counts come from.
    static func printTable(_ report: CoverageReport) {
        print("coverage of \(report.region.isEmpty ? "all regions" : report.region) on \(report.on) "
            + "(many firms from \(report.manyFirmsThreshold) employers)")
        Output.printTable(CoverageReport.unitColumns, report.unitRows)
        print("")
        if report.shortfalls.isEmpty {
            print("shortfalls: none")
        } else {
            print("shortfalls:")
            for unit in report.shortfalls {
                print("  \(unit.unit) (\(unit.kind), \(unit.path)): \(unit.appointed) of \(unit.required), "
                    + "\(unit.shortfall) more needed")
            }
        }
        print("")
        Output.printTable(CoverageReport.rateColumns, report.rateRows)
        print(report.certifiedNote)
    }
}
