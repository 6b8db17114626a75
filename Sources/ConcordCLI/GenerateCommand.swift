import ArgumentParser
import Foundation
import Model
import Storage

extension Concord {
    /// `concord generate`: synthetic input files for the benchmarks (hidden from help).
    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write synthetic import files for benchmarks.", shouldDisplay: false,
            subcommands: [Registry.self, Certification.self, Contest.self])

        /// Writes `employers.csv` (30 rows) and `persons.csv` (`persons` rows) into `folder`; returns the persons
        /// CSV text.
        static func writeRegistry(
            persons: Int, to folder: URL, generator gen: inout SyntheticRegistry
        ) throws -> String {
            let (employers, codes) = DemoRegistry.employerCSV(generator: &gen)
            try Data(employers.utf8).write(to: folder.appendingPathComponent("employers.csv"))
            let people = DemoRegistry.personCSV(count: persons, employers: codes, generator: &gen)
            try Data(people.utf8).write(to: folder.appendingPathComponent("persons.csv"))
            return people
        }

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
                let folder = URL(fileURLWithPath: out)
                _ = try Generate.writeRegistry(persons: persons, to: folder, generator: &gen)
                print("wrote \(folder.path)/employers.csv and persons.csv (\(persons) rows)")
            }
        }
        /// `concord generate certification --persons N --out DIR`: a registry whose people all passed level 4.
        struct Certification: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Write employers.csv, persons.csv and assessments.csv (every person passed level 4).",
                discussion: """
                    Everyone began related work by 2024, so all may sit level 4 on the assessment date. The \
                    sittings alternate between the evaluation bodies ZJ-EVAL-01 and ZJ-EVAL-02 (a body issues \
                    at most 999999 certificates a year and level).
                    """)
            @Option(help: "How many persons.") var persons = 10_000
            @Option(help: "Output folder (must exist).") var out: String
            @Option(help: "Assessment date (YYYY-MM-DD).") var date = "2029-03-15"
            @Option(help: "Seed.") var seed: UInt64 = 11

            func validate() throws {
                guard (1...1_998_000).contains(persons) else {
                    throw ValidationError("--persons must be between 1 and 1998000")
                }
            }

            func run() async throws {
                let day = try Parse.option("--date", date, Day.init) ?? Day.epoch
                var gen = SyntheticRegistry(seed: seed)
                let folder = URL(fileURLWithPath: out)
                let people = try Generate.writeRegistry(persons: persons, to: folder, generator: &gen)
                var sittings = "resident_id,level,body,date,theory,skills\n"
                sittings.reserveCapacity(persons * 48)
                for (i, line) in people.split(separator: "\n").dropFirst().enumerated() {
                    let id = line.split(separator: ",", maxSplits: 2)[1]
                    sittings += "\(id),4,ZJ-EVAL-0\(i % 2 + 1),\(day),\(60 + gen.below(41)),\(60 + gen.below(41))\n"
                }
                try Data(sittings.utf8).write(to: folder.appendingPathComponent("assessments.csv"))
                print("wrote \(folder.path)/employers.csv, persons.csv and assessments.csv (\(persons) rows)")
            }
        }

        /// `concord generate contest --db PATH`: a database with one large contest, marked and locked.
        struct Contest: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create a database with contest BENCH: C contestants, J judges, K judgement criteria.")
            @Option(help: "The database to create (must not exist).") var db: String
            @Option(help: "How many contestants.") var contestants = 1_000
            @Option(help: "How many judges (each marks every criterion of every contestant).") var judges = 7
            @Option(help: "How many judgement criteria over the three events.") var criteria = 30
            @Option(help: "Seed.") var seed: UInt64 = 5

            func validate() throws {
                guard (1...100_000).contains(contestants), (1...50).contains(judges), (3...300).contains(criteria)
                else { throw ValidationError("give 1-100000 contestants, 1-50 judges and 3-300 criteria") }
            }

            func run() async throws {
                guard !FileManager.default.fileExists(atPath: db) else {
                    throw ConcordError("the file already exists", at: db)
                }
                let store = try Store(path: db, actor: "generate", mode: .create)
                let counts = try SyntheticContest.build(
                    store: store, contestants: contestants, judges: judges, criteria: criteria, seed: seed)
                print("contest \(SyntheticContest.code): \(counts.contestants) contestants, \(counts.judges) judges, "
                    + "\(counts.criteria) criteria, \(counts.marks) marks")
            }
        }
    }
}
