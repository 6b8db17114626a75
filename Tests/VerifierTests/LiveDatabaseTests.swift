import Catalog
import Certification
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Model
import Signing
import Storage
import Testing

@testable import Verifier

/// A temporary database with four certificates in each state the verifier must tell apart: valid, revoked,
/// tampered (its row edited in SQL after issue) and unknown (a well-formed code nobody holds).
final class VerifierWorld: Sendable {
    let dir: URL
    let path: String
    let valid: Certificate
    let revoked: Certificate
    let tampered: Certificate
    let unknownCode: String

    static let people = [
        ("360426199101010071", "张三丰"), ("11010519491231002X", "李四"), ("360426199101010098", "王小五"),
    ]

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("concord-verifier-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        path = dir.appendingPathComponent("c.sqlite").path
        let store = try Store(path: path, actor: "test", mode: .create)
        let keys = KeyDirectory(path: dir.appendingPathComponent("keys").path)
        _ = try store.ensureSigningKey(in: keys)
        try store.addInstitution(code: "EV", name: "浙江省劳动关系职业技能评价中心", kind: .evaluation, creditCode: nil,
                                 region: "杭州市")
        try store.setEvaluationBody(institution: "EV", type: "S", bodyCode: "0000", site: "000001")
        var issued: [Certificate] = []
        for (id, name) in Self.people {
            try store.savePerson(try PersonInput(
                name: PersonName(name), residentID: ResidentID(id), education: .bachelor, major: "法学",
                relatedWorkSince: try Day("2015-01-01")))
            try store.recordAssessment(try AssessmentInput(
                person: ResidentID(id), level: .four, body: "EV", on: Day("2025-03-01"), theory: 80, skills: 80))
            issued.append(try store.issueCertificate(
                person: ResidentID(id), level: .four, keys: keys, on: try Day("2025-04-01")))
        }
        valid = issued[0]
        revoked = issued[1]
        tampered = issued[2]
        let tamperedNumber = issued[2].number
        try store.revokeCertificate(issued[1].number, reason: .fraud, note: "forged training records")
        try store.writer.write { db in
            try db.execute(
                sql: "UPDATE certificate SET holder_name = '王大五' WHERE number = ?", arguments: [tamperedNumber])
        }
        // A well-formed code (right check symbol) that no certificate has.
        unknownCode = ShortCode(signature: Array(repeating: 7, count: 64)).display
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    /// The verifier's service over the file, opened read-only as `concord serve` opens it.
    func service() throws -> StoreVerificationService {
        StoreVerificationService(store: try Store(path: path, actor: "verifier", mode: .readOnly))
    }
}

func decode(_ buffer: ByteBuffer) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any])
}

@Suite struct LiveDatabaseTests {
    @Test func everyOutcomeThroughTheRouter() async throws {
        let world = try VerifierWorld()
        let app = try buildApplication(TestArguments(), service: try world.service())
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/verify/\(world.valid.code)", method: .get) { response in
                #expect(response.status == .ok)
                let body = try decode(response.body)
                #expect(body["status"] as? String == "valid")
                let certificate = try #require(body["certificate"] as? [String: Any])
                #expect(Set(certificate.keys) == ["number", "holderName", "idMasked", "occupation", "level",
                                                  "issuedOn", "body"])
                #expect(certificate["holderName"] as? String == "张*丰")
                #expect(certificate["idMasked"] as? String == "360426********0071")
                #expect(certificate["level"] as? Int == 4)
                #expect(certificate["occupation"] as? String == "4-07-03-02")
                #expect(certificate["number"] as? String == world.valid.number)
            }
            // Typed in lower case with spaces instead of hyphens.
            let typed = world.valid.code.lowercased().replacingOccurrences(of: "-", with: "%20")
            try await client.execute(uri: "/api/v1/verify/\(typed)", method: .get) { response in
                let body = try decode(response.body)
                #expect(body["status"] as? String == "valid")
            }
            try await client.execute(uri: "/api/v1/verify/\(world.revoked.code)", method: .get) { response in
                #expect(response.status == .ok)
                let body = try decode(response.body)
                #expect(body["status"] as? String == "revoked")
                #expect(body["reason"] as? String == "fraud")
                #expect(body["revokedOn"] as? String != nil)
            }
            try await client.execute(uri: "/api/v1/verify/\(world.tampered.code)", method: .get) { response in
                let body = try decode(response.body)
                #expect(body["status"] as? String == "tampered")
                #expect(body["certificate"] is NSNull)
            }
            try await client.execute(uri: "/api/v1/verify/\(world.unknownCode)", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body) == #"{"certificate":null,"status":"unknown"}"#)
            }
            var wrongCheck = world.valid.code
            let last = wrongCheck.removeLast()
            wrongCheck.append(last == "0" ? "1" : "0")
            try await client.execute(uri: "/api/v1/verify/\(wrongCheck)", method: .get) { response in
                #expect(response.status == .badRequest)
                let body = try decode(response.body)
                #expect(body["status"] as? String == "malformed")
            }
        }
    }

    @Test func tokensInTheBody() async throws {
        let world = try VerifierWorld()
        let app = try buildApplication(TestArguments(), service: try world.service())
        try await app.test(.router) { client in
            func post(_ token: String) async throws -> (HTTPResponse.Status, [String: Any]) {
                let body = try JSONSerialization.data(withJSONObject: ["token": token])
                return try await client.execute(
                    uri: "/api/v1/verify", method: .post, body: ByteBuffer(bytes: body)
                ) { response in (response.status, try decode(response.body)) }
            }
            #expect(try await post(world.valid.token).1["status"] as? String == "valid")
            #expect(try await post(world.revoked.token).1["status"] as? String == "revoked")
            // One byte flipped in the signature part.
            var bytes = Array(world.valid.token.utf8)
            let i = bytes.count - 5
            bytes[i] = bytes[i] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            let flipped = try await post(String(decoding: bytes, as: UTF8.self)).1["status"] as? String
            #expect(flipped == "bad-signature" || flipped == "malformed")
            let (status, body) = try await post("not.a.token")
            #expect(status == .badRequest)
            #expect(body["status"] as? String == "malformed")
        }
    }

    @Test func theQRCodeURLChecksTheTokenToo() async throws {
        let world = try VerifierWorld()
        let app = try buildApplication(TestArguments(), service: try world.service())
        try await app.test(.router) { client in
            try await client.execute(uri: "/v/\(world.valid.code)?t=\(world.valid.token)", method: .get) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("证书有效"))
                #expect(page.contains("张*丰"))
                #expect(!page.contains("张三丰"))
                #expect(!page.contains("360426199101010071"))
            }
            // The revoked certificate's token on the valid certificate's page: not accepted as valid.
            try await client.execute(uri: "/v/\(world.valid.code)?t=\(world.revoked.token)", method: .get) { response in
                #expect(!String(buffer: response.body).contains("证书有效"))
            }
        }
    }

    @Test func aRevocationAfterTheFirstAnswerIsSeen() throws {
        let world = try VerifierWorld()
        let service = try world.service()
        #expect(try service.verify(code: world.valid.code).status == "valid")
        #expect(try service.verify(code: world.valid.code).status == "valid")  // from the cache
        let writer = try Store(path: world.path, actor: "test")
        try writer.revokeCertificate(world.valid.number, reason: .error, note: "issued to the wrong person")
        #expect(try service.verify(code: world.valid.code).status == "revoked")
        try writer.writer.write { db in
            try db.execute(sql: "UPDATE certificate SET level = 3 WHERE number = ?", arguments: [world.valid.number])
        }
        #expect(try service.verify(code: world.valid.code).status == "tampered")
    }

    @Test func jwksAndPagesLive() async throws {
        let world = try VerifierWorld()
        let app = try buildApplication(TestArguments(), service: try world.service())
        try await app.test(.live) { client in
            try await client.execute(uri: "/.well-known/jwks.json", method: .get) { response in
                let keys = try #require(try decode(response.body)["keys"] as? [[String: Any]])
                #expect(keys.first?["kty"] as? String == "OKP")
                #expect(keys.first?["crv"] as? String == "Ed25519")
                #expect(keys.first?["kid"] as? String == world.valid.kid)
            }
            try await client.execute(uri: "/v/\(world.revoked.code)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("证书已撤销"))
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(String(buffer: response.body) == "ok")
            }
        }
    }

    @Test func aFloodOverTheSocketGets429() async throws {
        let world = try VerifierWorld()
        var arguments = TestArguments()
        arguments.trustForwardedFor = false
        arguments.rate = 1
        arguments.burst = 3
        let app = try buildApplication(arguments, service: try world.service())
        try await app.test(.live) { client in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<6 {
                statuses.append(try await client.execute(uri: "/healthz", method: .get) { $0.status })
            }
            #expect(statuses.prefix(3).allSatisfy { $0 == .ok })
            #expect(statuses.contains(.tooManyRequests))
        }
    }
}

@Suite struct CompromisedKeyTests {
    @Test func aKeyMarkedCompromisedAfterACachedAnswerIsSeen() throws {
        let world = try VerifierWorld()
        let service = try world.service()
        #expect(try service.verify(code: world.valid.code).status == "valid")
        let writer = try Store(path: world.path, actor: "test")
        let keys = KeyDirectory(path: world.dir.appendingPathComponent("keys").path)
        _ = try writer.compromiseKey(kid: world.valid.kid, since: "2025-01-01", note: "leaked", keys: keys)
        let answer = try service.verify(code: world.valid.code)
        #expect(answer.status == "revoked")
        #expect(answer.reason == "key-compromise")
    }
}

/// The verifier decides a new row from its own read (`Verification.standing(joinedRow:)`); that must be the
/// decision `Store.verify` makes, outcome for outcome, whatever was edited in the file.
@Suite struct HotRowDecisionTests {
    /// The answer the store gives and the answers of a new service (no cache) and of a long-lived one.
    func agree(_ world: VerifierWorld, _ live: StoreVerificationService, _ code: String) throws -> String {
        let store = try Store(path: world.path, actor: "verifier", mode: .readOnly)
        let expected = StoreVerificationService.answer(try store.verify(code: code))
        let fresh = try world.service().verify(code: code)
        let cached = try live.verify(code: code)
        #expect(fresh == expected, "\(code)")
        #expect(cached == expected, "\(code)")
        return fresh.status
    }

    @Test func everyOutcomeAsTheStoreDecidesIt() throws {
        let world = try VerifierWorld()
        let live = try world.service()
        #expect(try agree(world, live, world.valid.code) == "valid")
        #expect(try agree(world, live, world.revoked.code) == "revoked")
        #expect(try agree(world, live, world.tampered.code) == "tampered")
        #expect(try agree(world, live, world.unknownCode) == "unknown")

        // Edits straight into the file, foreign keys off as any SQLite tool may have them.
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let file = try DatabaseQueue(path: world.path, configuration: configuration)
        let keys = KeyDirectory(path: world.dir.appendingPathComponent("keys").path)
        let writer = try Store(path: world.path, actor: "test")
        let (_, rotated) = try writer.rotateKey(in: keys)
        // Another key of the set: tampered; a key in no set: unknown-key.
        try file.write { db in
            try db.execute(sql: "UPDATE certificate SET kid = ? WHERE id = ?", arguments: [rotated.kid, world.valid.id])
        }
        #expect(try agree(world, live, world.valid.code) == "tampered")
        try file.write { db in
            try db.execute(
                sql: "UPDATE certificate SET kid = ? WHERE id = ?", arguments: ["0123456789abcdef", world.valid.id])
        }
        #expect(try agree(world, live, world.valid.code) == "unknown-key")
        try file.write { db in
            try db.execute(sql: "UPDATE certificate SET kid = ? WHERE id = ?", arguments: [world.valid.kid, world.valid.id])
        }
        #expect(try agree(world, live, world.valid.code) == "valid")
        // Another public key stored under the kid: the signatures no longer hold.
        let publicKey = try file.read { db in
            try String.fetchOne(db, sql: "SELECT public_key FROM signing_key WHERE kid = ?", arguments: [world.valid.kid])
        }
        try file.write { db in
            try db.execute(
                sql: "UPDATE signing_key SET public_key = ? WHERE kid = ?",
                arguments: [String(repeating: "A", count: 43), world.valid.kid])
        }
        #expect(try agree(world, live, world.valid.code) == "tampered")
        try file.write { db in
            try db.execute(
                sql: "UPDATE signing_key SET public_key = ? WHERE kid = ?", arguments: [publicKey, world.valid.kid])
        }
        #expect(try agree(world, live, world.valid.code) == "valid")
        // Its key reported leaked before it was signed: revoked, key-compromise, dated the day of the leak.
        _ = try writer.compromiseKey(kid: world.valid.kid, since: "2025-01-01", note: "leaked", keys: keys)
        #expect(try agree(world, live, world.valid.code) == "revoked")
        #expect(try live.verify(code: world.valid.code).reason == "key-compromise")
        #expect(try agree(world, live, world.revoked.code) == "revoked")
    }

    /// A value no command writes (the CHECKs switched off, as any SQLite tool may): the row is no certificate
    /// Concord issued, so it is tampered on every path, never malformed or a server error.
    @Test(arguments: [("level", "5"), ("revoked_reason", "'bogus'")])
    func aValueNoCommandWritesIsTampered(_ edit: (column: String, value: String)) async throws {
        let world = try VerifierWorld()
        let live = try world.service()
        #expect(try agree(world, live, world.revoked.code) == "revoked")
        let file = try DatabaseQueue(path: world.path)
        let id = world.revoked.id
        try await file.write { db in
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            try db.execute(
                sql: "UPDATE certificate SET \(edit.column) = \(edit.value) WHERE id = ?", arguments: [id])
        }
        #expect(try agree(world, live, world.revoked.code) == "tampered")
        let store = try Store(path: world.path, actor: "verifier", mode: .readOnly)
        #expect(try store.verify(token: world.revoked.token).outcome == .tampered)
        try await buildApplication(TestArguments(), service: live).test(.router) { client in
            try await client.execute(uri: "/api/v1/verify/\(world.revoked.code)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"tampered\""))
            }
        }
    }
}

/// The quick answer (given in the request's own thread) is only ever a cached answer still true of the file;
/// anything that needs a signature check is left to the full verification (on the thread pool).
@Suite struct QuickAnswerTests {
    @Test func onlyCachedAnswersStillTrueOfTheFileAreQuick() throws {
        let world = try VerifierWorld()
        let service = try world.service()
        #expect(try service.quickAnswer(code: "0000")?.answer.status == "malformed")
        #expect(try service.quickAnswer(code: world.valid.code) == nil)  // never seen: needs verifying
        #expect(try service.encodedAnswer(code: world.valid.code).answer.status == "valid")
        #expect(try service.quickAnswer(code: world.valid.code)?.answer.status == "valid")
        #expect(try service.quickAnswer(code: world.unknownCode)?.answer.status == "unknown")
        // An edit to the row: the cached answer no longer holds, so it is not quick.
        let file = try DatabaseQueue(path: world.path)
        try file.write { db in
            try db.execute(sql: "UPDATE certificate SET holder_name = '李四' WHERE id = ?", arguments: [world.valid.id])
        }
        #expect(try service.quickAnswer(code: world.valid.code) == nil)
        #expect(try service.encodedAnswer(code: world.valid.code).answer.status == "tampered")
        #expect(try service.quickAnswer(code: world.valid.code)?.answer.status == "tampered")
    }
}

/// A service whose store cannot be read: every lookup throws what SQLite would.
struct FailingService: VerificationService {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "disk I/O error in /srv/concord/concord.sqlite" }
    }

    func verify(code: String) throws -> VerifyAnswer { throw Failure() }
    func verify(token: String) throws -> VerifyAnswer { throw Failure() }
    func jwks() throws -> String { throw Failure() }
}

@Suite struct InternalFailureTests {
    /// The verifier's own failure is a 500 with a fixed message: not `malformed` (400), which would tell the
    /// holder that their certificate is wrong, and nothing of the internal error.
    @Test func anUnreadableStoreIsA500NotAVerdict() async throws {
        try await buildApplication(TestArguments(), service: FailingService()).test(.router) { client in
            let code = ShortCode(signature: Array(repeating: 7, count: 64)).display
            for uri in ["/api/v1/verify/\(code)", "/v/\(code)", "/v/\(code)?t=a.b.c"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .internalServerError, "\(uri)")
                    let body = String(buffer: response.body)
                    #expect(body.contains("could not check") && !body.contains("I/O") && !body.contains("/srv"))
                }
            }
            try await client.execute(
                uri: "/api/v1/verify", method: .post, body: ByteBuffer(string: #"{"token": "a.b.c"}"#)
            ) { response in
                #expect(response.status == .internalServerError)
            }
        }
    }
}

/// A running verifier answers hot codes from its cache only while the file is unchanged (`PRAGMA data_version`):
/// an edit made by another process, with the stock `sqlite3` tool, is seen by the very next request.
@Suite struct CacheFreshnessTests {
    func sqlite3(_ path: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", path, sql]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "sqlite3: \(message)")
    }

    @Test func anEditByAnotherProcessIsSeenByTheNextRequest() throws {
        let world = try VerifierWorld()
        let service = try world.service()
        let code = world.valid.code
        #expect(try service.verify(code: code).status == "valid")
        #expect(try service.verify(code: code).status == "valid")  // from the cache, the file unchanged
        try sqlite3(world.path, "UPDATE certificate SET holder_name = '张三' WHERE number = '\(world.valid.number)'")
        #expect(try service.verify(code: code).status == "tampered")
        #expect(try service.verify(code: code).status == "tampered")
        try sqlite3(world.path, "UPDATE certificate SET holder_name = '张三丰' WHERE number = '\(world.valid.number)'")
        #expect(try service.verify(code: code).status == "valid")
        // A change to another row leaves this code's answer as it was.
        try sqlite3(world.path, "UPDATE certificate SET holder_name = '王小' WHERE number = '\(world.tampered.number)'")
        #expect(try service.verify(code: code).status == "valid")
        try sqlite3(
            world.path,
            "UPDATE certificate SET revoked_on = '2025-05-01', revoked_reason = 'error', revoked_note = 'typo' WHERE number = '\(world.valid.number)'")
        #expect(try service.verify(code: code).status == "revoked")
    }
}
