import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import Verifier

/// Settings for tests: a small bucket, and clients told apart by X-Forwarded-For.
struct TestArguments: VerifierArguments {
    var host = "127.0.0.1"
    var port = 0
    var rate = 5.0
    var burst = 10.0
    var trustForwardedFor = true
    var logLevel = Logger.Level.critical
}

/// A fixed service: one valid code, everything else unknown; tokens `good` and anything else malformed.
struct FixedService: VerificationService {
    static let certificate = CertificateSummary(
        number: "S000033000001254000001", holderName: "张*三", idMasked: "360426********0071",
        occupation: "4-07-03-02", level: 4, issuedOn: "2025-06-30", body: "浙江省劳动关系职业技能评价中心")

    func verify(code: String) throws -> VerifyAnswer {
        code == "GOOD" ? VerifyAnswer(status: "valid", certificate: Self.certificate) : VerifyAnswer(status: "unknown")
    }

    func verify(token: String) throws -> VerifyAnswer {
        token == "good" ? VerifyAnswer(status: "valid", certificate: Self.certificate) : VerifyAnswer(status: "malformed")
    }

    func jwks() throws -> String { #"{"keys":[]}"# }
}

@Suite struct RateLimiterTests {
    @Test func burstThenRefill() {
        let limiter = RateLimiter(rate: 2, burst: 3)
        #expect(limiter.take("a", now: 0) == nil)
        #expect(limiter.take("a", now: 0) == nil)
        #expect(limiter.take("a", now: 0) == nil)
        let wait = limiter.take("a", now: 0)
        #expect(wait == 0.5)
        #expect(limiter.take("b", now: 0) == nil)  // another client is unaffected
        #expect(limiter.take("a", now: 0.5) == nil)  // one token refilled after 1/rate seconds
        #expect(limiter.take("a", now: 0.5) != nil)
    }

    @Test func forgetsIdleClientsBeyondTheCap() {
        let limiter = RateLimiter(rate: 1, burst: 1, maxClients: 3)
        for i in 0..<10 { #expect(limiter.take("c\(i)", now: Double(i) * 10) == nil) }
    }
}

@Suite struct ProtectionTests {
    func app(_ arguments: TestArguments = TestArguments()) throws -> some ApplicationProtocol {
        try buildApplication(arguments, service: FixedService(), clock: { 1000 })
    }

    @Test func healthAndSecurityHeaders() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "ok")
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            }
            // Errors carry the headers too.
            try await client.execute(uri: "/no/such/page", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
            }
        }
    }

    @Test func aFloodFromOneAddressGets429WhileAnotherIsServed() async throws {
        try await app().test(.router) { client in
            for _ in 0..<10 {
                try await client.execute(uri: "/healthz", method: .get, headers: [.init("X-Forwarded-For")!: "203.0.113.7"]) {
                    #expect($0.status == .ok)
                }
            }
            try await client.execute(uri: "/healthz", method: .get, headers: [.init("X-Forwarded-For")!: "203.0.113.7"]) {
                #expect($0.status == .tooManyRequests)
                #expect($0.headers[.retryAfter] == "1")
            }
            try await client.execute(uri: "/healthz", method: .get, headers: [.init("X-Forwarded-For")!: "198.51.100.9"]) {
                #expect($0.status == .ok)
            }
        }
    }

    @Test func bodiesOverTheCapAndBadJSONAreRefused() async throws {
        try await app().test(.router) { client in
            let big = ByteBuffer(string: "{\"token\":\"" + String(repeating: "a", count: 9000) + "\"}")
            try await client.execute(uri: "/api/v1/verify", method: .post, body: big) {
                #expect($0.status == .contentTooLarge)
            }
            for body in ["[1,2,3]", "\"token\"", "{\"token\": 5}", "not json", ""] {
                try await client.execute(uri: "/api/v1/verify", method: .post, body: ByteBuffer(string: body)) {
                    #expect($0.status == .badRequest, "body \(body)")
                }
            }
            try await client.execute(uri: "/api/v1/verify", method: .post, body: ByteBuffer(string: #"{"token":"good"}"#)) {
                #expect($0.status == .ok)
                #expect(String(buffer: $0.body).contains(#""status":"valid""#))
            }
        }
    }

    @Test func hostilePathsNeverGive500() async throws {
        try await app().test(.router) { client in
            let long = String(repeating: "A", count: 10_000)
            for uri in ["/v/../../etc/passwd", "/api/v1/verify/..%2F..%2Fetc", "/api/v1/verify/\(long)", "/v/\(long)",
                        "/api/v1/verify/%FF%FE%00", "/v/%C3%28", "/v?code=%FF", "/api/v1/verify/'%20OR%201=1--"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status.code < 500, "\(uri.prefix(60)) gave \(response.status)")
                }
            }
            try await client.execute(uri: "/api/v1/verify/\(long)", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body) == #"{"certificate":null,"status":"malformed"}"#)
            }
        }
    }

    @Test func unknownAnswers404WithTheSameShape() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/v1/verify/NOPE", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body) == #"{"certificate":null,"status":"unknown"}"#)
            }
            try await client.execute(uri: "/v/GOOD", method: .get) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("证书有效"))
                #expect(page.contains("张*三"))
                #expect(page.contains("四级/中级工"))
            }
            try await client.execute(uri: "/v/GOOD?t=forged", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func formRedirectsToTheCodePage() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/v/?code=ab12-cd34", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/v/ab12-cd34")
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(String(buffer: response.body).contains("<form method=\"get\" action=\"/v/\""))
            }
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                #expect(String(buffer: response.body).hasPrefix("openapi: 3"))
            }
        }
    }
}
