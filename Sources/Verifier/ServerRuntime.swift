import NIOCore
import NIOPosix

/// Process-wide settings for running the verifier as a server.
public enum ServerRuntime {
    /// Makes NIO's event loops Swift Concurrency's global executor, so a request's handler runs on the event
    /// loop that read it instead of hopping to the cooperative pool and back (two thread wake-ups per request,
    /// which on a small virtual machine cost more than the handler itself; Docs/PERFORMANCE.md). Call once,
    /// from the main thread, before any task starts; returns false when it could not be installed.
    @discardableResult
    public static func runHandlersOnEventLoops() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
