/// One public key in a JWKS (RFC 7517 with RFC 8037's `OKP`/`Ed25519`).
public struct JSONWebKey: Codable, Sendable, Equatable {
    /// `OKP`.
    public var kty: String
    /// `Ed25519`.
    public var crv: String
    /// The raw public key, base64url without padding.
    public var x: String
    /// The key id.
    public var kid: String
    /// `EdDSA`.
    public var alg: String
    /// `sig`.
    public var use: String

    /// The JWK of `key`.
    public init(_ key: Ed25519PublicKey) {
        kty = "OKP"
        crv = "Ed25519"
        x = Base64.url(key.raw)
        kid = key.kid
        alg = "EdDSA"
        use = "sig"
    }

    /// The public key the JWK describes, or nil when it is not an Ed25519 key.
    public var publicKey: Ed25519PublicKey? {
        guard kty == "OKP", crv == "Ed25519", let raw = Base64.decodeURL(x) else { return nil }
        return try? Ed25519PublicKey(raw: raw)
    }
}

/// A JSON Web Key Set: `{"keys":[…]}`.
public struct JSONWebKeySet: Codable, Sendable, Equatable {
    /// The keys, oldest first.
    public var keys: [JSONWebKey]

    /// A set of `keys`.
    public init(keys: [Ed25519PublicKey]) {
        self.keys = keys.map(JSONWebKey.init)
    }

    /// The set as JSON text (sorted keys), what `/.well-known/jwks.json` serves.
    public var json: String {
        String(decoding: CompactJWS.canonicalJSON(self), as: UTF8.self)
    }
}
