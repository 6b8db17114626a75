import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Model

/// The headers every answer carries.
private let securityHeaders: HTTPFields = [
    .contentSecurityPolicy:
        "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'",
    .xContentTypeOptions: "nosniff",
    HTTPField.Name("Referrer-Policy")!: "no-referrer",
    HTTPField.Name("X-Frame-Options")!: "DENY",
    .cacheControl: "no-store",
]

/// Adds the security headers to every answer, errors included, and turns any error that is not an
/// `HTTPError` into a bare 500 that leaks nothing.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Built once (a generic type cannot hold a stored static).
    static var headers: HTTPFields { securityHeaders }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch {
            context.logger.error("internal error: \(String(describing: type(of: error)))")
            response = Response(
                status: .internalServerError, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "internal error\n")))
        }
        for field in Self.headers where response.headers[field.name] == nil {
            response.headers.append(field)
        }
        return response
    }
}

/// Answers 429 with `Retry-After` when a client has used up its token bucket.
struct RateLimitMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    let limiter: RateLimiter
    /// Key clients by the first `X-Forwarded-For` address (only behind a trusted reverse proxy).
    let trustForwardedFor: Bool
    let clock: @Sendable () -> Double

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let client = clientKey(request, context: context)
        if let wait = limiter.take(client, now: clock()) {
            let seconds = max(1, Int(wait.rounded(.up)))
            return Response(
                status: .tooManyRequests,
                headers: [.retryAfter: String(seconds), .contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "{\"error\":\"too many requests\",\"retryAfter\":\(seconds)}")))
        }
        return try await next(request, context)
    }

    func clientKey(_ request: Request, context: Context) -> String {
        if trustForwardedFor, let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!] {
            let first = forwarded.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if !first.isEmpty && first.count <= 64 { return first }
        }
        return context.remoteAddress?.ipAddress ?? "unknown"
    }
}

/// One log line per request: method, path (without the query, which may hold a token), status, time.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        // Hundredths of a millisecond, printed without String(format:) (this runs on every request).
        let hundredths = Int(elapsed.components.seconds) * 100_000
            + Int(elapsed.components.attoseconds / 10_000_000_000_000)
        let ms = "\(hundredths / 100).\((hundredths % 100).zeroPadded(2))"
        let path = String(request.uri.path.prefix(80))
        context.logger.info("\(request.method) \(path) \(response.status.code) \(ms)ms")
        return response
    }
}
