import Foundation

/// Spaces requests to each host: at most `concurrency` at once per host, and starts at least
/// `delay` seconds apart (or more, when the host's robots.txt asks for a `Crawl-delay`).
actor HostGate {
    private struct HostState {
        var semaphore: AsyncSemaphore
        var nextStart: ContinuousClock.Instant
        var delay: Double
    }

    private let concurrency: Int
    private let delay: Double
    private var hosts: [String: HostState] = [:]

    init(concurrency: Int, delay: Double) {
        self.concurrency = concurrency
        self.delay = delay
    }

    /// Raises one host's spacing (never lowers it below the crawl's own).
    func setDelay(_ seconds: Double, for host: String) {
        var state = self.state(for: host)
        state.delay = max(delay, seconds)
        hosts[host] = state
    }

    /// Waits for a slot and the host's spacing; call `leave(host)` when the request is done.
    func enter(_ host: String) async {
        await state(for: host).semaphore.wait()
        let now = ContinuousClock.now
        var state = self.state(for: host)
        let start = max(now, state.nextStart)
        state.nextStart = start.advanced(by: .milliseconds(Int64(state.delay * 1000)))
        hosts[host] = state
        if start > now { try? await Task.sleep(until: start, clock: .continuous) }
    }

    func leave(_ host: String) async {
        await state(for: host).semaphore.signal()
    }

    private func state(for host: String) -> HostState {
        if let state = hosts[host] { return state }
        let state = HostState(semaphore: AsyncSemaphore(concurrency), nextStart: .now, delay: delay)
        hosts[host] = state
        return state
    }
}
