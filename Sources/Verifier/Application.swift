import CertificateTemplates
import Foundation
import Hummingbird
import Logging
import Model
import Mustache
import NIOPosix
import Signing

/// The settings `concord serve` (and the tests) build the verifier with.
public protocol VerifierArguments: Sendable {
    var host: String { get }
    var port: Int { get }
    /// Requests per second each client may make on average.
    var rate: Double { get }
    /// Requests a client may make at once.
    var burst: Double { get }
    /// Key the rate limit on `X-Forwarded-For` (only behind a trusted reverse proxy).
    var trustForwardedFor: Bool { get }
    var logLevel: Logger.Level { get }
}

/// Builds the verifier application over `service`.
public func buildApplication(
    _ arguments: some VerifierArguments, service: some VerificationService,
    clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    var logger = Logger(label: "concord.verifier")
    logger.logLevel = arguments.logLevel
    let router = try buildRouter(arguments, service: service, clock: clock)
    return Application(
        router: router,
        configuration: .init(address: .hostname(arguments.host, port: arguments.port), serverName: "concord"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? arguments.port) },
        logger: logger)
}

/// Builds the router: routes, rate limit, security headers and request logging.
public func buildRouter(
    _ arguments: some VerifierArguments, service: some VerificationService,
    clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
) throws -> Router<VerifierContext> {
    let router = Router(context: VerifierContext.self)
    router.addMiddleware {
        RequestLogMiddleware()
        SecurityHeadersMiddleware()
        RateLimitMiddleware(
            limiter: RateLimiter(rate: arguments.rate, burst: arguments.burst),
            trustForwardedFor: arguments.trustForwardedFor, clock: clock)
    }
    try VerifyController(service: service).addRoutes(to: router)
    return router
}

/// The verifier's routes (DESIGN.md, "HTTP verifier").
struct VerifyController<Service: VerificationService>: Sendable {
    let service: Service
    let pages: Pages

    init(service: Service) throws {
        self.service = service
        pages = try Pages()
    }

    func addRoutes(to router: Router<VerifierContext>) {
        router.get("/") { _, _ in html(pages.index) }
        router.get("/healthz") { _, _ in "ok" }
        router.get("/openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: pages.openAPI)))
        }
        router.get("/.well-known/jwks.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/jwk-set+json"],
                body: .init(byteBuffer: ByteBuffer(string: try service.jwks())))
        }
        router.get("/v") { request, _ in try redirectToCode(request) }
        router.get("/v/{code}") { request, context in
            let code = context.parameters.get("code") ?? ""
            var answer = try await answerFor(code: code, context)
            if let token = request.uri.queryParameters.get("t") {
                let byToken = try await answerFor(token: token, context)
                // The QR code carries both: the token must agree with the code, or the worse answer is shown.
                if answer.status == "valid"
                    && (byToken.status != "valid" || byToken.certificate?.number != answer.certificate?.number)
                {
                    answer = byToken.status == "valid" ? VerifyAnswer(status: "malformed") : byToken
                }
            }
            return html(try pages.result(answer, code: code), status: httpStatus(answer))
        }
        router.get("/api/v1/verify/{code}") { _, context in
            json(try await encodedAnswerFor(code: context.parameters.get("code") ?? "", context))
        }
        router.post("/api/v1/verify") { request, context in
            var request = request
            let body = try await request.collectBody(upTo: VerifierLimits.maxBody)
            guard let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
                  let token = object["token"] as? String
            else {
                throw HTTPError(.badRequest, message: "the body must be a JSON object {\"token\": \"…\"}")
            }
            return json(try await answerFor(token: token, context))
        }
    }

    func answerFor(code raw: String, _ context: VerifierContext) async throws -> VerifyAnswer {
        try await encodedAnswerFor(code: raw, context).answer
    }

    /// A cached answer at once; a full verification on the thread pool (`verifying`).
    func encodedAnswerFor(code raw: String, _ context: VerifierContext) async throws -> EncodedAnswer {
        guard raw.utf8.count <= 192 else { return .malformed }
        // Path parameters arrive percent-encoded: a code typed with spaces comes as `%20`.
        let code = raw.utf8.contains(UInt8(ascii: "%")) ? raw.removingPercentEncoding ?? raw : raw
        guard code.utf8.count <= 64 else { return .malformed }
        if let quick = try internalFailure(context, { try service.quickAnswer(code: code) }) { return quick }
        return try await verifying(context) { [service] in try service.encodedAnswer(code: code) }
    }

    func answerFor(token: String, _ context: VerifierContext) async throws -> VerifyAnswer {
        guard token.utf8.count <= VerifierLimits.maxTokenLength else { return VerifyAnswer(status: "malformed") }
        return try await verifying(context) { [service] in try service.verify(token: token) }
    }

    /// `body`, a full verification (two Ed25519 checks, ~0.8 ms of CPU), on NIO's thread pool. Run in the
    /// handler, it would hold one of the few threads that serve every connection while requests queue behind
    /// it in no fair order: when many new codes arrive at once, p99 was 6–20 times the median. The pool serves
    /// them in arrival order (first sight, 64 connections: p99 129–570 ms → 46–111 ms; Docs/DECISIONS.md).
    func verifying<T: Sendable>(
        _ context: VerifierContext, _ body: @escaping @Sendable () throws -> T
    ) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive { try internalFailure(context, body) }
    }

    /// `body`'s answer. The service answers every input, bad ones included (`malformed`, `unknown`,
    /// `tampered`…), so what it throws is the verifier's own failure (the database unreadable, say): that is
    /// logged and answered 500 with a fixed message, never as a verdict on the certificate.
    func internalFailure<T>(_ context: VerifierContext, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            context.logger.error("verification failed: \(error)")
            throw HTTPError(
                .internalServerError, message: "the verifier could not check this certificate; try again later")
        }
    }

    func redirectToCode(_ request: Request) throws -> Response {
        guard let code = request.uri.queryParameters.get("code"), !code.isEmpty, code.utf8.count <= 64 else {
            return Response(status: .seeOther, headers: [.location: "/"])
        }
        // Only ASCII letters, digits and hyphens go into the Location header: nothing to escape, nothing to inject.
        let cleaned = String(code.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") })
        return Response(status: .seeOther, headers: [.location: "/v/\(cleaned)"])
    }
}

/// The HTTP status for an answer: 404 unknown, 400 malformed, otherwise 200 (the answer itself says whether
/// the certificate is good).
func httpStatus(_ answer: VerifyAnswer) -> HTTPResponse.Status {
    switch answer.status {
    case "unknown": .notFound
    case "malformed": .badRequest
    default: .ok
    }
}

func json(_ answer: VerifyAnswer) -> Response {
    json(EncodedAnswer(answer))
}

func json(_ encoded: EncodedAnswer) -> Response {
    Response(
        status: httpStatus(encoded.answer), headers: [.contentType: "application/json; charset=utf-8"],
        body: .init(byteBuffer: encoded.body))
}

func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(
        status: status, headers: [.contentType: "text/html; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(string: text)))
}

/// The verifier's HTML pages, rendered by swift-mustache (which escapes every value).
struct Pages: Sendable {
    let index: String
    let openAPI: String
    let resultTemplate: MustacheTemplate

    init() throws {
        guard let index = TemplateFiles.text(named: "verify-index.html"),
              let result = TemplateFiles.text(named: "verify-result.html"),
              let openAPI = TemplateFiles.text(named: "openapi.yaml")
        else { throw ConcordError("the verifier's page templates are missing from the installation") }
        self.index = index
        self.openAPI = openAPI
        resultTemplate = try MustacheTemplate(string: result)
    }

    func result(_ answer: VerifyAnswer, code: String) throws -> String {
        let words = Self.words[answer.status] ?? Self.malformedWords
        var context: [String: Any] = [
            "title": words.0, "titleEn": words.1, "explanation": words.2, "explanationEn": words.3,
            "tone": answer.status == "valid" ? "good" : answer.status == "revoked" ? "warn" : "bad",
            "code": String(code.prefix(64)),
        ]
        if let c = answer.certificate {
            context["certificate"] = [
                "number": c.number, "holderName": c.holderName, "idMasked": c.idMasked, "occupation": c.occupation,
                "levelLabel": SkillLevel(rawValue: c.level)?.label ?? String(c.level), "issuedOn": c.issuedOn,
                "body": c.body,
            ]
        }
        if let revokedOn = answer.revokedOn {
            context["revokedOn"] = revokedOn
            context["reason"] = answer.reason ?? ""
        }
        return resultTemplate.render(context)
    }

    static let malformedWords = (
        "查验码格式错误", "Malformed code", "查验码或令牌格式不正确（校验位不符）。",
        "The code or token is not well formed (the check symbol does not match)."
    )

    /// Chinese title, English title, Chinese explanation, English explanation.
    static let words: [String: (String, String, String, String)] = [
        "valid": ("证书有效", "Valid certificate", "证书记录与签名一致。", "The record matches its signature."),
        "revoked": ("证书已撤销", "Revoked certificate", "该证书已被评价机构撤销，不再有效。",
                    "The evaluation body has revoked this certificate; it is no longer valid."),
        "unknown": ("未找到证书", "No such certificate", "没有与此查验码对应的证书，请核对后重试。",
                    "No certificate has this code. Check it and try again."),
        "tampered": ("证书记录异常", "Record altered", "存储的证书记录与其签名不一致，请联系评价机构。",
                     "The stored record no longer matches its signature. Contact the evaluation body."),
        "malformed": malformedWords,
        "bad-signature": ("签名无效", "Bad signature", "令牌的签名无法通过校验。", "The token's signature does not verify."),
        "unknown-key": ("未知签名密钥", "Unknown key", "令牌由未登记的密钥签署。", "The token was signed by a key not in the key set."),
    ]
}
