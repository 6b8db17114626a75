import ArgumentParser
import Certification
import Foundation
import GRDB
import Model
import Storage

extension Concord {
    /// `concord bench`: in-process timings for the benchmark scripts (hidden from help).
    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "In-process timings for Benchmarks/.", shouldDisplay: false, subcommands: [Verify.self])

        /// `concord bench verify --codes FILE --repeat N`: mean time of one code verification.
        struct Verify: StoreCommand {
            static let configuration = CommandConfiguration(
                abstract: "Verify every code of FILE N times in one process and print the mean time per lookup.",
                discussion: """
                    One untimed pass warms the caches first. Prints `lookups=… mean_us=… index_us=… valid=…`: \
                    mean_us is the whole verification (the indexed lookup by code and both signature checks, as \
                    `concord verify` and the HTTP verifier do it); index_us is the indexed fetch by code alone.
                    """)
            static var openMode: Store.Mode { .readOnly }
            @OptionGroup var global: GlobalOptions
            @Option(help: "A file with one short code a line.") var codes: String
            @Option(help: "How many timed passes over the codes.") var `repeat` = 5

            func validate() throws {
                guard (1...1000).contains(`repeat`) else { throw ValidationError("--repeat must be 1-1000") }
            }

            func run(_ context: CommandContext) async throws {
                guard let text = try? String(contentsOfFile: codes, encoding: .utf8) else {
                    throw ConcordError("cannot read the file", at: codes)
                }
                let list = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
                guard !list.isEmpty else { throw ConcordError("the file has no codes", at: codes) }
                let store = context.store
                let (whole, valid) = try store.read { db in
                    for code in list { _ = try Verification.verify(code: code, in: db) }
                    var valid = 0
                    let clock = ContinuousClock()
                    let elapsed = try clock.measure {
                        for _ in 0..<`repeat` {
                            for code in list where try Verification.verify(code: code, in: db).outcome == .valid {
                                valid += 1
                            }
                        }
                    }
                    return (elapsed, valid)
                }
                let index = try store.read { db in
                    let statement = try db.makeStatement(sql: "SELECT * FROM certificate WHERE code = ?")
                    return try ContinuousClock().measure {
                        for _ in 0..<`repeat` {
                            for code in list { _ = try Row.fetchOne(statement, arguments: [code]) }
                        }
                    }
                }
                let lookups = list.count * `repeat`
                func micros(_ d: Duration) -> String {
                    let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
                    return String(format: "%.2f", seconds * 1e6 / Double(lookups))
                }
                print("lookups=\(lookups) mean_us=\(micros(whole)) index_us=\(micros(index)) valid=\(valid)")
            }
        }
    }
}
