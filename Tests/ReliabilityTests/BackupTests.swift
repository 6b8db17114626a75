import Certification
import Foundation
import GRDB
import Storage
import Testing

/// Point 6: `concord backup` copies a database in use, and the copy passes `concord doctor`.
@Suite struct BackupTests {
    @Test func backupWhileAnotherProcessWritesAndTheVerifierReads() throws {
        let bench = try Bench()
        let store = try Setup.passed(bench, count: 40) { _ in "EV" }
        let first = try KeyHygieneTests.issue(bench, 0)
        // A writer (batch issuance of 39 certificates) and a reader (the verifier's read-only store) at once.
        let writer = try bench.start(["cert", "issue", "--all-passed", "--date", "2025-04-01"])
        let verifier = try Store(path: bench.database, mode: .readOnly)
        let backup = try bench.start(["backup", "--out", bench.path("copy.sqlite"), "--json"])
        #expect(try verifier.verify(code: first["code"] as? String ?? "").outcome == .valid)
        let copied = backup.wait()
        #expect(writer.wait().status == 0)
        #expect(copied.status == 0, "\(copied.stderr)")
        #expect(copied.stdout.contains("\"integrity\" : \"ok\""))
        // The copy is one consistent snapshot: before the batch, or after it (never half of it).
        let copy = try DatabaseQueue(path: bench.path("copy.sqlite"))
        let count = try copy.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM certificate") ?? 0 }
        #expect(count == 1 || count == 40, "\(count)")
        let doctor = try bench.run("doctor", "--db", bench.path("copy.sqlite"), "--keys", bench.keys)
        #expect(doctor.status == 0, "\(doctor.stderr)")
        #expect(try bench.run("backup", "--out", bench.path("copy.sqlite")).status != 0)  // never overwrites
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM certificate") } == 40)
    }
}
