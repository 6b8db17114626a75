import NIOCore
import Signing

/// What the verifier asks of the certificate store. The certification module provides the real one;
/// tests may provide their own.
public protocol VerificationService: Sendable {
    /// The answer for a short code typed by a person (any case, hyphens and spaces allowed).
    func verify(code: String) throws -> VerifyAnswer
    /// The answer for a short code with its JSON body (the HTTP API's answer). A service may keep the body with
    /// its cache; the default encodes `verify(code:)`.
    func encodedAnswer(code: String) throws -> EncodedAnswer
    /// The answer for a short code when the service can give it without checking signatures (a cached answer
    /// still true of the file), else nil. The default is nil: every answer is a full verification.
    func quickAnswer(code: String) throws -> EncodedAnswer?
    /// The answer for a compact JWS token.
    func verify(token: String) throws -> VerifyAnswer
    /// The public keys as a JWKS JSON document.
    func jwks() throws -> String
}

extension VerificationService {
    public func encodedAnswer(code: String) throws -> EncodedAnswer {
        EncodedAnswer(try verify(code: code))
    }

    public func quickAnswer(code: String) throws -> EncodedAnswer? { nil }
}

/// An answer and its JSON body (`SortedJSON`: sorted keys, what `JSONEncoder` with `.sortedKeys` writes).
public struct EncodedAnswer: Sendable {
    public let answer: VerifyAnswer
    public let body: ByteBuffer

    public init(_ answer: VerifyAnswer) {
        self.answer = answer
        body = ByteBuffer(bytes: SortedJSON.encode(answer))
    }

    /// The answers that carry no certificate, encoded once.
    public static let malformed = EncodedAnswer(VerifyAnswer(status: "malformed"))
    public static let unknown = EncodedAnswer(VerifyAnswer(status: "unknown"))
}

/// The public answer for one code or token: only masked personal data.
public struct VerifyAnswer: Codable, Sendable, Equatable {
    /// One of `valid`, `revoked`, `unknown`, `tampered`, `malformed`, `bad-signature`, `unknown-key`.
    public var status: String
    /// The certificate as the public may see it; nil when nothing trustworthy was found.
    public var certificate: CertificateSummary?
    /// The revocation date, for `revoked`.
    public var revokedOn: String?
    /// The reason class of a revocation (`fraud`, `error`, `duplicate`, `other`, `key-compromise`).
    public var reason: String?

    public init(status: String, certificate: CertificateSummary? = nil, revokedOn: String? = nil, reason: String? = nil) {
        self.status = status
        self.certificate = certificate
        self.revokedOn = revokedOn
        self.reason = reason
    }

    /// Encodes `certificate` as `null` when absent, so every answer has the same shape.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(status, forKey: .status)
        try c.encode(certificate, forKey: .certificate)
        try c.encodeIfPresent(revokedOn, forKey: .revokedOn)
        try c.encodeIfPresent(reason, forKey: .reason)
    }
}

/// A certificate's public fields.
public struct CertificateSummary: Codable, Sendable, Equatable {
    public var number: String
    /// Masked: `张*三`.
    public var holderName: String
    /// Masked: `330106********123X`.
    public var idMasked: String
    public var occupation: String
    /// 4 or 3.
    public var level: Int
    /// `YYYY-MM-DD`.
    public var issuedOn: String
    /// The evaluation body's name.
    public var body: String

    public init(
        number: String, holderName: String, idMasked: String, occupation: String, level: Int, issuedOn: String,
        body: String
    ) {
        self.number = number
        self.holderName = holderName
        self.idMasked = idMasked
        self.occupation = occupation
        self.level = level
        self.issuedOn = issuedOn
        self.body = body
    }
}

extension VerifyAnswer: SortedJSONObject {
    /// The members as `encode(to:)` writes them (`certificate` null when absent, the others left out).
    public var jsonFields: [(key: String, value: SortedJSON.Value)] {
        [("status", .string(status)), ("certificate", certificate.map { .object($0.jsonFields) } ?? .null),
         ("revokedOn", revokedOn.map(SortedJSON.Value.string) ?? .absent),
         ("reason", reason.map(SortedJSON.Value.string) ?? .absent)]
    }
}

extension CertificateSummary: SortedJSONObject {
    /// The members as the synthesized `encode(to:)` writes them.
    public var jsonFields: [(key: String, value: SortedJSON.Value)] {
        [("number", .string(number)), ("holderName", .string(holderName)), ("idMasked", .string(idMasked)),
         ("occupation", .string(occupation)), ("level", .int(level)), ("issuedOn", .string(issuedOn)),
         ("body", .string(body))]
    }
}
