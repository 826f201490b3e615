import ArtifactStore
import Foundation
import Orchestrator

/// Runs an engine call with progress output and Ctrl-C handling: the first SIGINT or SIGTERM
/// cancels the run (running steps are stopped and recorded as cancelled); a second one exits
/// at once, leaving an interrupted run that `resume` can finish.
enum Interruptible {
    static func run<T: Sendable>(global: GlobalOptions, _ body: @escaping @Sendable (RunObserver?) async throws -> T) async throws
        -> T
    {
        // With --json, stdout carries only the JSON: progress goes to a terminal's stderr or nowhere.
        let printer: ProgressPrinter? =
            global.json
            ? (Terminal.stderrIsTTY && global.verbosity != .quiet
                ? ProgressPrinter(toStandardError: true, verbosity: global.verbosity) : nil)
            : ProgressPrinter(verbosity: global.verbosity)
        let task = Task { try await body(printer?.observer()) }
        var sources: [DispatchSourceSignal] = []
        let interrupts = Counter()
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                if interrupts.increment() > 1 { exit(ExitStatus.interrupted) }
                FileHandle.standardError.write(
                    Data("stopping: cancelling running steps (press Ctrl-C again to quit at once)\n".utf8))
                task.cancel()
            }
            source.resume()
            sources.append(source)
        }
        defer {
            sources.forEach { $0.cancel() }
            printer?.stop()
        }
        return try await task.value
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
