import Foundation
import Model
import Signing

/// The claims of a certificate token (DESIGN.md "Certificates and verification codes").
public struct CertificateClaims: Codable, Sendable, Equatable {
    /// The evaluation body's name.
    public var iss: String
    /// The certificate number.
    public var sub: String
    /// The holder's full name.
    public var name: String
    /// The masked identity number.
    public var idm: String
    /// `4-07-03-02`.
    public var occ: String
    /// 4 or 3.
    public var lvl: Int
    /// Unix seconds of midnight Asia/Shanghai of the issue date.
    public var iat: Int
    /// The short code in its display form; nil in the record signature's claims, which cannot contain it.
    public var jti: String?
}

extension CertificateClaims: SortedJSONObject {
    /// The claims as members (`jti` left out when nil).
    public var jsonFields: [(key: String, value: SortedJSON.Value)] {
        [("iss", .string(iss)), ("sub", .string(sub)), ("name", .string(name)), ("idm", .string(idm)),
         ("occ", .string(occ)), ("lvl", .int(lvl)), ("iat", .int(iat)),
         ("jti", jti.map(SortedJSON.Value.string) ?? .absent)]
    }
}

/// The two signatures behind a certificate and the one place that checks a stored record against them.
///
/// The short code is a claim of the token (`jti`) and is derived from a signature, so it cannot come from
/// the token's own signature. Concord therefore makes a *record signature* (the seal) first: the Ed25519
/// signature of the JWS signing input of the same header and claims without `jti`. The code is derived
/// from the seal; then the token, with `jti` = the code, is signed.
public enum CertificateSeal {
    /// What signing a certificate produces.
    public struct Signed: Sendable, Equatable {
        public var token: String
        public var seal: String
        public var code: ShortCode
    }

    /// Signs `claims` (its `jti` is replaced) with `key`.
    public static func sign(_ claims: CertificateClaims, key: Ed25519PrivateKey) throws -> Signed {
        try sign(claims, signer: try Ed25519Signer(key: key))
    }

    /// Signs `claims` with a signing context (one per thread, reused across certificates).
    public static func sign(_ claims: CertificateClaims, signer: Ed25519Signer) throws -> Signed {
        var unsealed = claims
        unsealed.jti = nil
        let header = JWSHeader(kid: signer.key.publicKey.kid)
        let sealInput = CompactJWS.signingInput(header: header, payload: CompactJWS.canonicalJSON(unsealed))
        let seal = try signer.sign(Array(sealInput.utf8))
        let code = ShortCode(signature: seal)
        var full = claims
        full.jti = code.display
        let token = try CompactJWS(payload: CompactJWS.canonicalJSON(full), signer: signer)
        return Signed(token: token.text, seal: Base64.url(seal), code: code)
    }

    /// Whether the stored `certificate` is exactly what `key` signed: the token's header and claims are
    /// rebuilt from the stored columns and must match byte for byte, the token's signature must hold, the
    /// seal must be the key's signature of the claims without `jti`, and the code must derive from the seal.
    public static func matches(_ certificate: Certificate, key: Ed25519PublicKey) -> Bool {
        guard key.kid == certificate.kid, let verifier = key.verifier() else { return false }
        let header = JWSHeader(kid: certificate.kid)
        let claims = certificate.claims
        let expected = CompactJWS.signingInput(header: header, payload: CompactJWS.canonicalJSON(claims))
        // The stored token must be exactly that signing input, a dot and a signature: comparing the text is
        // as strict as parsing the token and comparing its parts, and much cheaper.
        let token = certificate.token
        guard token.hasPrefix(expected + "."),
              let signature = Base64.decodeURL(token.dropFirst(expected.count + 1)),
              verifier.verify(signature: signature, message: Array(expected.utf8))
        else { return false }
        var unsealed = claims
        unsealed.jti = nil
        let sealInput = CompactJWS.signingInput(header: header, payload: CompactJWS.canonicalJSON(unsealed))
        guard let seal = Base64.decodeURL(certificate.seal),
              verifier.verify(signature: seal, message: Array(sealInput.utf8))
        else { return false }
        return ShortCode(signature: seal).display == certificate.code
    }
}

/// Normalising typed codes to the stored display form.
enum ShortCodeText {
    /// The display form of a typed code; throws a `ConcordError` when it is malformed.
    static func display(_ text: String) throws -> String {
        try ShortCode(parsing: text).display
    }
}
