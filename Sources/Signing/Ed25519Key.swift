import COpenSSL
import Model

/// An Ed25519 private key held by OpenSSL, loaded from or saved as a PKCS#8 PEM file.
///
/// This type and `Ed25519PublicKey` are the only code in Concord that touches OpenSSL's key pointers.
public final class Ed25519PrivateKey: @unchecked Sendable {
    // Immutable after init; OpenSSL allows concurrent signing with one EVP_PKEY.
    fileprivate let pkey: OpaquePointer
    /// The matching public key (read once: every token names its kid).
    public let publicKey: Ed25519PublicKey

    private init(pkey: OpaquePointer) {
        self.pkey = pkey
        var raw = [UInt8](repeating: 0, count: 32)
        var length = 32
        _ = EVP_PKEY_get_raw_public_key(pkey, &raw, &length)
        publicKey = Ed25519PublicKey(unchecked: raw)
    }

    deinit { EVP_PKEY_free(pkey) }

    /// A new random key.
    public static func generate() throws -> Ed25519PrivateKey {
        guard let pkey = CConcord_ed25519_generate() else {
            throw ConcordError("OpenSSL could not generate an Ed25519 key: \(OpenSSLError.last())")
        }
        return Ed25519PrivateKey(pkey: pkey)
    }

    /// Reads a PKCS#8 PEM private key (what `openssl genpkey -algorithm ed25519` writes).
    public convenience init(pem: String, source: String = "") throws {
        let bytes = Array(pem.utf8)
        let loaded: OpaquePointer? = bytes.withUnsafeBytes { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
            defer { BIO_free(bio) }
            return PEM_read_bio_PrivateKey(bio, nil, nil, nil)
        }
        guard let pkey = loaded else {
            throw ConcordError("not a PEM private key: \(OpenSSLError.last())", at: source)
        }
        guard EVP_PKEY_get_base_id(pkey) == CConcord_EVP_PKEY_ED25519() else {
            EVP_PKEY_free(pkey)
            throw ConcordError("the key is not an Ed25519 key", at: source)
        }
        self.init(pkey: pkey)
    }

    /// The key as PKCS#8 PEM text (unencrypted; protect the file by its mode).
    public func pemText() throws -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { throw ConcordError("OpenSSL could not allocate a buffer") }
        defer { BIO_free(bio) }
        guard PEM_write_bio_PrivateKey(bio, pkey, nil, nil, 0, nil, nil) == 1 else {
            throw ConcordError("OpenSSL could not write the key: \(OpenSSLError.last())")
        }
        var data: UnsafeMutablePointer<CChar>?
        let length = CConcord_BIO_get_mem_data(bio, &data)
        guard let data, length > 0 else { throw ConcordError("OpenSSL wrote an empty key") }
        let bytes = UnsafeRawBufferPointer(start: data, count: length)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The 64-byte Ed25519 signature of `message` (pure EdDSA: no pre-hash, NULL digest).
    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        try Ed25519Signer(key: self).sign(message)
    }
}

/// A signing context for one thread: OpenSSL's context is set up once and reused for each signature (as
/// `openssl speed` does), which saves a provider lookup per signature when many are made in a row. Use one per
/// thread; it is not to be shared.
public final class Ed25519Signer {
    /// The key it signs with.
    public let key: Ed25519PrivateKey
    private let ctx: OpaquePointer

    /// A context for `key`.
    public init(key: Ed25519PrivateKey) throws {
        guard let ctx = EVP_MD_CTX_new() else { throw ConcordError("OpenSSL could not allocate a context") }
        guard EVP_DigestSignInit(ctx, nil, nil, nil, key.pkey) == 1 else {
            EVP_MD_CTX_free(ctx)
            throw ConcordError("OpenSSL could not start signing: \(OpenSSLError.last())")
        }
        self.key = key
        self.ctx = ctx
    }

    deinit { EVP_MD_CTX_free(ctx) }

    /// The 64-byte Ed25519 signature of `message`.
    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        var signature = [UInt8](repeating: 0, count: 64)
        var length = 64
        let ok = message.withUnsafeBufferPointer { m in
            EVP_DigestSign(ctx, &signature, &length, m.baseAddress, m.count)
        }
        guard ok == 1, length == 64 else {
            throw ConcordError("OpenSSL could not sign: \(OpenSSLError.last())")
        }
        return signature
    }
}

/// An Ed25519 public key: the raw 32 bytes (the JWKS `x`), its key id, and signature checking.
public struct Ed25519PublicKey: Hashable, Sendable {
    /// The raw 32-byte key.
    public let raw: [UInt8]
    /// The key id: lowercase hex of the first 8 bytes of SHA-256 of the raw key.
    public let kid: String

    fileprivate init(unchecked raw: [UInt8]) {
        self.raw = raw
        kid = Hex.encode(SHA256.digest(raw).prefix(8))
    }

    /// A public key from its raw 32 bytes.
    public init(raw: [UInt8]) throws {
        guard raw.count == 32 else {
            throw ConcordError("an Ed25519 public key has 32 bytes, not \(raw.count)")
        }
        self.init(unchecked: raw)
    }

    /// Whether `signature` is this key's Ed25519 signature of `message`.
    public func verify(signature: [UInt8], message: [UInt8]) -> Bool {
        Ed25519Verifier(key: self)?.verify(signature: signature, message: message) ?? false
    }

    /// A checker holding OpenSSL's form of this key, for several checks in a row (a certificate has two).
    public func verifier() -> Ed25519Verifier? {
        Ed25519Verifier(key: self)
    }

    /// The DER SubjectPublicKeyInfo prefix of every Ed25519 public key (RFC 8410): the raw key follows it.
    public static let spkiPrefix: [UInt8] = [
        0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00,
    ]

    /// The key as a `-----BEGIN PUBLIC KEY-----` PEM, what `openssl pkeyutl -pubin` reads.
    public var pem: String {
        let der = Self.spkiPrefix + raw
        return "-----BEGIN PUBLIC KEY-----\n\(Base64.standard(der))\n-----END PUBLIC KEY-----\n"
    }
}

/// OpenSSL's error queue as text.
enum OpenSSLError {
    /// The oldest queued error, cleared from the queue.
    static func last() -> String {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else { return "no detail" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// OpenSSL's form of a public key, made once for several signature checks. Use it from one thread.
public final class Ed25519Verifier {
    private let pkey: OpaquePointer

    /// Nil when OpenSSL refuses the key bytes.
    init?(key: Ed25519PublicKey) {
        let made = key.raw.withUnsafeBufferPointer { r in
            EVP_PKEY_new_raw_public_key(CConcord_EVP_PKEY_ED25519(), nil, r.baseAddress, r.count)
        }
        guard let made else { return nil }
        pkey = made
    }

    deinit { EVP_PKEY_free(pkey) }

    /// Whether `signature` is the key's Ed25519 signature of `message`.
    public func verify(signature: [UInt8], message: [UInt8]) -> Bool {
        guard signature.count == 64, let ctx = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(ctx) }
        guard EVP_DigestVerifyInit(ctx, nil, nil, nil, pkey) == 1 else {
            ERR_clear_error()
            return false
        }
        let ok = signature.withUnsafeBufferPointer { s in
            message.withUnsafeBufferPointer { m in
                EVP_DigestVerify(ctx, s.baseAddress, s.count, m.baseAddress, m.count)
            }
        }
        ERR_clear_error()
        return ok == 1
    }
}
