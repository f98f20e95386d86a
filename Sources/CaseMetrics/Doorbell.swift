public import CaseStore
import Synchronization

/// Wakes the worker: rung by a notification on `case_event`, stopped by graceful shutdown or cancellation. A ring
/// while nobody waits is remembered once, so a notification that arrives during a batch is not lost.
final class Doorbell: Sendable {
    private struct Waiter {
        let id: UInt64
        let wakeOnRing: Bool
        let continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var rung = false
        var stopped = false
        var waiter: Waiter?
        var nextID: UInt64 = 0
        /// The newest wait whose timer has fired (ids only grow), so a timer firing before its wait has
        /// suspended still ends that wait.
        var expired: UInt64 = 0
    }

    private let state = Mutex(State())

    var isStopped: Bool { state.withLock { $0.stopped } }

    func ring() {
        let waiter = state.withLock { state -> Waiter? in
            guard let waiter = state.waiter, waiter.wakeOnRing else {
                state.rung = true
                return nil
            }
            state.waiter = nil
            state.rung = false
            return waiter
        }
        waiter?.continuation.resume()
    }

    func stop() {
        let waiter = state.withLock { state -> Waiter? in
            state.stopped = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.continuation.resume()
    }

    /// Returns after `timeout`, at once when stopped, and on a ring (also one that came before) when `wakeOnRing`.
    func wait(timeout: Duration, wakeOnRing: Bool) async {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            self?.fire(id)
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.stopped || state.expired >= id { return true }
                if wakeOnRing && state.rung {
                    state.rung = false
                    return true
                }
                state.waiter = Waiter(id: id, wakeOnRing: wakeOnRing, continuation: continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
        timer.cancel()
    }

    private func fire(_ id: UInt64) {
        let waiter = state.withLock { state -> Waiter? in
            state.expired = max(state.expired, id)
            guard let waiter = state.waiter, waiter.id == id else { return nil }
            state.waiter = nil
            return waiter
        }
        waiter?.continuation.resume()
    }
}
