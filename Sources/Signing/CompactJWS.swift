import Foundation
import Model

/// The protected header of a Concord token: `{"alg":"EdDSA","kid":…,"typ":"JWT"}` (RFC 8037).
public struct JWSHeader: Codable, Sendable, Equatable {
    /// Always `EdDSA`.
    public var alg: String
    /// The key id of the signing key.
    public var kid: String
    /// Always `JWT`.
    public var typ: String

    /// The header for a token signed by key `kid`.
    public init(kid: String) {
        alg = "EdDSA"
        self.kid = kid
        typ = "JWT"
    }
}

/// A JWS compact serialization (RFC 7515 §7.1): `base64url(header).base64url(payload).base64url(signature)`.
public struct CompactJWS: Sendable, Equatable {
    /// The decoded protected header.
    public let header: JWSHeader
    /// The payload bytes (for Concord: the claims JSON).
    public let payload: [UInt8]
    /// The 64-byte signature.
    public let signature: [UInt8]
    /// The signed text: the first two parts and the dot between them.
    public let signingInput: String

    /// The compact token text.
    public var text: String { signingInput + "." + Base64.url(signature) }

    /// Signs `payload` with `key`, with the header naming the key.
    public init(payload: [UInt8], key: Ed25519PrivateKey) throws {
        try self.init(payload: payload, signer: try Ed25519Signer(key: key))
    }

    /// Signs `payload` with a signing context's key, with the header naming the key.
    public init(payload: [UInt8], signer: Ed25519Signer) throws {
        let header = JWSHeader(kid: signer.key.publicKey.kid)
        let input = Self.signingInput(header: header, payload: payload)
        self.header = header
        self.payload = payload
        signature = try signer.sign(Array(input.utf8))
        signingInput = input
    }

    /// The signing input for `header` and `payload` (the header JSON with sorted keys, as written above).
    public static func signingInput(header: JWSHeader, payload: [UInt8]) -> String {
        Base64.url(canonicalJSON(header)) + "." + Base64.url(payload)
    }

    /// Parses a token's syntax (three base64url parts, a JSON header with alg EdDSA and a kid, a 64-byte
    /// signature); throws a `ConcordError` saying what is wrong. The signature is not checked here.
    public init(parsing text: String) throws {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw ConcordError("a token has three parts separated by '.'") }
        guard let headerBytes = Base64.decodeURL(parts[0]), let payload = Base64.decodeURL(parts[1]),
              let signature = Base64.decodeURL(parts[2])
        else { throw ConcordError("a token part is not base64url without padding") }
        guard let header = try? JSONDecoder().decode(JWSHeader.self, from: Data(headerBytes)) else {
            throw ConcordError("the token header is not JSON with alg, kid and typ")
        }
        guard header.alg == "EdDSA" else { throw ConcordError("the token's alg is \(header.alg.clipped), not EdDSA") }
        guard signature.count == 64 else { throw ConcordError("an Ed25519 signature has 64 bytes") }
        guard (try? JSONSerialization.jsonObject(with: Data(payload))) is [String: Any] else {
            throw ConcordError("the token payload is not a JSON object")
        }
        self.header = header
        self.payload = payload
        self.signature = signature
        signingInput = String(parts[0]) + "." + String(parts[1])
    }

    /// Whether the signature is `key`'s signature of the signing input.
    public func isSigned(by key: Ed25519PublicKey) -> Bool {
        key.verify(signature: signature, message: Array(signingInput.utf8))
    }

    /// JSON with sorted keys and unescaped slashes: the one encoding Concord signs, so the same values
    /// always give the same bytes.
    public static func canonicalJSON(_ value: some Encodable) -> [UInt8] {
        SortedJSON.encoded(value)
    }

    /// The same bytes for the shapes written directly (a header, certificate claims), see `SortedJSON`.
    public static func canonicalJSON(_ value: some SortedJSONObject) -> [UInt8] {
        SortedJSON.encode(value)
    }
}

extension JWSHeader: SortedJSONObject {
    /// The header's members.
    public var jsonFields: [(key: String, value: SortedJSON.Value)] {
        [("alg", .string(alg)), ("kid", .string(kid)), ("typ", .string(typ))]
    }
}
