import Certification
import Foundation
import GRDB
import Model
import Storage
import Testing

/// Migration 0009 rebuilds `certificate` without the UNIQUE index on `token`: a database made before it keeps
/// every certificate and revocation exactly, its rules stay enforced, and what it verified still verifies.
@Suite struct TokenIndexMigrationTests {
    static let before = "0008_reliability"

    /// Every certificate and status change, each row as text.
    @Sendable static func rows(_ db: Database) throws -> (certificates: [String], changes: [String]) {
        (
            try Row.fetchAll(db, sql: "SELECT * FROM certificate ORDER BY id").map(\.description),
            try Row.fetchAll(db, sql: "SELECT * FROM certificate_status_change ORDER BY id").map(\.description)
        )
    }

    /// Whether an index makes `certificate.token` unique.
    @Sendable static func tokenIsUnique(_ db: Database) throws -> Bool {
        try Row.fetchAll(db, sql: "PRAGMA index_list(certificate)").contains { index in
            let columns = try String.fetchAll(
                db, sql: "SELECT name FROM pragma_index_info(?)", arguments: [index["name"] as String?])
            return columns == ["token"] && index["unique"] == 1
        }
    }

    @Test func aDatabaseFromBeforeKeepsEveryRowAndRule() throws {
        // A database with a revoked certificate and one in force, as the current schema writes them.
        let f = try Fixture()
        let revoked = try f.store.revokeCertificate(try f.issued().number, reason: .error, note: "typo in name")
        let valid = try f.store.issueCertificate(
            person: ResidentID(Fixture.zhang), level: .four, keys: f.keys, on: try Day("2025-04-02"))

        // The same rows in a file at the schema before 0009.
        let old = f.dir.appendingPathComponent("old.sqlite").path
        let queue = try DatabaseQueue(path: old)
        try Store.migrator().migrate(queue, upTo: Self.before)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(
                sql: "ATTACH DATABASE ? AS current", arguments: [f.dir.appendingPathComponent("c.sqlite").path])
            let tables = try String.fetchAll(db, sql: """
                SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                AND name <> 'grdb_migrations'
                """)
            for table in tables {  // the migrations' own rows (lists, settings) are replaced too
                try db.execute(sql: "DELETE FROM main.\"\(table)\"")
                try db.execute(sql: "INSERT INTO main.\"\(table)\" SELECT * FROM current.\"\(table)\"")
            }
            try db.execute(sql: "DETACH DATABASE current")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        let before = try queue.read(Self.rows)
        #expect(before.certificates.count == 2 && before.changes.count == 1)
        #expect(try queue.read(Self.tokenIsUnique))
        try queue.close()

        // Opening it with the current store runs 0009.
        let store = try Store(path: old, actor: "test")
        let after = try store.read(Self.rows)
        #expect(after.certificates == before.certificates)
        #expect(after.changes == before.changes)
        let (unique, orphans, integrity) = try store.read { db in
            (
                try Self.tokenIsUnique(db), try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count,
                try String.fetchOne(db, sql: "PRAGMA integrity_check")
            )
        }
        #expect(unique == false && orphans == 0 && integrity == "ok")
        // The rules that stay: one code per certificate, one certificate in force per person and level, and a
        // status change must name a certificate.
        try store.write { db in
            let copy = "INSERT INTO certificate SELECT NULL, ?, person_id, body_id, level, holder_name, id_masked, "
                + "occupation, body_name, issued_on, ?, kid, token, seal, theory_assessment_id, skills_assessment_id, "
                + "revoked_on, revoked_reason, revoked_note, created_at FROM certificate WHERE id = ?"
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: copy, arguments: ["S000033000001254000999", revoked.code, revoked.id])
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: """
                    INSERT INTO certificate_status_change (certificate_id, action, reason, note, on_day, at)
                    VALUES (999, 'revoke', 'error', '', '2027-01-01', '2027-01-01T00:00:00Z')
                    """)
            }
        }
        // What verified before verifies the same.
        #expect(try store.verify(code: revoked.code).outcome == .revoked)
        #expect(try store.verify(code: valid.code).outcome == .valid)
    }
}
