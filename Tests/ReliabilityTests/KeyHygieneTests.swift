import Foundation
import GRDB
import Testing

/// Point 5: private keys stay in their files; loose files are refused; rotation and compromise behave.
@Suite struct KeyHygieneTests {
    /// A database with a key and two people passed at level 4 at EV.
    static func prepared() throws -> Bench {
        let bench = try Bench()
        _ = try Setup.passed(bench, count: 3) { _ in "EV" }
        return bench
    }

    static func issue(_ bench: Bench, _ person: Int) throws -> [String: Any] {
        let r = try bench.run("cert", "issue", "--person", residentID(person), "--level", "4", "--date", "2025-04-01",
                              "--json")
        #expect(r.status == 0, "\(r.stderr)")
        return (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]) ?? [:]
    }

    static func keyFiles(_ bench: Bench) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: bench.keys).filter { $0.hasSuffix(".pem") }.sorted()
    }

    @Test func privateKeyBytesNeverLeaveTheKeyFile() throws {
        let bench = try Self.prepared()
        let certificate = try Self.issue(bench, 0)
        let file = bench.keys + "/" + (try Self.keyFiles(bench)[0])
        let pem = try String(contentsOfFile: file, encoding: .utf8)
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        let der = try #require(Data(base64Encoded: body))
        let seed = [UInt8](der.suffix(32))
        // Every form the private key could leak in: PEM body, raw seed, its base64, base64url and hex.
        let seedBase64 = Data(seed).base64EncodedString()
        let needles = [
            body, seedBase64, String(seedBase64.dropLast()), seedBase64.replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: ""),
            seed.map { String(format: "%02x", $0) }.joined(),
        ]
        var outputs: [String] = []
        let code = certificate["code"] as? String ?? ""
        for arguments in [
            ["keys", "list", "--json"], ["keys", "list"], ["keys", "jwks"], ["cert", "show", code, "--json"],
            ["verify", code, "--json"], ["doctor", "--json"], ["audit", "list", "--json", "--limit", "100"],
            ["cert", "issue", "--person", residentID(0), "--level", "4"], ["keys", "generate"],
        ] {
            let r = try bench.run(arguments)
            outputs += [r.stdout, r.stderr]
        }
        // A key file others can read is refused, and the refusal does not quote the key.
        #expect(chmod(file, 0o644) == 0)
        let refused = try bench.run("cert", "issue", "--person", residentID(1), "--level", "4")
        #expect(refused.status != 0 && refused.stderr.contains("chmod 600"), "\(refused.stderr)")
        outputs += [refused.stdout, refused.stderr]
        let doctor = try bench.run("doctor")
        #expect(doctor.status != 0 && doctor.stderr.contains("key-files"), "\(doctor.stderr)")
        outputs += [doctor.stdout, doctor.stderr]
        #expect(chmod(file, 0o600) == 0)

        for text in outputs {
            for needle in needles { #expect(!text.contains(needle)) }
        }
        var database = [UInt8]()
        for suffix in ["", "-wal"] {
            database += [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: bench.database + suffix))) ?? Data())
        }
        #expect(!database.isEmpty)
        for needle in needles.map({ Array($0.utf8) }) + [seed] {
            #expect(!contains(database, needle), "the database holds private key bytes")
        }
    }

    func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count, let first = needle.first else { return false }
        var i = 0
        while i <= haystack.count - needle.count {
            if haystack[i] == first && Array(haystack[i..<i + needle.count]) == needle { return true }
            i += 1
        }
        return false
    }

    @Test func rotationKeepsOldCertificatesAndCompromiseRevokesWhatCameAfter() throws {
        let bench = try Self.prepared()
        let before = try Self.issue(bench, 0)
        let kid = before["kid"] as? String ?? ""
        #expect(try bench.run("keys", "rotate").status == 0)
        let afterRotation = try Self.issue(bench, 1)
        #expect(afterRotation["kid"] as? String != kid)
        #expect(try bench.run("verify", before["code"] as? String ?? "").stdout.hasPrefix("valid"))
        #expect(try bench.run("keys", "jwks").stdout.contains(kid))

        // The new key leaks after certificate 1 was signed; certificate 2 is signed after the leak.
        let newKid = afterRotation["kid"] as? String ?? ""
        let leak = try bench.run("verify", afterRotation["code"] as? String ?? "", "--json")
        #expect(leak.status == 0)
        let sinceText = ISO8601DateFormatter.fractional.string(from: Date())
        let late = try Self.issue(bench, 2)
        #expect(late["kid"] as? String == newKid)
        let refusedReason = try bench.run("cert", "revoke", late["number"] as? String ?? "", "--reason",
                                          "key-compromise", "--note", "x")
        #expect(refusedReason.status != 0 && refusedReason.stderr.contains("keys compromise"))
        let compromise = try bench.run("keys", "compromise", newKid, "--since", sinceText, "--json")
        #expect(compromise.status == 0, "\(compromise.stderr)")

        let revoked = try bench.run("verify", late["code"] as? String ?? "", "--json")
        #expect(revoked.status != 0)
        let answer = try JSONSerialization.jsonObject(with: Data(revoked.stdout.utf8)) as? [String: Any]
        #expect(answer?["outcome"] as? String == "revoked")
        #expect(answer?["revokedReason"] as? String == "key-compromise")
        let byToken = try bench.run("verify", "--token", late["token"] as? String ?? "", "--json")
        #expect(byToken.stdout.contains("key-compromise"))
        // Signed before the leak: still valid (online); the first key is untouched.
        #expect(try bench.run("verify", afterRotation["code"] as? String ?? "").stdout.hasPrefix("valid"))
        #expect(try bench.run("verify", before["code"] as? String ?? "").stdout.hasPrefix("valid"))
        // The leaked key left the JWKS; a replacement is active and in it.
        let jwks = try bench.run("keys", "jwks").stdout
        #expect(!jwks.contains(newKid) && jwks.contains(kid))
        #expect(try bench.run("keys", "list").stdout.contains("compromised since"))
        #expect(try bench.run("keys", "compromise", newKid, "--since", "2025-01-01").status != 0)
        #expect(try bench.run("doctor").status == 0)
        #expect(try bench.run("audit", "verify").status == 0)
    }
}

extension ISO8601DateFormatter {
    /// ISO 8601 with milliseconds, the precision certificates are stamped with.
    static var fractional: ISO8601DateFormatter {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }
}
