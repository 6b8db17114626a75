import Foundation
import GRDB
import Storage
import Testing

/// Point 1: a `concord person import` of 50 000 rows killed with SIGKILL at seeded random moments leaves a
/// healthy database holding all of the rows or none, with an intact audit chain.
@Suite(.serialized) struct CrashSafetyTests {
    static let rows = 50_000
    static let runs = 20

    /// What a database file holds after a crash.
    struct State: Equatable {
        var integrity: String
        var persons: Int
        var importAudits: Int
        var auditIntact: Bool
    }

    static func inspect(_ path: String) throws -> State {
        let queue = try DatabaseQueue(path: path)
        return try queue.read { db in
            State(
                integrity: try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; "),
                persons: try Int.fetchOne(db, sql: "SELECT count(*) FROM person") ?? -1,
                importAudits: try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM audit_log WHERE action = 'person.import'") ?? -1,
                auditIntact: try AuditLog.verify(db).isIntact)
        }
    }

    /// Copies the template database (main file and WAL) to a fresh name.
    static func copy(_ bench: Bench, template: String, to name: String) throws -> String {
        let target = bench.path(name)
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: template + suffix) {
            try FileManager.default.copyItem(atPath: template + suffix, toPath: target + suffix)
        }
        return target
    }

    @Test func killedImportsLeaveAllRowsOrNone() throws {
        let bench = try Bench()
        #expect(try bench.run("init").status == 0)
        let generated = try bench.run("generate", "registry", "--persons", String(Self.rows), "--out", bench.dir.path)
        #expect(generated.status == 0, "\(generated.stderr)")
        let employers = try bench.run("employer", "import", bench.path("employers.csv"))
        #expect(employers.status == 0, "\(employers.stderr)")
        let template = bench.database
        let persons = bench.path("persons.csv")

        // One run to the end: the import works and takes `full` seconds.
        let whole = try Self.copy(bench, template: template, to: "whole.sqlite")
        bench.env["CONCORD_DB"] = whole
        let started = Date()
        let completed = try bench.run("person", "import", persons)
        let full = Date().timeIntervalSince(started)
        #expect(completed.status == 0, "\(completed.stderr)")
        #expect(
            try Self.inspect(whole) == State(integrity: "ok", persons: Self.rows, importAudits: 1, auditIntact: true))

        var generator = SplitMix64(seed: 0xC0C0_2026)
        var killed = 0, finishedFirst = 0, checkedRows = 0
        for run in 0..<Self.runs {
            let db = try Self.copy(bench, template: template, to: "run\(run).sqlite")
            bench.env["CONCORD_DB"] = db
            let child = try bench.start(["person", "import", persons])
            // Half the runs die at any moment of the import (start-up, parsing, checking, writing); the other
            // half once pages are going into the WAL (the commit, or earlier spills), so the kill lands
            // mid-write.
            let delay: Double
            if run % 2 == 1 {
                let wal = db + "-wal"
                let deadline = Date().addingTimeInterval(max(full, 2) * 2)
                while child.process.isRunning, Date() < deadline {
                    let attributes = try? FileManager.default.attributesOfItem(atPath: wal)
                    if ((attributes?[.size] as? NSNumber)?.intValue ?? 0) > 64 * 1024 { break }
                    usleep(1_000)
                }
                delay = Double(generator.next() % 20_000) / 1_000_000
            } else {
                delay = Double(generator.next() % 1_000_000) / 1_000_000 * full * 0.9
            }
            usleep(UInt32(delay * 1_000_000))
            if child.process.isRunning {
                kill(child.process.processIdentifier, SIGKILL)
            }
            let result = child.wait()
            if child.process.terminationReason == .uncaughtSignal {
                killed += 1
            } else {
                #expect(result.status == 0, "\(result.stderr)")
                finishedFirst += 1
            }
            let state = try Self.inspect(db)
            #expect(state.integrity == "ok", "run \(run)")
            #expect(state.persons == 0 || state.persons == Self.rows, "run \(run): \(state.persons) persons")
            #expect(state.importAudits == (state.persons == 0 ? 0 : 1), "run \(run)")
            #expect(state.auditIntact, "run \(run)")
            checkedRows += state.persons
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
        }
        #expect(killed >= Self.runs * 3 / 4, "only \(killed) of \(Self.runs) runs were killed before finishing")
        print("crash safety: \(killed) runs killed, \(finishedFirst) finished first, full import \(full) s, "
            + "\(checkedRows) rows found after kills")
    }
}
