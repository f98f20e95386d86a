public import Foundation
import Synchronization

/// A fixed-window counter per client address, in memory (each replica limits on its own; behind a load balancer
/// the effective limit is the per-replica limit times the replicas, which is documented).
public final class RateLimiter: Sendable {
    private struct Window {
        var start: ContinuousClock.Instant
        var count: Int
    }

    private let windows = Mutex([String: Window]())
    let limit: Int
    let period: Duration

    public init(limit: Int, period: Duration = .seconds(60)) {
        self.limit = limit
        self.period = period
    }

    /// Counts one request of `client`; false when it is over the limit of the current window.
    public func allow(_ client: String) -> Bool {
        let now = ContinuousClock.now
        return windows.withLock { windows in
            if windows.count > 50_000 {
                windows = windows.filter { now - $0.value.start < period }
            }
            var window = windows[client] ?? Window(start: now, count: 0)
            if now - window.start >= period { window = Window(start: now, count: 0) }
            window.count += 1
            windows[client] = window
            return window.count <= limit
        }
    }
}
