import ArgumentParser
import Certification
import Foundation
import GRDB
import Model
import Signing
import Storage

/// `concord doctor`: every integrity check over a whole database, read-only.
struct DoctorCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check a whole database: SQLite integrity, foreign keys, audit chain, every certificate, keys.",
        discussion: "Reads only. Exits 1 when any check fails (each failure is one line on stderr).")
    @OptionGroup var global: GlobalOptions

    static var openMode: Store.Mode { .readOnly }

    func run(_ context: CommandContext) async throws {
        let report = try Checkup.run(context.store, keys: KeyDirectory(path: context.options.keysPath))
        if context.json {
            try context.printJSON(report)
        } else {
            Output.printTable(
                ["check", "result", "detail"], report.checks.map { [$0.name, $0.ok ? "ok" : "FAIL", $0.detail] })
            print("certificates: " + report.certificates.sorted { $0.key < $1.key }
                .map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        let failed = report.checks.filter { !$0.ok }
        guard failed.isEmpty else {
            throw ConcordError(
                "\(failed.count) check\(failed.count == 1 ? "" : "s") failed: "
                    + failed.map(\.name).joined(separator: ", "),
                at: context.store.path, details: failed.map { "\($0.name): \($0.detail)" })
        }
    }
}

/// What `concord doctor` found.
struct DoctorReport: Encodable, Sendable {
    /// One named check.
    struct Check: Encodable, Sendable {
        var name: String
        var ok: Bool
        var detail: String
    }

    var ok: Bool { checks.allSatisfy(\.ok) }
    var checks: [Check] = []
    /// Certificates per verification outcome (`valid`, `revoked`, `tampered`, …).
    var certificates: [String: Int] = [:]
    /// Audit rows walked.
    var auditRows = 0

    enum CodingKeys: String, CodingKey { case ok, checks, certificates, auditRows }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ok, forKey: .ok)
        try c.encode(checks, forKey: .checks)
        try c.encode(certificates, forKey: .certificates)
        try c.encode(auditRows, forKey: .auditRows)
    }
}

/// The checks `concord doctor` runs, in one read snapshot.
enum Checkup {
    static func run(_ store: Store, keys: KeyDirectory) throws -> DoctorReport {
        var report = try store.read { db in
            var report = DoctorReport()
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            report.checks.append(.init(
                name: "integrity", ok: integrity == ["ok"], detail: integrity.prefix(5).joined(separator: "; ")))
            let orphans = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
            report.checks.append(.init(
                name: "foreign-keys", ok: orphans.isEmpty,
                detail: orphans.isEmpty ? "no dangling references"
                    : orphans.prefix(5).map { "\($0["table"] as String? ?? "") row \($0["rowid"] as Int64? ?? 0)"
                        + " → \($0["parent"] as String? ?? "")" }.joined(separator: "; ")))
            let audit = try AuditLog.verify(db)
            report.auditRows = audit.rows
            report.checks.append(.init(
                name: "audit-chain", ok: audit.isIntact,
                detail: audit.reason.map { "row \(audit.firstBrokenRow ?? 0): \($0)" } ?? "\(audit.rows) rows intact"))
            var bad: [String] = []
            let cursor = try Certificate.order(Column("id")).fetchCursor(db)
            while let certificate = try cursor.next() {
                let result = try Verification.standing(certificate, in: db)
                report.certificates[result.outcome.rawValue, default: 0] += 1
                if result.outcome != .valid && result.outcome != .revoked {
                    bad.append("\(certificate.number) \(result.outcome.rawValue)")
                }
            }
            let total = report.certificates.values.reduce(0, +)
            report.checks.append(.init(
                name: "certificates", ok: bad.isEmpty,
                detail: bad.isEmpty ? "\(total) re-verified" : bad.prefix(5).joined(separator: "; ")
                    + (bad.count > 5 ? " and \(bad.count - 5) more" : "")))
            return report
        }
        report.checks.append(try keyFiles(store, keys: keys))
        return report
    }

    /// The keys folder against the key table: the active key's private key is present, loads (mode 0600,
    /// matching id), and no key file anywhere in the folder is readable by others or belongs to no key.
    static func keyFiles(_ store: Store, keys: KeyDirectory) throws -> DoctorReport.Check {
        let records = try store.signingKeys()
        var problems: [String] = []
        if let active = records.first(where: \.active) {
            do {
                _ = try keys.load(kid: active.kid)
            } catch let error as ConcordError {
                problems.append("active key \(active.kid): \(error.what)")
            }
        } else if !records.isEmpty {
            problems.append("no key is active")
        }
        let known = Set(records.map(\.kid))
        let files = (try? FileManager.default.contentsOfDirectory(atPath: keys.path)) ?? []
        for file in files.sorted() where file.hasSuffix(".pem") {
            let kid = String(file.dropLast(4))
            var info = stat()
            if stat(keys.file(kid: kid), &info) == 0, info.st_mode & 0o077 != 0 {
                problems.append("\(file) has mode \(String(info.st_mode & 0o777, radix: 8)); run 'chmod 600'")
            }
            if !known.contains(kid) { problems.append("\(file) belongs to no key in the database") }
        }
        return .init(
            name: "key-files", ok: problems.isEmpty,
            detail: problems.isEmpty ? "\(records.count) keys; active key file present with mode 600"
                : problems.joined(separator: "; "))
    }
}
