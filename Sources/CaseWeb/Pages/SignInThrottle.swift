import CaseAPI
import CaseDomain
import Foundation
import Synchronization

/// A growing delay after failed sign-ins, per user name and per client address, kept in memory (each replica counts
/// on its own; the delays still grow exponentially with every replica an attacker spreads over).
///
/// After `free` failures for a key, the next attempt must wait 2, 4, 8, … seconds after the latest failure (at most
/// `ceiling`); an attempt during the wait is refused without looking at the password and does not count. A success
/// clears the user name's count; the address count is forgotten a day after its latest failure. An office behind one
/// address has many users, so addresses get more free failures than names.
final class SignInThrottle: Sendable {
    struct Policy: Sendable {
        var free: Int
        var ceiling: TimeInterval

        func delay(afterFailures failures: Int) -> TimeInterval {
            guard failures >= free else { return 0 }
            return min(ceiling, pow(2, Double(failures - free + 1)))
        }
    }

    private struct Entry {
        var failures: Int
        var lastFailure: Date
    }

    private let entries = Mutex([String: Entry]())
    let userPolicy: Policy
    let addressPolicy: Policy

    init(userPolicy: Policy = Policy(free: 3, ceiling: 900), addressPolicy: Policy = Policy(free: 20, ceiling: 900)) {
        self.userPolicy = userPolicy
        self.addressPolicy = addressPolicy
    }

    private static func userKey(_ name: String) -> String { "u:" + name.lowercased() }
    private static func addressKey(_ address: String) -> String { "a:" + address }

    /// Seconds to wait before the next attempt for this user name from this address may be checked (0: go ahead).
    func wait(user name: String, address: String, now: Date) -> Int {
        entries.withLock { entries in
            var wait: TimeInterval = 0
            for (key, policy) in [(Self.userKey(name), userPolicy), (Self.addressKey(address), addressPolicy)] {
                guard let entry = entries[key] else { continue }
                let until = entry.lastFailure.addingTimeInterval(policy.delay(afterFailures: entry.failures))
                wait = max(wait, until.timeIntervalSince(now))
            }
            return Int(wait.rounded(.up))
        }
    }

    func recordFailure(user name: String, address: String, now: Date) {
        entries.withLock { entries in
            if entries.count > 100_000 {
                entries = entries.filter { now.timeIntervalSince($0.value.lastFailure) < 86_400 }
            }
            for key in [Self.userKey(name), Self.addressKey(address)] {
                var entry = entries[key] ?? Entry(failures: 0, lastFailure: now)
                if now.timeIntervalSince(entry.lastFailure) >= 86_400 { entry.failures = 0 }
                entry.failures += 1
                entry.lastFailure = now
                entries[key] = entry
            }
        }
    }

    func recordSuccess(user name: String) {
        _ = entries.withLock { $0.removeValue(forKey: Self.userKey(name)) }
    }
}
