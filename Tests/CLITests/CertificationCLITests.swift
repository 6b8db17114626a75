import Foundation
import Testing

@Suite struct CertificationCLITests {
    /// A database with a key, an evaluation body and Zhang San, who has passed level 4.
    func passed() throws -> CLI {
        let cli = try CLI()
        let initialised = try cli.run("init")
        #expect(initialised.stdout.contains("signing key"))
        try cli.run("institution", "add", "--code", "EV", "--name", "浙江省评价中心", "--kind", "evaluation")
        try cli.run("cert", "body", "set", "--institution", "EV", "--type", "S", "--body-code", "0000",
                    "--site", "000001")
        try cli.run("person", "add", "--name", "张三", "--id", "360426199101010071", "--education", "bachelor",
                    "--major", "法学", "--related-work-since", "2015-01-01")
        let r = try cli.run("assess", "record", "--person", "360426199101010071", "--level", "4", "--body", "EV",
                            "--date", "2025-03-01", "--theory", "75", "--skills", "80")
        #expect(r.status == 0, "\(r.stderr)")
        return cli
    }

    func issue(_ cli: CLI) throws -> [String: Any] {
        let r = try cli.run("cert", "issue", "--person", "360426199101010071", "--level", "4", "--date",
                            "2025-04-01", "--json")
        #expect(r.status == 0, "\(r.stderr)")
        return (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]) ?? [:]
    }

    @Test func initCreatesOnePrivateKeyFileAndTheJWKSServesIt() throws {
        let cli = try passed()
        let keysDir = cli.dir.appendingPathComponent("keys")
        let files = try FileManager.default.contentsOfDirectory(atPath: keysDir.path)
        #expect(files.count == 1)
        let mode = try FileManager.default.attributesOfItem(
            atPath: keysDir.appendingPathComponent(files[0]).path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try FileManager.default.attributesOfItem(atPath: keysDir.path)[.posixPermissions] as? Int == 0o700)
        try cli.run("init")
        #expect(try FileManager.default.contentsOfDirectory(atPath: keysDir.path).count == 1)
        let jwks = try cli.run("keys", "jwks").stdout
        #expect(jwks.contains("\"kid\":\"\(files[0].dropLast(4))\""))
        #expect(try cli.sqlite("SELECT count(*) FROM signing_key WHERE active = 1") == "1")
    }

    @Test func issueShowVerifyRevokeEndToEnd() throws {
        let cli = try passed()
        let cert = try issue(cli)
        let number = cert["number"] as? String ?? ""
        let code = cert["code"] as? String ?? ""
        #expect(number == "S000033000001254000001")
        let show = try cli.run("cert", "show", code, "--json")
        let object = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any]
        let keys = Set(object?.keys.map { $0 } ?? [])
        #expect(keys.isSuperset(of: [
            "number", "holderName", "idMasked", "occupation", "level", "issuedOn", "body", "code", "token", "kid",
            "status",
        ]))
        #expect(object?["status"] as? String == "valid")
        #expect(!show.stdout.contains("360426199101010071"))

        let valid = try cli.run("verify", code.lowercased(), "--json")
        #expect(valid.status == 0)
        #expect(valid.stdout.contains("\"outcome\" : \"valid\""))
        #expect(valid.stdout.contains("张*"))
        #expect(try cli.run("verify", "--token", cert["token"] as? String ?? "").stdout.hasPrefix("valid"))

        let twice = try cli.run("cert", "issue", "--person", "360426199101010071", "--level", "4")
        #expect(twice.status != 0)
        #expect(twice.lastErrorLine.contains("already certified at level 4"))

        let revoke = try cli.run("cert", "revoke", number, "--reason", "fraud", "--note", "forged records")
        #expect(revoke.status == 0, "\(revoke.stderr)")
        let revoked = try cli.run("verify", code)
        #expect(revoked.status != 0)
        #expect(revoked.stdout.hasPrefix("revoked"))
        #expect(revoked.stdout.contains("reason: fraud"))
        #expect(try cli.run("cert", "reinstate", number, "--reason", "appeal upheld").status == 0)
        #expect(try cli.run("verify", code).stdout.hasPrefix("valid"))
        #expect(try cli.run("audit", "verify").status == 0)
        #expect(try cli.run("cert", "list").stdout.contains(number))
    }

    @Test func aRowEditedWithSqlite3IsTampered() throws {
        let cli = try passed()
        let code = try issue(cli)["code"] as? String ?? ""
        _ = try cli.sqlite("UPDATE certificate SET holder_name = '李四'")
        let r = try cli.run("verify", code)
        #expect(r.status != 0)
        #expect(r.stdout.hasPrefix("tampered"))
        #expect(!r.stdout.contains("李"))
    }

    @Test(arguments: [("101", "theory score 101 is outside 0–100"), ("-1", "theory score -1 is outside 0–100")])
    func aScoreOutOfRangeIsOneErrorLine(_ score: String, _ message: String) throws {
        let cli = try passed()
        let r = try cli.run("assess", "record", "--person", "360426199101010071", "--level", "4", "--body", "EV",
                            "--date", "2025-05-01", "--theory=\(score)", "--skills", "70")
        #expect(r.status != 0)
        #expect(r.lastErrorLine == "error: \(message)")
        #expect(try cli.sqlite("SELECT count(*) FROM assessment") == "1")
    }

    @Test func anAssessmentForAnUnknownPersonIsRefused() throws {
        let cli = try passed()
        let r = try cli.run("assess", "record", "--person", "110101199003070038", "--level", "4", "--body", "EV",
                            "--date", "2025-05-01", "--theory", "70")
        #expect(r.status != 0)
        #expect(r.lastErrorLine == "error: no person has the resident ID 110101********0038")
    }

    @Test func badCodesAreMalformedBeforeAnyLookup() throws {
        let cli = try passed()
        let code = try issue(cli)["code"] as? String ?? ""
        let wrongCheck = String(code.dropLast()) + (code.hasSuffix("A") ? "B" : "A")
        let r = try cli.run("verify", wrongCheck)
        #expect(r.status != 0)
        #expect(r.stdout.hasPrefix("malformed: the verification code's check symbol is wrong"))
        let short = try cli.run("verify", "ABCD-EFGH-JKMN", "--json")
        #expect(short.stdout.contains("\"outcome\" : \"malformed\""))
        #expect(short.stdout.contains("not 12"))
    }

    @Test func tokensWithAFlippedByteOrAForeignKeyDoNotVerify() throws {
        let cli = try passed()
        let token = try issue(cli)["token"] as? String ?? ""
        var bytes = Array(token.utf8)
        let i = bytes.count - 10
        bytes[i] = bytes[i] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let flipped = try cli.run("verify", "--token", String(decoding: bytes, as: UTF8.self), "--json")
        #expect(flipped.status != 0)
        #expect(flipped.stdout.contains("\"outcome\" : \"bad-signature\""))

        // The same claims signed by a key from another database's key set.
        let other = try CLI()
        try other.run("init")
        let otherKid = try other.sqlite("SELECT kid FROM signing_key")
        let ourKid = try cli.sqlite("SELECT kid FROM signing_key")
        let header = token.split(separator: ".")[0]
        let foreignHeader = Data(#"{"alg":"EdDSA","kid":"\#(otherKid)","typ":"JWT"}"#.utf8).base64EncodedString()
            .replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
        #expect(otherKid != ourKid)
        let foreign = token.replacingOccurrences(of: header, with: foreignHeader)
        let r = try cli.run("verify", "--token", foreign)
        #expect(r.stdout.hasPrefix("unknown-key"))
    }

    @Test func aKeyFileWithMode0644IsRefused() throws {
        let cli = try passed()
        let keysDir = cli.dir.appendingPathComponent("keys")
        let file = keysDir.appendingPathComponent(try FileManager.default.contentsOfDirectory(atPath: keysDir.path)[0])
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        let r = try cli.run("cert", "issue", "--person", "360426199101010071", "--level", "4")
        #expect(r.status != 0)
        #expect(r.lastErrorLine.contains("chmod 600"))
        #expect(r.lastErrorLine.contains(file.path))
        #expect(try cli.sqlite("SELECT count(*) FROM certificate") == "0")
    }

    @Test func aMissingKeysDirectoryIsOneErrorLine() throws {
        let cli = try passed()
        let r = try cli.run("cert", "issue", "--person", "360426199101010071", "--level", "4",
                            "--keys", cli.dir.appendingPathComponent("nokeys").path)
        #expect(r.status != 0)
        #expect(r.lastErrorLine.hasPrefix("error: the keys folder does not exist"))
        #expect(try cli.sqlite("SELECT count(*) FROM certificate") == "0")
    }

    /// `scripts/verify-token` (Docs/VERIFICATION.md's worked example) checks a token with stock openssl.
    @Test func theDocumentedOpensslRecipeVerifiesAToken() throws {
        let cli = try passed()
        let token = try issue(cli)["token"] as? String ?? ""
        let jwks = try cli.file("jwks.json", try cli.run("keys", "jwks").stdout)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/verify-token").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [script, token, jwks]
        process.currentDirectoryURL = cli.dir
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("Signature Verified Successfully"))
        #expect(text.contains("\"sub\":\"S000033000001254000001\""))
    }

    /// Two processes issuing at once never share a number: the sequence is taken inside the write transaction.
    @Test func concurrentBatchesNeverRepeatANumber() throws {
        let cli = try passed()
        var csv = "name,resident_id,education,major,related_work_since\n"
        var sittings = "resident_id,level,body,date,theory,skills\n"
        for i in 0..<60 {
            csv += "人\(i),\(validID(sequence: i + 100)),master,法学,2010-01-01\n"
            sittings += "\(validID(sequence: i + 100)),4,EV,2025-03-01,70,70\n"
        }
        #expect(try cli.run("person", "import", try cli.file("p.csv", csv)).status == 0)
        #expect(try cli.run("assess", "import", try cli.file("a.csv", sittings)).status == 0)
        let processes = (0..<3).map { _ in
            let p = Process()
            p.executableURL = CLI.binary
            p.arguments = ["cert", "issue", "--all-passed", "--date", "2025-04-01"]
            p.environment = cli.env
            p.currentDirectoryURL = cli.dir
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            return p
        }
        for p in processes { try p.run() }
        for p in processes { p.waitUntilExit() }
        #expect(try cli.sqlite("SELECT count(*) FROM certificate") == "61")
        #expect(try cli.sqlite("SELECT count(DISTINCT number) FROM certificate") == "61")
        #expect(try cli.sqlite("SELECT max(substr(number, 17)) FROM certificate") == "000061")
        #expect(try cli.sqlite("SELECT last FROM certificate_counter") == "61")
    }

    @Test func renderWritesHTMLWithAQRCode() throws {
        let cli = try passed()
        let number = try issue(cli)["number"] as? String ?? ""
        cli.env["CONCORD_VERIFY_URL"] = "https://verify.example.cn"
        let out = cli.dir.appendingPathComponent("c.html").path
        #expect(try cli.run("cert", "render", number, "--out", out).status == 0)
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.contains("data:image/png;base64,"))
        #expect(html.contains("https://verify.example.cn/v/"))
        #expect(html.contains("四级/中级工"))
    }

    @Test func eligibilityPrintsEachCondition() throws {
        let cli = try passed()
        let r = try cli.run("assess", "eligibility", "--person", "360426199101010071", "--level", "3", "--json")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(object?["eligible"] as? Bool == false)
        #expect((object?["conditions"] as? [[String: Any]])?.count == 6)
        try cli.run("assess", "facts", "--person", "360426199101010071", "--external-certificate", "企业人力资源管理师",
                    "--external-date", "2020-01-01")
        let after = try cli.run("assess", "eligibility", "--person", "360426199101010071", "--level", "3")
        #expect(after.stdout.contains(": eligible"))
    }

    @Test func keysRotateKeepsTheOldKeyForVerification() throws {
        let cli = try passed()
        let code = try issue(cli)["code"] as? String ?? ""
        #expect(try cli.run("keys", "generate").status != 0)
        #expect(try cli.run("keys", "rotate").status == 0)
        let list = try cli.run("keys", "list", "--json")
        let keys = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]
        #expect(keys?.count == 2)
        #expect(keys?.filter { $0["retiredAt"] is String }.count == 1)
        #expect(try cli.run("verify", code).stdout.hasPrefix("valid"))
    }
}
