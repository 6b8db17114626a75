import Catalog
import Certification
import Foundation
import GRDB
import JWTKit
import Model
import Signing
import Storage
import Testing

/// The claims jwt-kit decodes.
struct Claims: JWTPayload {
    var iss: String
    var sub: String
    var name: String
    var idm: String
    var occ: String
    var lvl: Int
    var iat: Int
    var jti: String
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

@Suite struct VerificationTests {
    @Test func aFreshCertificateIsValidByCodeAndToken() throws {
        let f = try Fixture()
        let c = try f.issued()
        let byCode = try f.store.verify(code: c.code.lowercased().replacingOccurrences(of: "-", with: " "))
        #expect(byCode.outcome == .valid)
        #expect(byCode.certificate?.holderName == "张*")
        #expect(byCode.certificate?.idMasked == "360426********0071")
        #expect(try f.store.verify(token: c.token).outcome == .valid)
    }

    @Test(arguments: [
        ("UPDATE certificate SET holder_name = '李四'", "name"),
        ("UPDATE certificate SET level = 3", "level"),
        ("UPDATE certificate SET issued_on = '2020-01-01'", "date"),
        ("UPDATE certificate SET number = 'S000033000001254999999'", "number"),
        ("UPDATE certificate SET body_name = '别的机构'", "body"),
    ])
    func anEditedRowIsTampered(_ sql: String, _ what: String) throws {
        let f = try Fixture()
        let c = try f.issued()
        try f.store.writer.write { db in try db.execute(sql: sql) }
        #expect(try f.store.verify(code: c.code).outcome == .tampered, "\(what)")
        let byToken = try f.store.verify(token: c.token)
        #expect(byToken.outcome == .tampered, "\(what)")
        #expect(byToken.certificate == nil)
    }

    @Test func aSwappedTokenIsTampered() throws {
        let f = try Fixture()
        let a = try f.issued()
        try f.addPerson(validID(sequence: 5), name: "李四", education: .master, major: "法学", since: nil)
        try f.sit(validID(sequence: 5), on: "2025-03-01", theory: 80, skills: 80)
        let b = try f.store.issueCertificate(person: ResidentID(validID(sequence: 5)), level: .four, keys: f.keys)
        try f.store.writer.write { db in
            try db.execute(sql: "UPDATE certificate SET token = 'moved' WHERE id = ?", arguments: [b.id])
            try db.execute(sql: "UPDATE certificate SET token = ? WHERE id = ?", arguments: [b.token, a.id])
        }
        #expect(try f.store.verify(code: a.code).outcome == .tampered)
    }

    @Test func revokedStaysRevokedUntilReinstated() throws {
        let f = try Fixture()
        let c = try f.issued()
        try f.store.revokeCertificate(c.number, reason: .fraud, note: "forged attendance", on: try Day("2025-05-01"))
        let result = try f.store.verify(code: c.code)
        #expect(result.outcome == .revoked)
        #expect(result.revokedOn == "2025-05-01")
        #expect(result.revokedReason == "fraud")
        #expect(try f.store.verify(token: c.token).outcome == .revoked)
        #expect(throws: ConcordError.self) { try f.store.revokeCertificate(c.code, reason: .error, note: "again") }
        // Revoked for fraud: no new certificate at that level.
        #expect(throws: ConcordError.self) {
            try f.store.issueCertificate(person: ResidentID(Fixture.zhang), level: .four, keys: f.keys)
        }
        #expect(throws: ConcordError.self) { try f.store.reinstateCertificate(c.number, reason: " ") }
        try f.store.reinstateCertificate(c.number, reason: "the complaint was withdrawn")
        #expect(try f.store.verify(code: c.code).outcome == .valid)
        #expect(try f.store.verifyAudit().isIntact)
    }

    @Test func unknownAndMalformedCodes() throws {
        let f = try Fixture()
        let c = try f.issued()
        let other = ShortCode(signature: [UInt8](repeating: 7, count: 64))
        #expect(try f.store.verify(code: other.display).outcome == .unknown)
        let check = c.code.last ?? "0"
        let wrongCheck = String(c.code.dropLast()) + (check == "A" ? "B" : "A")
        #expect(try f.store.verify(code: wrongCheck).outcome == .malformed)
        #expect(try f.store.verify(code: String(c.code.dropLast(2))).outcome == .malformed)
        #expect(try f.store.verify(code: c.code + "0").outcome == .malformed)
    }

    @Test func aTokenWithOneByteFlippedDoesNotVerify() throws {
        let f = try Fixture()
        let c = try f.issued()
        var bytes = Array(c.token.utf8)
        for index in [10, bytes.count / 2, bytes.count - 3] {
            let original = bytes[index]
            bytes[index] = original == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            let outcome = try f.store.verify(token: String(decoding: bytes, as: UTF8.self)).outcome
            #expect([.badSignature, .malformed, .unknownKey].contains(outcome), "byte \(index): \(outcome)")
            #expect(outcome != .valid)
            bytes[index] = original
        }
        // A changed claim (level 4 → 3) with the original header and signature: the signature fails.
        let parts = c.token.split(separator: ".").map(String.init)
        let payload = String(decoding: Base64.decodeURL(parts[1]) ?? [], as: UTF8.self)
        let changed = payload.replacingOccurrences(of: "\"lvl\":4", with: "\"lvl\":3")
        #expect(changed != payload)
        let forged = parts[0] + "." + Base64.url(Array(changed.utf8)) + "." + parts[2]
        #expect(try f.store.verify(token: forged).outcome == .badSignature)
    }

    @Test func aTokenFromAKeyOutsideTheSetIsUnknownKey() throws {
        let f = try Fixture()
        let c = try f.issued()
        let stranger = try Ed25519PrivateKey.generate()
        let claims = try JSONDecoder().decode(
            CertificateClaims.self, from: Data(try CompactJWS(parsing: c.token).payload))
        let forged = try CompactJWS(payload: CompactJWS.canonicalJSON(claims), key: stranger)
        let result = try f.store.verify(token: forged.text)
        #expect(result.outcome == .unknownKey)
        #expect(result.certificate == nil)
        #expect(try f.store.verify(token: "not.a.token").outcome == .malformed)
    }

    @Test func rotationKeepsOldCertificatesValid() throws {
        let f = try Fixture()
        let old = try f.issued()
        let (retired, active) = try f.store.rotateKey(in: f.keys)
        #expect(retired?.kid == old.kid)
        #expect(retired?.retiredAt != nil)
        try f.addPerson(validID(sequence: 9), name: "赵六", education: .master, major: "法学", since: nil)
        try f.sit(validID(sequence: 9), on: "2025-03-01", theory: 80, skills: 80)
        let new = try f.store.issueCertificate(person: ResidentID(validID(sequence: 9)), level: .four, keys: f.keys)
        #expect(new.kid == active.kid)
        #expect(try f.store.verify(code: old.code).outcome == .valid)
        #expect(try f.store.verify(token: new.token).outcome == .valid)
        #expect(try f.store.jwks().keys.map(\.kid) == [old.kid, active.kid])
        #expect(try f.store.signingKeys().filter(\.active).count == 1)
    }

    @Test func aKeyFileOthersCanReadStopsIssuance() throws {
        let f = try Fixture()
        try f.sit(on: "2025-03-01", theory: 75, skills: 82)
        let kid = try f.store.signingKeys()[0].kid
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: f.keys.file(kid: kid))
        let error = #expect(throws: ConcordError.self) {
            try f.store.issueCertificate(person: ResidentID(Fixture.zhang), level: .four, keys: f.keys)
        }
        #expect(error?.what.contains("chmod 600") == true)
        #expect(try f.store.certificates(personID: 1).isEmpty)
    }

    @Test func aMissingKeysFolderStopsIssuance() throws {
        let f = try Fixture()
        try f.sit(on: "2025-03-01", theory: 75, skills: 82)
        let missing = KeyDirectory(path: f.dir.appendingPathComponent("nowhere").path)
        #expect(throws: ConcordError.self) {
            try f.store.issueCertificate(person: ResidentID(Fixture.zhang), level: .four, keys: missing)
        }
    }

    /// vapor/jwt-kit, an unrelated JOSE implementation, accepts the stored token with the store's JWKS.
    @Test func jwtKitVerifiesAnIssuedToken() async throws {
        let f = try Fixture()
        let c = try f.issued()
        let keys = try await JWTKeyCollection().add(jwksJSON: try f.store.jwks().json)
        let claims = try await keys.verify(c.token, as: Claims.self)
        #expect(claims.sub == c.number)
        #expect(claims.jti == c.code)
        #expect(claims.name == "张三")
    }
}
