import Foundation
import GRDB
import Model

/// The bad rows found while importing a file, each as `line N: reason`.
public final class RowProblems {
    /// The reports, in line order.
    public private(set) var lines: [String] = []
    /// How many rows were bad.
    public var count: Int { lines.count }

    public init() {}

    /// Records a bad row.
    public func add(line: Int, _ reason: String) {
        lines.append("line \(line): \(reason)")
    }

    /// Runs `body` for one record; a `ConcordError` it throws becomes that record's report.
    public func check<T>(_ record: CSVRecord, _ body: () throws -> T) -> T? {
        add(Self.evaluate(record, body), line: record.line)
    }

    /// The value of an `evaluate` outcome, or nil after recording its reason for `line`.
    public func add<T>(_ outcome: Result<T, BadRow>, line: Int) -> T? {
        switch outcome {
        case .success(let value):
            return value
        case .failure(let bad):
            add(line: line, bad.reason)
            return nil
        }
    }

    /// What `check` does for one record, without recording anything, so that rows can be checked on several
    /// cores and reported afterwards in line order: the record's width is checked, then `body` runs.
    public static func evaluate<T>(_ record: CSVRecord, _ body: () throws -> T) -> Result<T, BadRow> {
        do {
            try record.checkWidth()
            return .success(try body())
        } catch let error as ConcordError {
            return .failure(BadRow(reason: error.description))
        } catch {
            return .failure(BadRow(reason: "\(error)"))
        }
    }

    /// Why one row is bad, as `line N: reason` reports it.
    public struct BadRow: Error, Sendable {
        /// The reason reported after the line number.
        public let reason: String
    }
}

/// Runs imports all-or-nothing: one transaction, every bad row reported, `--dry-run` rolls back.
public struct Importer: Sendable {
    /// The store written to.
    public let store: Store
    /// Validate only: do everything, then roll back.
    public let dryRun: Bool

    public init(store: Store, dryRun: Bool) {
        self.store = store
        self.dryRun = dryRun
    }

    /// Runs `body` in one transaction. If it reports any bad row, nothing is written and the error lists
    /// every one; with `dryRun` the transaction is rolled back even when all rows are good.
    public func run<Summary: Sendable>(
        _ document: CSVDocument, _ body: @Sendable (Database, RowProblems) throws -> Summary
    ) throws -> Summary {
        let dryRun = self.dryRun
        let result: Result<Summary, ConcordError> = try store.writer.writeWithoutTransaction { db in
            var outcome: Result<Summary, ConcordError> = .failure(ConcordError("import did not run"))
            // Room for the whole import's pages (SQLite's default is 2 MB): otherwise SQLite writes pages to the
            // WAL in the middle of the transaction to make room, and writes many of them again later. And a
            // `RowBatch` statement's journal stays in memory.
            try Store.bulkWriting(db) {
                do {
                    try db.inTransaction(.immediate) {
                        let problems = RowProblems()
                        let summary = try body(db, problems)
                        if problems.count > 0 {
                            outcome = .failure(
                                ConcordError(
                                    "\(problems.count) bad row\(problems.count == 1 ? "" : "s"); nothing was written",
                                    at: document.source, details: problems.lines))
                            return .rollback
                        }
                        outcome = .success(summary)
                        return dryRun ? .rollback : .commit
                    }
                } catch let error as DatabaseError {
                    outcome = .failure(StoreErrors.userFacing(error, path: store.path).located(document.source))
                }
            }
            return outcome
        }
        return try result.get()
    }
}

/// A progress line on a terminal (`importing 12000/100000`), silent when standard error is piped.
public final class ProgressLine: @unchecked Sendable {
    private let label: String
    private let total: Int
    private let enabled: Bool
    private var lastShown = -1

    /// A progress line for `total` items; shown only when standard error is a terminal.
    public init(_ label: String, total: Int) {
        self.label = label
        self.total = total
        enabled = isatty(2) == 1
    }

    /// Updates the line every 1% or so.
    public func update(_ done: Int) {
        guard enabled else { return }
        let step = max(total / 100, 1)
        guard done == total || done - lastShown >= step else { return }
        lastShown = done
        FileHandle.standardError.write(Data("\r\(label) \(done)/\(total)".utf8))
    }

    /// Clears the line.
    public func finish() {
        guard enabled, lastShown >= 0 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
