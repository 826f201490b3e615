import Foundation

/// A one-shot flag one task raises and another awaits, polling: enough for tests that wait for a
/// server to reach a state.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false

    func raise() { lock.withLock { raised = true } }
    var isRaised: Bool { lock.withLock { raised } }

    /// Waits until raised; false after `timeout` seconds.
    func wait(timeout: Double = 30) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !isRaised {
            guard Date() < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return true
    }
}
