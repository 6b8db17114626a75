import Certification
import Signing
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Storage
import Testing
import Verifier


/// Settings with a bucket too big to empty, so every fuzz request reaches the routes.
struct FuzzArguments: VerifierArguments {
    var host = "127.0.0.1"
    var port = 0
    var rate = 1_000_000.0
    var burst = 1_000_000.0
    var trustForwardedFor = false
    var logLevel = Logger.Level.critical
}

@Suite struct HTTPFuzzTests {
    static let cases = 2000

    @Test func routesAnswerOnlyDefinedStatusesAndOutcomes() async throws {
        let (_, store, certificate) = try TamperTests.issued()
        let app = try buildApplication(FuzzArguments(), service: StoreVerificationService(store: store))
        let outcomes = Set(VerificationOutcome.allCases.map(\.rawValue))
        try await app.test(.router) { client in
            var g = SplitMix64(seed: 4)
            for i in 0..<Self.cases {
                let raw = i % 2 == 0 ? FuzzTests.mutate(certificate.code, &g) : FuzzTests.randomText(&g, maxLength: 80)
                let piece = raw.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                let token = FuzzTests.mutate(certificate.token, &g)
                let body = [
                    #"{"token":"\#(token)"}"#, FuzzTests.randomText(&g, maxLength: 200), #"{"token":42}"#,
                    #"{"token":"\#(String(repeating: "A", count: 20_000))"}"#,
                ][i % 4]
                let requests: [(String, HTTPRequest.Method, ByteBuffer?)] = [
                    ("/api/v1/verify/\(piece)", .get, nil),
                    ("/v/\(piece)?t=\(token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")",
                     .get, nil),
                    ("/v?code=\(piece)", .get, nil),
                    ("/api/v1/verify", .post, ByteBuffer(string: body)),
                    ("/\(piece)", .get, nil),
                ]
                let (uri, method, payload) = requests[i % requests.count]
                try await client.execute(uri: uri, method: method, body: payload) { response in
                    #expect(response.status.code < 500, "\(method) \(uri) → \(response.status)")
                    #expect([200, 303, 400, 404, 405, 413].contains(response.status.code), "\(uri) \(response.status)")
                    if uri.hasPrefix("/api/v1/verify"), response.status.code != 413,
                       let object = try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
                        as? [String: Any], let status = object["status"] as? String {
                        #expect(outcomes.contains(status))
                    }
                }
            }
        }
    }
}
