import Foundation
import Testing

/// A whole contest through the built binary: set-up, draw, marks import, flags, lock, correction, results.
@Suite struct CompetitionCLITests {
    /// Registers the people (persons 1–5 judges, 6–9 contestants; 1 and 7 share an employer) and the contest.
    func setUp(_ cli: CLI) throws {
        #expect(try cli.run("init").status == 0)
        let employers = try cli.file(
            "employers.csv", "name,credit_code,size,region\n杭州纺织有限公司,91110000600037341L,medium,杭州市/西湖区\n")
        #expect(try cli.run("employer", "import", employers).status == 0)
        let names = ["王伟", "李娜", "张敏", "刘静", "陈强", "杨洋", "黄勇", "赵艳", "吴杰"]
        var people = "name,resident_id,employer\n"
        for (i, name) in names.enumerated() {
            people += "\(name),\(validID(sequence: i + 1)),\([0, 6].contains(i) ? "91110000600037341L" : "")\n"
        }
        #expect(try cli.run("person", "import", try cli.file("people.csv", people)).status == 0)
        let steps: [[String]] = [
            ["contest", "add", "--code", "HZ", "--name", "杭州市劳动关系协调员职业技能竞赛", "--organiser", "杭州市人社局",
             "--starts", "2025-05-10", "--publicity-days", "7"],
            ["contest", "event", "add", "--contest", "HZ", "--code", "theory", "--kind", "theory", "--weight", "30"],
        ]
        for step in steps { try expectOK(cli, step) }
    }

    func expectOK(_ cli: CLI, _ arguments: [String]) throws {
        let r = try cli.run(arguments)
        #expect(r.status == 0, "\(arguments.joined(separator: " ")): \(r.stderr)")
    }

    /// Runs a command that must fail with one `error:` line and leave the database as it was.
    func expectRefused(_ cli: CLI, _ arguments: [String], _ message: String) throws {
        let before = try cli.sqlite("SELECT count(*) FROM contest_mark; SELECT count(*) FROM audit_log; "
            + "SELECT count(*) FROM contest_event WHERE locked_at IS NOT NULL; SELECT count(*) FROM contest_appeal;")
        let r = try cli.run(arguments)
        #expect(r.status != 0)
        #expect(r.lastErrorLine.hasPrefix("error: ") && r.lastErrorLine.contains(message), "\(r.stderr)")
        #expect(try cli.sqlite("SELECT count(*) FROM contest_mark; SELECT count(*) FROM audit_log; "
            + "SELECT count(*) FROM contest_event WHERE locked_at IS NOT NULL; SELECT count(*) FROM contest_appeal;")
            == before)
    }

    /// `contest enter --file` is an import: every bad row is named by line and nothing is written; `--dry-run`
    /// checks and draws, and writes nothing.
    @Test func enteringFromAFileIsAllOrNothingWithADryRun() throws {
        let cli = try CLI()
        try setUp(cli)
        try expectOK(cli, ["contest", "judge", "add", "--contest", "HZ", "--code", "J1", "--person",
                           validID(sequence: 1), "--events", "theory"])
        try expectOK(cli, ["contest", "enter", "--contest", "HZ", "--person", validID(sequence: 6)])
        let state = "SELECT count(*) FROM contestant; SELECT count(*) FROM audit_log;"
        let before = try cli.sqlite(state)
        let bad = try cli.file("bad.csv", """
            resident_id,institution
            \(validID(sequence: 7)),
            330106198001010001,
            \(validID(sequence: 6)),
            \(validID(sequence: 1)),
            \(validID(sequence: 99)),
            \(validID(sequence: 8)),NOPE

            """)
        for arguments in [["contest", "enter", "--contest", "HZ", "--file", bad],
                          ["contest", "enter", "--contest", "HZ", "--file", bad, "--dry-run"]] {
            let r = try cli.run(arguments)
            #expect(r.status != 0)
            #expect(r.stderr.contains("5 bad rows; nothing was written (\(bad))"), "\(r.stderr)")
            for line in ["line 3: resident ID", "line 4: ", "is already entered", "line 5: ", "judges this contest",
                         "line 6: no person", "line 7: "] {
                #expect(r.stderr.contains(line), "\(line): \(r.stderr)")
            }
            #expect(!r.stderr.contains("line 2:"))
            #expect(try cli.sqlite(state) == before)
        }
        let good = try cli.file("good.csv", "resident_id\n\(validID(sequence: 7))\n\(validID(sequence: 8))\n")
        let dry = try cli.run("contest", "enter", "--contest", "HZ", "--file", good, "--dry-run")
        #expect(dry.status == 0 && dry.stdout.contains("dry run, nothing written"), "\(dry.stderr)")
        #expect(try cli.sqlite(state) == before)
        try expectOK(cli, ["contest", "enter", "--contest", "HZ", "--file", good])
        #expect(try cli.sqlite("SELECT count(*) FROM contestant") == "3")
    }

    @Test func aWholeContest() throws {
        let cli = try CLI()
        try setUp(cli)
        let criteria = try cli.file("criteria.csv", """
            event,code,aspect,kind,max,scale,spread
            theory,T1,理论考试,measurement,100,,
            case,C1,调解方案,judgement,10,0-3,1
            case,C2,法条引用,measurement,10,,

            """)
        // The case event does not exist yet: the whole import is refused.
        let missingEvent = try cli.run("contest", "criterion", "import", "--contest", "HZ", criteria)
        #expect(missingEvent.status != 0 && missingEvent.stderr.contains("line 3: contest HZ has no event case"))
        #expect(try cli.sqlite("SELECT count(*) FROM contest_criterion") == "0")
        try expectOK(cli, ["contest", "criterion", "add", "--contest", "HZ", "--event", "theory", "--code", "T1",
                           "--aspect", "理论考试", "--kind", "measurement", "--max", "100"])
        try expectOK(cli, ["contest", "judge", "add", "--contest", "HZ", "--code", "J5", "--person",
                           validID(sequence: 5), "--events", "theory"])
        try expectOK(cli, ["contest", "enter", "--contest", "HZ", "--person", validID(sequence: 9)])
        let early = try cli.sqlite("SELECT number FROM contestant")
        // Weights total 30 %: no marks yet.
        try expectRefused(cli, ["contest", "mark", "record", "--contest", "HZ", "--number", early, "--criterion", "T1",
                                "--judge", "J5", "--value", "80"], "total 30 %, not 100 %")
        try expectRefused(cli, ["contest", "event", "add", "--contest", "HZ", "--code", "case", "--kind", "practical",
                                "--weight", "80"], "more than 100 %")
        // Start again with a fresh database for the full run.
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: cli.database + suffix) {
            try FileManager.default.removeItem(atPath: cli.database + suffix)
        }
        try setUp(cli)
        try expectOK(cli, ["contest", "event", "add", "--contest", "HZ", "--code", "case", "--kind", "practical",
                           "--weight", "70"])
        try expectOK(cli, ["contest", "criterion", "import", "--contest", "HZ", criteria])
        for j in 1...5 {
            try expectOK(cli, ["contest", "judge", "add", "--contest", "HZ", "--code", "J\(j)", "--person",
                               validID(sequence: j), "--events", j == 5 ? "case,theory" : "case"])
        }
        let entered = try cli.run(["contest", "enter", "--contest", "HZ", "--seed", "42", "--json"]
            + (6...9).flatMap { ["--person", validID(sequence: $0)] })
        let numbers = try #require(
            try JSONSerialization.jsonObject(with: Data(entered.stdout.utf8)) as? [[String: Any]]
        ).compactMap { $0["number"] as? String }
        #expect(numbers.count == 4)
        let (a, b, c, d) = (numbers[0], numbers[1], numbers[2], numbers[3])

        let bad: [([String], String)] = [
            (["--number", a, "--criterion", "C1", "--judge", "J2", "--value", "4"], "outside the scale 0–3"),
            (["--number", "000", "--criterion", "C1", "--judge", "J2", "--value", "2"], "no contestant number 000"),
            (["--number", b, "--criterion", "C1", "--judge", "J1", "--value", "2"], "recused"),
        ]
        for (arguments, message) in bad {
            try expectRefused(cli, ["contest", "mark", "record", "--contest", "HZ"] + arguments, message)
        }

        // The sheet shows numbers, never names, and leaves B out of J1's sheet.
        let sheet = try cli.run("contest", "sheet", "--contest", "HZ", "--judge", "J1", "--format", "csv")
        #expect(sheet.stdout.contains("\(a),case,C1") && !sheet.stdout.contains("\(b),"))
        #expect(!sheet.stdout.contains("杨洋") && !sheet.stdout.contains("黄勇"))
        let html = try cli.run("contest", "sheet", "--contest", "HZ", "--judge", "J2", "--format", "html")
        #expect(html.stdout.contains("<td>\(b)</td>") && !html.stdout.contains("黄勇"))

        var marks = "number,criterion,judge,value,time\n"
        let c1: [[String]] = [["2", "2.5", "3", "2", "2.5"], ["", "3", "3", "2", "3"], ["3", "1", "1", "2", "1"],
                              ["3", "3", "3", "3", "3"]]
        for (i, number) in numbers.enumerated() {
            marks += "\(number),T1,J5,\(["82.5", "90", "50", "61"][i]),60\n"
            marks += "\(number),C2,J2,\(["6.5", "9", "4", "8"][i]),90:00\n"
            for j in 1...5 where !c1[i][j - 1].isEmpty { marks += "\(number),C1,J\(j),\(c1[i][j - 1]),\n" }
        }
        let imported = try cli.run("contest", "mark", "import", "--contest", "HZ", try cli.file("marks.csv", marks))
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("27 new"))
        try expectRefused(cli, ["contest", "mark", "record", "--contest", "HZ", "--number", a, "--criterion", "C1",
                                "--judge", "J2", "--value", "2"], "already marked")

        // C's J1 mark (3 against 1, 1, 2, 1) is flagged; lock is refused until a re-mark.
        let flags = try cli.run("contest", "flags", "--contest", "HZ", "--json")
        #expect(flags.stdout.contains("\"number\" : \"\(c)\"") && flags.stdout.contains("J1=3"))
        try expectRefused(cli, ["contest", "lock", "--contest", "HZ", "case"], "open spread flag")
        try expectOK(cli, ["contest", "mark", "record", "--contest", "HZ", "--number", c, "--criterion", "C1",
                           "--judge", "J1", "--value", "1", "--replace"])
        #expect(!(try cli.run("contest", "flags", "--contest", "HZ", "--json").stdout.contains("\"number\"")))

        // Names stay hidden until every event is locked.
        let provisional = try cli.run("contest", "results", "--contest", "HZ", "--json")
        #expect(provisional.stdout.contains("\"name\" : null"))
        try expectOK(cli, ["contest", "lock", "--contest", "HZ", "theory"])
        try expectOK(cli, ["contest", "lock", "--contest", "HZ", "case"])

        try expectRefused(cli, ["contest", "correct", "--contest", "HZ", "--number", a, "--criterion", "T1",
                                "--judge", "J5", "--value", "85"], "needs a reason")
        try expectOK(cli, ["contest", "correct", "--contest", "HZ", "--number", a, "--criterion", "T1",
                           "--judge", "J5", "--value", "85", "--reason", "paper re-added"])
        #expect(try cli.sqlite("SELECT before, after, reason FROM contest_correction") == "8250|8500|paper re-added")

        let results = try cli.run("contest", "results", "--contest", "HZ", "--json")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(results.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 4)
        #expect(Set(rows[0].keys) == ["rank", "number", "name", "eventScores", "total", "award"])
        #expect(rows.map { $0["number"] as? String } == [b, d, a, c])
        #expect(rows[0]["name"] as? String == "黄*")
        #expect((rows[2]["total"] as? NSNumber)?.doubleValue == 75.48)
        #expect((rows[2]["eventScores"] as? [String: Any])?["case"] as? NSNumber == 14.28)
        #expect(rows.map { $0["award"] as? String } == ["first", "second", "third", nil])

        let table = try cli.run("contest", "results", "--contest", "HZ")
        #expect(table.stdout.contains("一等奖") && table.stdout.contains("75.48"))
        let csv = try cli.run("contest", "results", "--contest", "HZ", "--format", "csv")
        #expect(csv.stdout.hasPrefix("rank,number,name,theory,case,total,award\n1,\(b),黄*,"))

        try expectOK(cli, ["contest", "results", "--contest", "HZ", "--publish", "--on", "2025-05-12"])
        try expectRefused(cli, ["contest", "appeal", "add", "--contest", "HZ", "--number", a, "--grounds", "low",
                                "--on", "2025-05-20"], "outside the publicity period")
        try expectOK(cli, ["contest", "appeal", "add", "--contest", "HZ", "--number", a, "--grounds", "low",
                           "--on", "2025-05-19"])
        try expectOK(cli, ["contest", "appeal", "resolve", "--contest", "HZ", "--id", "1", "--outcome", "dismissed",
                           "--resolution", "marks confirmed", "--on", "2025-05-21"])
        try expectOK(cli, ["contest", "promote", "--contest", "HZ", "--number", b, "--from-level", "4",
                           "--level", "3", "--on", "2025-06-01"])
        #expect(try cli.sqlite("SELECT level FROM skill_promotion") == "3")
        #expect(try cli.run("audit", "verify").stdout.contains("audit chain intact"))
    }
}
