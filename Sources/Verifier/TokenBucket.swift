import Foundation
import Synchronization

/// Per-client token buckets: each client may make `rate` requests a second on average, `burst` at once.
///
/// A request takes one token; tokens refill continuously. When a bucket is empty the caller learns how many
/// seconds until the next token, which becomes the `Retry-After` header of a 429 answer.
public final class RateLimiter: Sendable {
    /// Requests per second refilled into each bucket.
    public let rate: Double
    /// The bucket size.
    public let burst: Double
    private let buckets = Mutex<[String: Bucket]>([:])
    private let maxClients: Int

    struct Bucket {
        var tokens: Double
        var updated: Double
    }

    /// A limiter refilling `rate` tokens a second into buckets of `burst`; it forgets idle clients beyond
    /// `maxClients` so a flood of spoofed addresses cannot exhaust memory.
    public init(rate: Double, burst: Double, maxClients: Int = 100_000) {
        self.rate = rate
        self.burst = burst
        self.maxClients = maxClients
    }

    /// Takes a token for `client` at time `now` (seconds); nil when allowed, else the seconds to wait.
    public func take(_ client: String, now: Double) -> Double? {
        buckets.withLock { buckets in
            var bucket = buckets[client] ?? Bucket(tokens: burst, updated: now)
            bucket.tokens = min(burst, bucket.tokens + max(0, now - bucket.updated) * rate)
            bucket.updated = now
            defer {
                if buckets.count >= maxClients && buckets[client] == nil { prune(&buckets, now: now) }
                buckets[client] = bucket
            }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return (1 - bucket.tokens) / rate
        }
    }

    /// Drops buckets that are full again (their clients have been idle long enough to have nothing owed).
    private func prune(_ buckets: inout [String: Bucket], now: Double) {
        buckets = buckets.filter { _, b in b.tokens + (now - b.updated) * rate < burst }
        if buckets.count >= maxClients { buckets.removeAll(keepingCapacity: true) }
    }
}
