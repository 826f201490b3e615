import ArtifactStore
import Foundation
import Orchestrator

/// Turns run events into output. On a terminal: a line per finished step plus a live status
/// line (which steps are running, for how long). Otherwise: plain lines, one per event.
/// Notes (a progress message without a fraction, such as a link that failed) are always printed;
/// counters only in the status line. `--quiet` keeps only what went wrong (failed steps, and the last
/// line of a run that did not succeed); `--verbose` adds every start and counter as a line of its own.
final class ProgressPrinter: @unchecked Sendable {
    private let lock = NSLock()
    private let live: Bool
    private let handle: FileHandle
    private var running: [String: Date] = [:]
    private var messages: [String: String] = [:]
    private var total = 0
    private var finalStatus: [String: StepStatus] = [:]
    /// Steps finished before this process started on the run (resume) or reused from a recorded run (reproduce).
    private var reused = Set<String>()
    private var statusLineShown = false
    private var timer: DispatchSourceTimer?
    private let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
    private var frame = 0
    private let tty: Bool
    private let verbosity: Verbosity

    /// - Parameter toStandardError: print to stderr (used when stdout carries JSON).
    init(toStandardError: Bool = false, verbosity: Verbosity = .normal) {
        handle = toStandardError ? .standardError : .standardOutput
        tty = toStandardError ? Terminal.stderrIsTTY : Terminal.stdoutIsTTY
        live = tty && verbosity != .quiet
        self.verbosity = verbosity
    }

    /// Whether an event is printed at this verbosity: quiet keeps failures only.
    private func shows(_ event: RunEvent) -> Bool {
        guard verbosity == .quiet else { return true }
        switch event {
        case .stepFinished(_, let status, _, _): return status == .failed
        case .runFinished(_, let status, _): return status != .succeeded
        default: return false
        }
    }

    func observer() -> RunObserver {
        { [self] event in handle(event) }
    }

    func stop() {
        lock.lock()
        defer { lock.unlock() }
        timer?.cancel()
        timer = nil
        clearStatusLine()
    }

    private func handle(_ event: RunEvent) {
        lock.lock()
        defer { lock.unlock() }
        let visible = shows(event)
        func emit(_ line: String) { if visible { self.emit(line) } }
        switch event {
        case .runStarted(let runID, let pipeline, let steps):
            total = steps
            emit(
                "\(Terminal.paint("▶", .blue, tty: tty)) run \(Terminal.paint(Identifier.short(runID), .bold, tty: tty)) of \(pipeline) (\(steps) step\(steps == 1 ? "" : "s"))"
            )
            if live { startTimer() }
        case .stepStarted(let step, let attempt):
            running[step] = Date()
            if !live || verbosity == .verbose {
                emit("  \(Terminal.paint("▸", .yellow, tty: tty)) \(step) started\(attempt > 1 ? " (attempt \(attempt))" : "")")
            }
        case .stepProgress(let step, let progress):
            let percent = progress.fraction.map { " \(Int(($0 * 100).rounded()))%" } ?? ""
            messages[step] = progress.message + percent
            // A message without a fraction is a note (a link that failed) and stays on screen; counters
            // ("3 of 7 links") live in the status line, or as lines of their own only with --verbose.
            if progress.fraction == nil || verbosity == .verbose { emit("    \(step): \(progress.message)\(percent)") }
        case .stepRetrying(let step, let attempt, let delay, let error):
            running[step] = nil
            emit(
                "  \(Terminal.paint("↻", .yellow, tty: tty)) \(step) failed, retrying in \(DurationParser.format(delay)) (attempt \(attempt)): \(error)"
            )
        case .stepFinished(let step, let status, let duration, let detail):
            running[step] = nil
            messages[step] = nil
            finalStatus[step] = status
            var line = "  \(Terminal.paint(StatusStyle.symbol(status), StatusStyle.color(status), tty: tty)) \(step)"
            line = line.padding(
                toLength: max(line.count, 26 + (tty && Terminal.colorsAllowed ? 9 : 0)), withPad: " ", startingAt: 0)
            switch status {
            case .succeeded, .cached:
                if let detail {
                    reused.insert(step)
                    line += " " + StatusStyle.paint(status, tty: tty) + " (\(detail))"
                } else {
                    line += status == .cached ? " cached" : " " + DurationParser.format(duration ?? 0)
                }
            default: line += " " + StatusStyle.paint(status, tty: tty) + (detail.map { ": \($0)" } ?? "")
            }
            emit(line)
        case .runFinished(let runID, let status, let duration):
            timer?.cancel()
            timer = nil
            var counts: [StepStatus: Int] = [:]
            for (step, status) in finalStatus where !reused.contains(step) { counts[status, default: 0] += 1 }
            let ran = counts[.succeeded, default: 0]
            let cached = counts[.cached, default: 0]
            var parts = ["\(ran) ran", "\(cached) cached"]
            if !reused.isEmpty { parts.append("\(reused.count) done earlier") }
            for status in [StepStatus.failed, .skipped, .cancelled] where counts[status, default: 0] > 0 {
                parts.append("\(counts[status]!) \(status.rawValue)")
            }
            let symbol = status == .succeeded ? Terminal.paint("✓", .green, tty: tty) : Terminal.paint("✗", .red, tty: tty)
            emit(
                "\(symbol) run \(Identifier.short(runID)) \(StatusStyle.paint(status, tty: tty)) in \(DurationParser.format(duration)) (\(parts.joined(separator: ", ")))"
            )
        }
        drawStatusLine()
    }

    private func emit(_ line: String) {
        clearStatusLine()
        handle.write(Data((line + "\n").utf8))
    }

    private func startTimer() {
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + 0.1, repeating: 0.1)
        timer.setEventHandler { [weak self] in
            guard let self else { return }
            lock.lock()
            frame += 1
            drawStatusLine()
            lock.unlock()
        }
        timer.resume()
        self.timer = timer
    }

    private func drawStatusLine() {
        guard live, timer != nil, !running.isEmpty else { return }
        let now = Date()
        let steps = running.sorted { $0.key < $1.key }.map { name, started in
            let message = messages[name].map { " \($0)" } ?? ""
            return "\(name) \(DurationParser.format(now.timeIntervalSince(started)))\(message)"
        }
        var line = "\(frames[frame % frames.count]) [\(finalStatus.count)/\(total)] running: \(steps.joined(separator: ", "))"
        if line.count > 150 { line = String(line.prefix(149)) + "…" }
        handle.write(Data(("\r\u{1B}[2K" + Terminal.paint(line, .gray, tty: tty)).utf8))
        statusLineShown = true
    }

    private func clearStatusLine() {
        guard statusLineShown else { return }
        handle.write(Data("\r\u{1B}[2K".utf8))
        statusLineShown = false
    }
}
