import Foundation
import Testing

@Suite struct RegistryCLITests {
    @Test func commandsNeedAnInitialisedDatabase() throws {
        let cli = try CLI()
        let r = try cli.run("person", "list")
        #expect(r.status != 0)
        #expect(r.lastErrorLine.hasPrefix("error: no database at"))
        #expect(!FileManager.default.fileExists(atPath: cli.database))
    }

    @Test func aMissingFolderOrANonDatabaseFileIsOneErrorLine() throws {
        let cli = try CLI()
        let missing = try cli.run("--db", cli.dir.appendingPathComponent("no/such/c.sqlite").path, "init")
        #expect(missing.status != 0)
        #expect(missing.stderr.split(separator: "\n").count == 1)
        #expect(missing.lastErrorLine.hasPrefix("error: the folder for the database does not exist"))

        let text = try cli.file("notes.txt", "just some notes, not a database\n")
        let notDB = try cli.run("person", "list", "--db", text)
        #expect(notDB.status != 0)
        #expect(notDB.lastErrorLine.hasPrefix("error: the file is not an SQLite database"))
        #expect(try String(contentsOfFile: text, encoding: .utf8) == "just some notes, not a database\n")
    }

    @Test func registryEndToEnd() throws {
        let cli = try CLI()
        #expect(try cli.run("init").status == 0)
        #expect(try cli.run("institution", "add", "--code", "HZ-T1", "--name", "杭州培训中心", "--kind", "training")
            .status == 0)
        let employers = try cli.file(
            "employers.csv",
            "name,credit_code,size,region,park\n杭州纺织有限公司,91110000600037341L,medium,杭州市/西湖区/文新街道,\n")
        #expect(try cli.run("employer", "import", employers).stdout.contains("1 new"))
        // GB18030 file, as Excel on Chinese Windows saves it: 张三 = D5 C5 C8 FD.
        let people = try cli.file(
            "people.csv",
            bytes: Array("name,resident_id,employer,education\n".utf8) + [0xD5, 0xC5, 0xC8, 0xFD]
                + Array(",360426199101010071,91110000600037341L,bachelor\n".utf8))
        let imported = try cli.run("person", "import", people)
        #expect(imported.status == 0, "\(imported.stderr)")

        let list = try cli.run("person", "list", "--json")
        let rows = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.count == 1)
        #expect(rows?.first?["name"] as? String == "张三")
        #expect(rows?.first?["idMasked"] as? String == "360426********0071")
        #expect(rows?.first?["residentId"] == nil)
        #expect(!list.stdout.contains("360426199101010071"))

        let revealed = try cli.run("person", "show", "360426199101010071", "--reveal", "--json")
        #expect(revealed.stdout.contains("\"residentId\" : \"360426199101010071\""))

        #expect(try cli.run("audit", "verify").stdout.contains("audit chain intact"))
    }

    @Test func aBadImportNamesEveryBadLineAndWritesNothing() throws {
        let cli = try CLI()
        try cli.run("init")
        let before = try cli.sqlite("SELECT count(*) FROM person; SELECT count(*) FROM audit_log;")
        var csv = "name,resident_id\n"
        for i in 0..<1000 {
            // Valid IDs built from the example's region and birth date with different sequences.
            csv += "人\(i),\(validID(sequence: i))\n"
        }
        csv = csv.replacingOccurrences(of: "人500,\(validID(sequence: 500))", with: "人500,360426199101010072")
        let file = try cli.file("people.csv", csv)
        let r = try cli.run("person", "import", file)
        #expect(r.status != 0)
        #expect(r.stderr.contains("line 502: resident ID 360426199101010072 has a wrong check character"))
        #expect(r.lastErrorLine == "error: 1 bad row; nothing was written (\(file))")
        #expect(try cli.sqlite("SELECT count(*) FROM person; SELECT count(*) FROM audit_log;") == before)
    }

    @Test(arguments: [
        ("", "error: the file is empty"),
        ("name,phone\n张三,1\n", "error: the header lacks the column 'resident_id'"),
    ])
    func badFiles(_ text: String, _ message: String) throws {
        let cli = try CLI()
        try cli.run("init")
        let r = try cli.run("person", "import", try cli.file("bad.csv", text))
        #expect(r.status != 0)
        #expect(r.lastErrorLine.hasPrefix(message))
        #expect(try cli.sqlite("SELECT count(*) FROM person") == "0")
    }

    @Test func auditVerifyNamesAnEditedRow() throws {
        let cli = try CLI()
        try cli.run("init")
        try cli.run("employer", "add", "--name", "甲", "--credit-code", "91110000600037341L", "--size", "small",
                    "--region", "杭州市")
        try cli.run("person", "add", "--name", "张三", "--id", "360426199101010071")
        _ = try cli.sqlite("UPDATE audit_log SET details = '{}' WHERE id = 1")
        let r = try cli.run("audit", "verify")
        #expect(r.status != 0)
        #expect(r.lastErrorLine.contains("audit_log row 1"))
    }

    @Test func globalOptionsWorkBeforeTheSubcommand() throws {
        let cli = try CLI()
        let path = cli.dir.appendingPathComponent("other.sqlite").path
        #expect(try cli.run("--db", path, "init").status == 0)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try cli.run("--json", "--db", path, "person", "list").stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]")
    }
}

/// A valid resident ID with region 360426, born 1991-01-01, and the given sequence.
func validID(sequence: Int) -> String {
    let body = "36042619910101" + String(format: "%03d", sequence % 1000)
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    let sum = zip(body.compactMap { Int(String($0)) }, weights).reduce(0) { $0 + $1.0 * $1.1 }
    return body + String(Array("10X98765432")[sum % 11])
}
