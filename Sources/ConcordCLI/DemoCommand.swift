import ArgumentParser
import Catalog
import Foundation
import Model
import Signing
import Storage

extension Concord {
    /// `concord demo`: builds a synthetic Zhejiang data set in `demo/concord.sqlite` and walks through it.
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create demo/concord.sqlite with synthetic data and show every part of Concord.")

        @Option(help: "The demo database (replaced if it exists; no other file is touched).")
        var out = "demo/concord.sqlite"
        @Option(help: "How many people to generate.") var size = 500
        @Option(help: "Seed for the synthetic data.") var seed: UInt64 = 2023
        @Flag(name: .customLong("no-serve"), help: "Do not start the verifier at the end (for scripts).")
        var noServe = false
        @Option(help: "Port for the verifier at the end (0 picks a free one).") var port = 0

        func validate() throws {
            guard (1...2_000_000).contains(size) else {
                throw ValidationError("--size must be between 1 and 2000000")
            }
        }

        func run() async throws {
            let store = try DemoDatabase.recreate(at: out)
            var gen = SyntheticRegistry(seed: seed)
            let registry = try DemoRegistry.load(into: store, size: size, generator: &gen)
            print("== Registry ==")
            print("database: \(out)")
            print("institutions: \(registry.institutions), employers: \(registry.employers), people: \(registry.people)")
            let employers = try store.employers()
            var bySize: [SizeClass: Int] = [:]
            for e in employers { bySize[e.sizeClass, default: 0] += 1 }
            Output.printTable(
                ["size class", "employers"],
                SizeClass.allCases.map { [$0.rawValue + " " + $0.label, String(bySize[$0] ?? 0)] })
            try DemoEnrollment.run(store: store, generator: &gen)
            try DemoCertification.run(
                store: store,
                keys: KeyDirectory(
                    path: URL(fileURLWithPath: out).deletingLastPathComponent().appendingPathComponent("keys").path))
            try DemoCoverage.run(store: store)
            try DemoCompetition.run(store: store, seed: seed)
            try DemoSubsidy.run(store: store, generator: &gen)
            let audit = try store.verifyAudit()
            print("audit chain: \(audit.isIntact ? "intact" : "BROKEN"), \(audit.rows) rows")
            if !noServe { try await DemoServe.run(store: store, path: out, port: port) }
        }
    }
}

/// Creating the demo database file.
enum DemoDatabase {
    /// Deletes an old demo database at `path` (only that file and its -wal/-shm companions) and opens a new one.
    static func recreate(at path: String) throws -> Store {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        for suffix in ["", "-wal", "-shm"] {
            let file = path + suffix
            if FileManager.default.fileExists(atPath: file) { try FileManager.default.removeItem(atPath: file) }
        }
        return try Store(path: path, actor: "demo", mode: .create)
    }
}

/// The registry part of the demo data: institutions, employers across size classes and regions, people.
enum DemoRegistry {
    struct Counts { var institutions = 0, employers = 0, people = 0 }

    static func load(into store: Store, size: Int, generator gen: inout SyntheticRegistry) throws -> Counts {
        var counts = Counts()
        try store.addInstitution(
            code: "HZ-TRAIN-01", name: "杭州市职业技能培训中心", kind: .training, creditCode: nil, region: "杭州市/西湖区")
        try store.addInstitution(
            code: "NB-TRAIN-01", name: "宁波市劳动关系培训学校", kind: .training, creditCode: nil, region: "宁波市/鄞州区")
        try store.addInstitution(
            code: "ZJ-EVAL-01", name: "浙江省劳动关系职业技能评价中心", kind: .evaluation, creditCode: nil, region: "杭州市")
        counts.institutions = 3

        let temp = FileManager.default.temporaryDirectory.appendingPathComponent("concord-demo-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: temp) }
        let (employersCSV, codes) = employerCSV(generator: &gen)
        try Data(employersCSV.utf8).write(to: temp)
        counts.employers = try store.importEmployers(
            try CSVDocument(path: temp.path, required: ["name", "credit_code"]), dryRun: false).created
        try Data(personCSV(count: size, employers: codes, generator: &gen).utf8).write(to: temp)
        counts.people = try store.importPersons(
            try CSVDocument(path: temp.path, required: ["name", "resident_id"]), dryRun: false).created
        return counts
    }

    /// 30 employers across size classes and Zhejiang regions, as an import CSV, with their credit codes and
    /// the resident-ID region code of each.
    static func employerCSV(generator gen: inout SyntheticRegistry) -> (String, [(code: String, regionCode: String)]) {
        let sizes: [SizeClass] = Array(repeating: .large, count: 4) + Array(repeating: .medium, count: 7)
            + Array(repeating: .small, count: 10) + Array(repeating: .micro, count: 9)
        var codes: [(code: String, regionCode: String)] = []
        var csv = "name,credit_code,size,region,park\n"
        for (i, size) in sizes.enumerated() {
            let place = SyntheticRegistry.places[i % SyntheticRegistry.places.count]
            let street = gen.pick(place.streets)
            let code = gen.creditCode(regionCode: place.code)
            let suffix = ["有限公司", "股份有限公司", "科技有限公司"][i % 3]
            let name = "\(place.city.dropLast())\(gen.pick(SyntheticRegistry.industries))\(suffix)"
            let park = i % 5 == 0 ? SyntheticRegistry.parks[i % SyntheticRegistry.parks.count] : ""
            csv += "\(name)\(i + 1)号,\(code),\(size.rawValue),\(place.city)/\(place.district)/\(street),\(park)\n"
            codes.append((code, place.code))
        }
        return (csv, codes)
    }

    /// `count` people with unique valid identity numbers spread over `employers`, as an import CSV.
    static func personCSV(
        count: Int, employers: [(code: String, regionCode: String)], generator gen: inout SyntheticRegistry
    ) -> String {
        let educations: [Education] = [.technicalSchool, .juniorCollege, .bachelor, .bachelor, .master, .none]
        let majors = ["劳动与社会保障", "人力资源管理", "法学", "工商企业管理", "社会学", "会计学", "计算机科学"]
        var people = "name,resident_id,phone,employer,education,major,related_work_since\n"
        people.reserveCapacity(count * 100)
        for i in 0..<count {
            let employer = employers[i % employers.count]
            let id = gen.residentID(regionCode: employer.regionCode, index: i)
            let since = Day(year: 2008 + gen.below(17), month: 1 + gen.below(12), day: 1) ?? Day.epoch
            people += "\(gen.name()),\(id),13\(String(format: "%09d", gen.below(1_000_000_000))),\(employer.code),"
                + "\(gen.pick(educations).rawValue),\(gen.pick(majors)),\(since)\n"
        }
        return people
    }
}
