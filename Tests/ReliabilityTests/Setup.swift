import Catalog
import Certification
import Foundation
import Model
import Signing
import Storage

/// Builds databases for the reliability tests in-process (fast), for the binary to work on.
enum Setup {
    /// Bodies: EV (site 000001), EV2 (000002), EV3 (000003).
    static let bodies = ["EV", "EV2", "EV3"]

    /// A database at `bench.database` with a signing key in `bench.keys`, three evaluation bodies, and
    /// `count` persons (`residentID(0..<count)`), each passed at level 4 at `body(i)` on 2025-03-01
    /// (no sitting when nil).
    @discardableResult
    static func passed(_ bench: Bench, count: Int, body: (Int) -> String?) throws -> Store {
        let store = try Store(path: bench.database, actor: "setup", mode: .create)
        try store.ensureSigningKey(in: KeyDirectory(path: bench.keys))
        for (i, code) in bodies.enumerated() {
            try store.addInstitution(
                code: code, name: "浙江省评价中心\(i + 1)", kind: .evaluation, creditCode: nil, region: "杭州市")
            try store.setEvaluationBody(
                institution: code, type: "S", bodyCode: "0000", site: String(format: "%06d", i + 1))
        }
        var persons = "name,resident_id,education,major,related_work_since\n"
        var sittings = "resident_id,level,body,date,theory,skills\n"
        for i in 0..<count {
            persons += "王\(["伟", "芳", "娜", "敏", "静"][i % 5])\(i % 7 == 0 ? "华" : ""),\(residentID(i)),"
                + "bachelor,法学,2015-01-01\n"
            if let code = body(i) {
                sittings += "\(residentID(i)),4,\(code),2025-03-01,\(60 + i % 40),\(61 + i % 39)\n"
            }
        }
        _ = try store.importPersons(
            CSVDocument(data: Data(persons.utf8), source: "persons.csv", required: ["name", "resident_id"]),
            dryRun: false)
        guard sittings.contains(",4,") else { return store }
        _ = try store.importAssessments(
            CSVDocument(
                data: Data(sittings.utf8), source: "sittings.csv",
                required: ["resident_id", "level", "body", "date"]),
            dryRun: false)
        return store
    }
}
