import Hummingbird
import Logging
import NIOCore

/// The request context of the verifier: Hummingbird's core storage plus the client's socket address,
/// which the rate limiter keys on.
public struct VerifierContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connected peer, when there is a socket (nil in router tests).
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// Bodies larger than this are refused with 413 before they are read.
    public var maxUploadSize: Int { VerifierLimits.maxBody }
}

/// Fixed limits of the public verifier.
public enum VerifierLimits {
    /// The largest request body read (a token is well under 2 KiB).
    public static let maxBody = 8 * 1024
    /// The longest code or token looked at; longer input is malformed without further work.
    public static let maxTokenLength = 4096
}
