import Foundation
import JWTKit
import Model
import Signing
import Testing

/// The claims jwt-kit decodes from a Concord token.
struct CertificateClaims: JWTPayload {
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

@Suite struct TokenTests {
    let claims = CertificateClaims(
        iss: "浙江省劳动关系职业技能评价中心", sub: "S00003300000125400001", name: "张三", idm: "360426********0071",
        occ: "4-07-03-02", lvl: 4, iat: 1_735_660_800, jti: "ABCD-EFGH-JKMN-PQRS-T")

    func token(_ key: Ed25519PrivateKey) throws -> CompactJWS {
        try CompactJWS(payload: CompactJWS.canonicalJSON(claims), key: key)
    }

    @Test func headerIsExactlyTheDesignedOne() throws {
        let key = try Ed25519PrivateKey.generate()
        let jws = try token(key)
        let header = String(decoding: Base64.decodeURL(jws.text.split(separator: ".")[0]) ?? [], as: UTF8.self)
        #expect(header == "{\"alg\":\"EdDSA\",\"kid\":\"\(key.publicKey.kid)\",\"typ\":\"JWT\"}")
        #expect(!jws.text.contains("="))
        let parsed = try CompactJWS(parsing: jws.text)
        #expect(parsed == jws)
        #expect(parsed.isSigned(by: key.publicKey))
    }

    /// An unrelated JOSE implementation (vapor/jwt-kit, over swift-crypto) accepts the token from the JWKS.
    @Test func jwtKitVerifiesAConcordToken() async throws {
        let key = try Ed25519PrivateKey.generate()
        let jwks = JSONWebKeySet(keys: [key.publicKey]).json
        let keys = try await JWTKeyCollection().add(jwksJSON: jwks)
        let verified = try await keys.verify(try token(key).text, as: CertificateClaims.self)
        #expect(verified.sub == claims.sub)
        #expect(verified.name == "张三")

        let direct = JWTKeyCollection()
        await direct.add(eddsa: try EdDSA.PublicKey(x: Base64.url(key.publicKey.raw), curve: .ed25519),
                         kid: JWKIdentifier(string: key.publicKey.kid))
        _ = try await direct.verify(try token(key).text, as: CertificateClaims.self)

        let stranger = try Ed25519PrivateKey.generate()
        let strangers = try await JWTKeyCollection().add(jwksJSON: JSONWebKeySet(keys: [stranger.publicKey]).json)
        await #expect(throws: (any Error).self) {
            _ = try await strangers.verify(try token(key).text, as: CertificateClaims.self)
        }
    }

    @Test func jwksHasTheRFC8037Shape() throws {
        let key = try Ed25519PrivateKey.generate()
        let object = try JSONSerialization.jsonObject(with: Data(JSONWebKeySet(keys: [key.publicKey]).json.utf8))
        let first = ((object as? [String: Any])?["keys"] as? [[String: Any]])?.first
        #expect(first?["kty"] as? String == "OKP")
        #expect(first?["crv"] as? String == "Ed25519")
        #expect(first?["kid"] as? String == key.publicKey.kid)
        #expect(first?["x"] as? String == Base64.url(key.publicKey.raw))
        #expect(JSONWebKey(key.publicKey).publicKey == key.publicKey)
    }

    @Test(arguments: [
        "", "a.b", "a.b.c.d", "eyJhbGciOiJFZERTQSJ9.e30.", "***.e30.AAAA",
        "eyJhbGciOiJSUzI1NiIsImtpZCI6IngiLCJ0eXAiOiJKV1QifQ.e30.AAAA",
    ])
    func badSyntaxIsRejected(_ text: String) {
        #expect(throws: ConcordError.self) { try CompactJWS(parsing: text) }
    }

    @Test func aFlippedByteBreaksTheSignature() throws {
        let key = try Ed25519PrivateKey.generate()
        let text = try token(key).text
        var bytes = Array(text.utf8)
        let dot = bytes.firstIndex(of: UInt8(ascii: ".")) ?? 0
        bytes[dot + 5] = bytes[dot + 5] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let flipped = String(decoding: bytes, as: UTF8.self)
        if let parsed = try? CompactJWS(parsing: flipped) {
            #expect(!parsed.isSigned(by: key.publicKey))
        }
    }
}
