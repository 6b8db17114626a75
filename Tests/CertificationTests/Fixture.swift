import Catalog
import Certification
import Foundation
import GRDB
import Model
import Signing
import Storage

/// A temporary database file and keys folder with an evaluation body, a signing key and some people.
final class Fixture {
    let dir: URL
    let store: Store
    let keys: KeyDirectory

    static let zhang = "360426199101010071"

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("concord-cert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        store = try Store(path: dir.appendingPathComponent("c.sqlite").path, actor: "test", mode: .create)
        keys = KeyDirectory(path: dir.appendingPathComponent("keys").path)
        try store.ensureSigningKey(in: keys)
        try store.addInstitution(code: "EV", name: "浙江省劳动关系职业技能评价中心", kind: .evaluation, creditCode: nil,
                                 region: "杭州市")
        try store.setEvaluationBody(institution: "EV", type: "S", bodyCode: "0000", site: "000001")
        try addPerson(Fixture.zhang, name: "张三", education: .bachelor, major: "法学", since: "2015-01-01")
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    func addPerson(_ id: String, name: String, education: Education, major: String?, since: String?) throws {
        try store.savePerson(try PersonInput(
            name: PersonName(name), residentID: ResidentID(id), education: education, major: major,
            relatedWorkSince: try since.map(Day.init)))
    }

    func sit(_ id: String = Fixture.zhang, level: SkillLevel = .four, on: String, theory: Int?, skills: Int?) throws {
        try store.recordAssessment(try AssessmentInput(
            person: ResidentID(id), level: level, body: "EV", on: Day(on), theory: theory, skills: skills))
    }

    /// Zhang passes level 4 and receives the certificate.
    func issued() throws -> Certificate {
        try sit(on: "2025-03-01", theory: 75, skills: 82)
        return try store.issueCertificate(
            person: ResidentID(Fixture.zhang), level: .four, keys: keys, on: try Day("2025-04-01"))
    }
}

/// Runs a stock tool and returns its status and output.
func shell(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
