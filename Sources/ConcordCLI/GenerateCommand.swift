import ArgumentParser
import Foundation
import Storage

extension Concord {
    /// `concord generate`: synthetic input files for the benchmarks (hidden from help).
    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write synthetic import files for benchmarks.", shouldDisplay: false,
            subcommands: [Registry.self])

        /// `concord generate registry --persons N --out DIR`: employers.csv and persons.csv.
        struct Registry: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Write DIR/employers.csv (30 rows) and DIR/persons.csv (N rows, unique valid IDs).")
            @Option(help: "How many persons.") var persons = 100_000
            @Option(help: "Output folder (must exist).") var out: String
            @Option(help: "Seed.") var seed: UInt64 = 7

            func validate() throws {
                guard (1...13_000_000).contains(persons) else {
                    throw ValidationError("--persons must be between 1 and 13000000")
                }
            }

            func run() async throws {
                var gen = SyntheticRegistry(seed: seed)
                let (employers, codes) = DemoRegistry.employerCSV(generator: &gen)
                let folder = URL(fileURLWithPath: out)
                try Data(employers.utf8).write(to: folder.appendingPathComponent("employers.csv"))
                let people = DemoRegistry.personCSV(count: persons, employers: codes, generator: &gen)
                try Data(people.utf8).write(to: folder.appendingPathComponent("persons.csv"))
                print("wrote \(folder.path)/employers.csv and persons.csv (\(persons) rows)")
            }
        }
    }
}
