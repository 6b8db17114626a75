import Certification
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GRDB
import Logging
import Storage

/// The end of the demo: the verifier over the demo database, with URLs of a valid and a revoked certificate.
enum DemoServe {
    static func run(store: Store, path: String, port: Int) async throws {
        let codes = try store.read { db in
            (
                valid: try String.fetchOne(
                    db, sql: "SELECT code FROM certificate WHERE revoked_on IS NULL ORDER BY id LIMIT 1"),
                revoked: try String.fetchOne(
                    db, sql: "SELECT code FROM certificate WHERE revoked_on IS NOT NULL ORDER BY id LIMIT 1")
            )
        }
        fflush(nil)  // what print() buffered so far comes first
        FileHandle.standardOutput.write(Data("== Verifier ==\n".utf8))
        let settings = VerifierSettings(
            host: "127.0.0.1", port: port, rate: 20, burst: 40, trustForwardedFor: false, logLevel: .warning)
        try await Serving.run(databasePath: path, settings: settings) { port in
            let base = "http://127.0.0.1:\(port)"
            var lines = ["verifier running on \(base)  (Ctrl-C to stop)", "  page:     \(base)/"]
            if let valid = codes.valid {
                lines.append("  valid:    \(base)/v/\(valid)")
                lines.append("  try:      curl -s '\(base)/api/v1/verify/\(valid)'")
            }
            if let revoked = codes.revoked {
                lines.append("  revoked:  \(base)/v/\(revoked)")
                lines.append("  try:      curl -s '\(base)/api/v1/verify/\(revoked)'")
            }
            lines.append("  keys:     curl -s '\(base)/.well-known/jwks.json'")
            // Written straight to the file handle: print() may sit in a buffer while the server runs.
            FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }
    }
}
