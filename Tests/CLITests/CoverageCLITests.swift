import Foundation
import Testing

/// The worked district of COVERAGE.md driven through the built `concord` binary.
@Suite struct CoverageCLITests {
    static func code(_ n: Int) -> String {
        let body = "91330106" + String(format: "%09d", n)
        let digits = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        let sum = zip(body.map { Int(String($0)) ?? 0 }, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return body + String(Array(digits)[(31 - sum % 31) % 31])
    }

    static func id(_ n: Int) -> String {
        let body = "33010619900101" + String(format: "%03d", n)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body.map { Int(String($0)) ?? 0 }, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    /// A database with the worked district: employers of every size class, a park, a community.
    func district() throws -> CLI {
        let cli = try CLI()
        try cli.run("init")
        let employers = try cli.file("employers.csv", """
            name,credit_code,size,region,park
            E1,\(Self.code(1)),large,杭州市/西湖区/文新街道,西湖科技园
            E2,\(Self.code(2)),medium,杭州市/西湖区/文新街道,
            E3,\(Self.code(3)),small,杭州市/西湖区/古荡街道,
            E4,\(Self.code(4)),micro,杭州市/西湖区/文新街道,
            E5,\(Self.code(5)),micro,杭州市/西湖区/古荡街道/翠苑社区,
            E6,\(Self.code(6)),small,杭州市/滨江区/西兴街道,

            """)
        #expect(try cli.run("employer", "import", employers).status == 0)
        var people = "name,resident_id\n"
        for i in 0..<20 { people += "人员\(i),\(Self.id(i))\n" }
        #expect(try cli.run("person", "import", try cli.file("people.csv", people)).status == 0)
        let places = try cli.file("places.csv", "path,kind,many_firms\n杭州市/西湖区/古荡街道,township,yes\n")
        #expect(try cli.run("place", "import", places).status == 0)
        let appointments = try cli.file("appointments.csv", """
            resident_id,unit_kind,unit,from,to,duty,role
            \(Self.id(1)),employer,\(Self.code(1)),2025-01-01,,full-time,hr
            \(Self.id(2)),employer,\(Self.code(1)),2025-01-01,,multi-duty,hr
            \(Self.id(3)),employer,\(Self.code(2)),2025-01-01,,multi-duty,hr
            \(Self.id(10)),township,杭州市/西湖区/文新街道,2025-01-01,,一岗多职,劳动保障管理员
            \(Self.id(11)),township,杭州市/西湖区/文新街道,2025-01-01,,multi-duty,platform-labour-officer
            \(Self.id(12)),township,杭州市/西湖区/古荡街道,2025-01-01,,multi-duty,platform-labour-officer
            \(Self.id(13)),community,杭州市/西湖区/古荡街道/翠苑社区,2025-01-01,,multi-duty,mediator

            """)
        let imported = try cli.run("coordinator", "import", appointments)
        #expect(imported.stdout.contains("7 new"), "\(imported.stderr)")
        let appoint = try cli.run(
            "coordinator", "appoint", "--person", Self.id(4), "--employer", Self.code(3), "--from", "2025-01-01",
            "--duty", "part-time", "--role", "union-bargaining-instructor")
        #expect(appoint.status == 0, "\(appoint.stderr)")
        return cli
    }

    @Test func aCoordinatorWithAnIssuedCertificateCountsAsCertified() throws {
        let cli = try district()
        try cli.run("institution", "add", "--code", "EV", "--name", "浙江省评价中心", "--kind", "evaluation")
        try cli.run("cert", "body", "set", "--institution", "EV", "--type", "S", "--body-code", "0000",
                    "--site", "000001")
        try cli.run("person", "add", "--name", "人员1", "--id", Self.id(1), "--education", "bachelor",
                    "--major", "法学", "--related-work-since", "2015-01-01")
        try cli.run("assess", "record", "--person", Self.id(1), "--level", "4", "--body", "EV",
                    "--date", "2025-03-01", "--theory", "75", "--skills", "80")
        let issued = try cli.run("cert", "issue", "--person", Self.id(1), "--level", "4", "--date", "2025-04-01")
        #expect(issued.status == 0, "\(issued.stderr)")
        let report = try json(try cli.run("coverage", "--region", "杭州市/西湖区", "--on", "2025-06-30", "--json").stdout)
        let units = try #require(report["units"] as? [[String: Any]])
        #expect(units.first { $0["unit"] as? String == "E1" }?["certified"] as? Int == 1)
        #expect(units.filter { $0["unit"] as? String != "E1" }.allSatisfy { $0["certified"] as? Int == 0 })
        // Before the issue date the same coordinator is not yet certified.
        let earlier = try json(try cli.run("coverage", "--region", "杭州市/西湖区", "--on", "2025-03-31", "--json").stdout)
        let unitsBefore = try #require(earlier["units"] as? [[String: Any]])
        #expect(unitsBefore.first { $0["unit"] as? String == "E1" }?["certified"] as? Int == 0)
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func coverageJSONHasTheHandWorkedNumbers() throws {
        let cli = try district()
        let r = try cli.run("coverage", "--region", "杭州市/西湖区", "--on", "2025-06-30", "--format", "json")
        #expect(r.status == 0, "\(r.stderr)")
        let report = try json(r.stdout)
        let units = try #require(report["units"] as? [[String: Any]])
        #expect(units.count == 9)
        for key in ["unit", "kind", "required", "appointed", "certified", "shortfall"] {
            #expect(units.allSatisfy { $0[key] != nil }, "\(key)")
        }
        func unit(_ name: String) -> [String: Any]? { units.first { $0["unit"] as? String == name } }
        #expect(unit("E2")?["shortfall"] as? Int == 1)
        #expect(unit("E4")?["status"] as? String == "platform")
        #expect(unit("E5")?["shortfall"] as? Int == 1)
        #expect(unit("古荡街道")?["required"] as? Int == 4)
        #expect(unit("古荡街道")?["shortfall"] as? Int == 3)
        #expect(unit("西湖科技园")?["kind"] as? String == "park")
        #expect(unit("西湖科技园")?["shortfall"] as? Int == 2)
        #expect(unit("翠苑社区")?["status"] as? String == "met")
        let rates = try #require(report["rates"] as? [[String: Any]])
        let all = try #require(rates.first { $0["area"] as? String == "杭州市/西湖区" && $0["kind"] as? String == "all" })
        #expect(all["units"] as? Int == 9)
        #expect(all["met"] as? Int == 5)
        #expect(all["rate"] as? String == "55.6%")
        #expect(all["shortfall"] as? Int == 7)
        #expect(report["certifiedSource"] as? String == "certification")
        // --json is the same as --format json
        #expect(try cli.run("coverage", "--region", "杭州市/西湖区", "--on", "2025-06-30", "--json").stdout == r.stdout)
    }

    @Test func tableCSVAndHTML() throws {
        let cli = try district()
        let table = try cli.run("coverage", "--on", "2025-06-30")
        #expect(table.status == 0)
        #expect(table.stdout.contains("古荡街道 (township, 杭州市/西湖区/古荡街道): 1 of 4, 3 more needed"))
        #expect(!table.stdout.contains("certified: unknown"))
        let city = table.stdout.split(separator: "\n").first { $0.hasPrefix("杭州市 ") && $0.contains(" all ") }
        #expect(city?.contains("45.5%") == true)

        let csv = try cli.run("coverage", "--region", "杭州市/西湖区", "--on", "2025-06-30", "--format", "csv")
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first
            == "unit,kind,path,size,employers,required,appointed,certified,shortfall,status,covered_by")
        #expect(lines.count == 10)
        #expect(lines.contains("E4,employer,杭州市/西湖区/文新街道,micro,,1,0,0,0,platform,杭州市/西湖区/文新街道"))

        let html = try cli.run("coverage", "--region", "杭州市/西湖区", "--on", "2025-06-30", "--format", "html")
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>"))
        #expect(html.stdout.contains("<li>古荡街道 (township, 杭州市/西湖区/古荡街道): 缺 3 名</li>"))
        #expect(html.stdout.contains("<td>55.6%</td>"))

        let bad = try cli.run("coverage", "--format", "pdf")
        #expect(bad.status != 0)
        #expect(bad.lastErrorLine == "error: format pdf is not table, csv, json or html (--format)")
    }

    @Test(arguments: [
        (99, ["--employer", code(1)], "error: no person has the resident ID 330106********"),
        (5, ["--employer", code(99)], "error: no employer has the credit code"),
        (5, ["--township", "杭州市/西湖区/无此街道"], "error: no township 杭州市/西湖区/无此街道 is registered"),
        (5, ["--park", "杭州市/西湖区/文新街道"], "error: 杭州市/西湖区/文新街道 is a township, not a park"),
        (5, ["--employer", code(2), "--to", "2024-12-31"], "error: the end 2024-12-31 is before the start 2025-01-01"),
        (5, ["--district", "杭州市/西湖区"], "error: only county-bureau staff are appointed to a district"),
    ])
    func badAppointmentsAreOneErrorLineAndWriteNothing(_ person: Int, _ unit: [String], _ message: String) throws {
        let cli = try district()
        let count = "SELECT count(*) FROM coordinator_appointment; SELECT count(*) FROM place; "
            + "SELECT count(*) FROM audit_log;"
        let before = try cli.sqlite(count)
        let r = try cli.run(["coordinator", "appoint", "--person", Self.id(person), "--from", "2025-01-01"] + unit)
        #expect(r.status != 0)
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.lastErrorLine.hasPrefix(message), "\(r.stderr)")
        #expect(try cli.sqlite(count) == before)
    }

    @Test func overlapAndEndThroughTheCLI() throws {
        let cli = try district()
        let overlap = try cli.run(
            "coordinator", "appoint", "--person", Self.id(1), "--employer", Self.code(1), "--from", "2025-03-01")
        #expect(overlap.lastErrorLine.contains("is already appointed to E1 from 2025-01-01 (running)"))
        let id = try cli.sqlite(
            "SELECT a.id FROM coordinator_appointment a JOIN person p ON p.id = a.person_id WHERE p.name = '人员1'")
        let early = try cli.run("coordinator", "end", id, "--on", "2024-06-30")
        #expect(early.lastErrorLine == "error: the end 2024-06-30 is before the start 2025-01-01")
        #expect(try cli.run("coordinator", "end", id, "--on", "2025-02-28").status == 0)
        #expect(try cli.run(
            "coordinator", "appoint", "--person", Self.id(1), "--employer", Self.code(1), "--from", "2025-03-01")
            .status == 0)
        let list = try cli.run("coordinator", "list", "--person", Self.id(1), "--json")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["to"] as? String } == ["2025-02-28", nil])
        #expect(!list.stdout.contains(Self.id(1)))
        #expect(try cli.run("audit", "verify").stdout.contains("audit chain intact"))
    }

    @Test func contactsAndDue() throws {
        let cli = try district()
        let ok = try cli.run(
            "contact", "record", "--kind", "on-site", "--on", "2025-06-10", "--by", Self.id(10), "--with", Self.id(1),
            "--note", "走访")
        #expect(ok.status == 0, "\(ok.stderr)")
        let before = try cli.sqlite("SELECT count(*) FROM duty_contact; SELECT count(*) FROM audit_log;")
        let refused = try cli.run(
            "contact", "record", "--on", "2025-06-10", "--by", Self.id(12), "--with", Self.id(1))
        #expect(refused.status != 0)
        #expect(refused.stderr.split(separator: "\n").count == 1)
        #expect(refused.lastErrorLine.hasSuffix(
            "is not appointed on 2025-06-10 to a park or township covering E1's area"))
        #expect(try cli.sqlite("SELECT count(*) FROM duty_contact; SELECT count(*) FROM audit_log;") == before)

        let due = try cli.run("contact", "due", "--on", "2025-07-15", "--json")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(due.stdout.utf8)) as? [[String: Any]])
        let monthly = rows.filter { $0["cadence"] as? String == "monthly-contact" }
        // pairs 10–1, 10–2, 10–3, 11–1, 11–2, 11–3, 12–4; 10–1 overdue since 07-11, the rest since 02-02
        #expect(monthly.count == 7)
        #expect(monthly.filter { $0["overdueSince"] as? String == "2025-07-11" }.count == 1)
        #expect(rows.filter { $0["cadence"] as? String == "quarterly-on-site" }.count == 6)
        let table = try cli.run("contact", "due", "--on", "2025-07-15", "--region", "杭州市/滨江区")
        #expect(table.stdout.split(separator: "\n").count == 2)  // header and rule only
    }
}
