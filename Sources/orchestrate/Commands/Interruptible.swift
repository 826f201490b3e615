import ArtifactStore
import Foundation
import Orchestrator

/// Runs an engine call with progress output and Ctrl-C handling: the first SIGINT or SIGTERM
/// cancels the run (running steps are stopped and recorded as cancelled); a second one exits
/// at once, leaving an interrupted run that `resume` can finish.
enum Interruptible {
    static func run<T: Sendable>(output: OutputOptions, _ body: @escaping @Sendable (RunObserver?) async throws -> T) async throws
        -> T
    {
        let printer: ProgressPrinter? =
            output.json ? (Terminal.stderrIsTTY ? ProgressPrinter(toStandardError: true) : nil) : ProgressPrinter()
        let task = Task { try await body(printer?.observer()) }
        var sources: [DispatchSourceSignal] = []
        let interrupts = Counter()
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                if interrupts.increment() > 1 { exit(130) }
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
