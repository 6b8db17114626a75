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
        abstract: "Check a whole database: SQLite integrity, foreign keys, audit chain, every certificate, "
            + "revocation history, keys.",
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
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM certificate ORDER BY id")
            while let row = try cursor.next() {
                let result: VerificationResult
                do {
                    result = try Verification.standing(try Certificate(row: row), in: db)
                } catch let error as ConcordError {  // a value no command writes
                    result = Verification.unreadable(error)
                }
                report.certificates[result.outcome.rawValue, default: 0] += 1
                if result.outcome != .valid && result.outcome != .revoked {
                    bad.append("\(row["number"] as String? ?? "?") \(result.outcome.rawValue)")
                }
            }
            let total = report.certificates.values.reduce(0, +)
            report.checks.append(.init(
                name: "certificates", ok: bad.isEmpty,
                detail: bad.isEmpty ? "\(total) re-verified" : bad.prefix(5).joined(separator: "; ")
                    + (bad.count > 5 ? " and \(bad.count - 5) more" : "")))
            report.checks.append(try revocationHistory(db))
            return report
        }
        report.checks.append(try keyFiles(store, keys: keys))
        return report
    }

    /// Each certificate's revocation state against its history and the audit log. Revocation columns are not
    /// signed (a certificate is revoked after it is issued), so an edit that clears them makes a revoked
    /// certificate verify as valid; the last revoke or reinstate recorded for it, in `certificate_status_change`
    /// and in the hash-chained audit log, must agree with the row: revoked on that day for that reason, or not
    /// revoked.
    static func revocationHistory(_ db: Database) throws -> DoctorReport.Check {
        let rows = try Row.fetchCursor(db, sql: """
            WITH change AS (
                SELECT certificate_id, action, reason, on_day,
                       row_number() OVER (PARTITION BY certificate_id ORDER BY id DESC) AS k
                FROM certificate_status_change),
            audited AS (
                SELECT substr(entity, length('certificate:') + 1) AS number, action,
                       json_extract(details, '$.reason') AS reason, json_extract(details, '$.on') AS on_day,
                       row_number() OVER (PARTITION BY entity ORDER BY id DESC) AS k
                FROM audit_log WHERE action IN ('certificate.revoke', 'certificate.reinstate'))
            SELECT c.number, c.revoked_on, c.revoked_reason,
                   s.action AS change, s.reason AS change_reason, s.on_day AS change_on,
                   a.action AS audit, a.reason AS audit_reason, a.on_day AS audit_on
            FROM certificate c
            LEFT JOIN change s ON s.certificate_id = c.id AND s.k = 1
            LEFT JOIN audited a ON a.number = c.number AND a.k = 1
            ORDER BY c.id
            """)
        func state(_ revoked: Bool, _ on: String?, _ reason: String?) -> String {
            revoked ? "revoked \(on ?? "?") (\(reason ?? "?"))" : "not revoked"
        }
        var problems: [String] = []
        var checked = 0
        while let row = try rows.next() {
            checked += 1
            let number: String = row["number"]
            let revokedOn: String? = row["revoked_on"]
            let reason: String? = row["revoked_reason"]
            let stored = state(revokedOn != nil, revokedOn, reason)
            let history = state(row["change"] as String? == "revoke", row["change_on"], row["change_reason"])
            let audit = state(row["audit"] as String? == "certificate.revoke", row["audit_on"], row["audit_reason"])
            if stored != history || stored != audit {
                problems.append("\(number) is \(stored), its history says \(history), the audit log \(audit)")
            }
        }
        return .init(
            name: "revocations", ok: problems.isEmpty,
            detail: problems.isEmpty ? "\(checked) certificates agree with their history and the audit log"
                : problems.prefix(5).joined(separator: "; ")
                    + (problems.count > 5 ? " and \(problems.count - 5) more" : ""))
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
