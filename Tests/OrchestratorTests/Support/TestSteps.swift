import ArtifactStore
import Foundation
import Orchestrator

/// Counts how often each step ran, across runs, so tests can tell executed steps from cached ones.
final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var calls: [String: Int] = [:]

    /// Records one invocation of `step` and returns how many there have been.
    @discardableResult
    func record(_ step: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        calls[step, default: 0] += 1
        return calls[step]!
    }

    func count(_ step: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        return calls[step] ?? 0
    }

    var counts: [String: Int] {
        lock.lock()
        defer { lock.unlock() }
        return calls
    }
}

/// Writes `text` to its output `out`, with the text's length as metadata.
struct WriteStep: Step {
    let recorder: Recorder

    var descriptor: StepDescriptor {
        StepDescriptor(
            type: "write", version: 1, summary: "Writes a text.",
            parameters: [ParameterDescriptor("text", .string, "What to write.")],
            outputs: [PortDescriptor("out", type: "text", "The text.")])
    }

    func run(_ context: StepContext) async throws -> StepResult {
        recorder.record(context.step)
        let text = try context.parameters.string("text")
        return try context.result(writing: text, to: "out", metadata: ["length": .int(text.count)])
    }
}

/// Reads its input `text`, upper-cases it and appends `suffix`.
struct UppercaseStep: Step {
    let recorder: Recorder

    var descriptor: StepDescriptor {
        StepDescriptor(
            type: "upper", version: 1, summary: "Upper-cases a text.",
            parameters: [ParameterDescriptor("suffix", .string, default: "", "Appended after the text.")],
            inputs: [PortDescriptor("text", type: "text", "The text to upper-case.")],
            outputs: [PortDescriptor("out", type: "text", "The upper-cased text.")])
    }

    func run(_ context: StepContext) async throws -> StepResult {
        recorder.record(context.step)
        let text = try String(contentsOf: try context.input("text").url, encoding: .utf8)
        let result = text.uppercased() + (try context.parameters.string("suffix"))
        return try context.result(writing: result, to: "out")
    }
}

/// Joins inputs `a` and `b`.
struct ConcatStep: Step {
    let recorder: Recorder

    var descriptor: StepDescriptor {
        StepDescriptor(
            type: "concat", version: 1, summary: "Joins two texts.",
            inputs: [PortDescriptor("a", type: "text", "First."), PortDescriptor("b", type: "text", "Second.")],
            outputs: [PortDescriptor("out", type: "text", "Both.")])
    }

    func run(_ context: StepContext) async throws -> StepResult {
        recorder.record(context.step)
        let a = try String(contentsOf: try context.input("a").url, encoding: .utf8)
        let b = try String(contentsOf: try context.input("b").url, encoding: .utf8)
        return try context.result(writing: a + "+" + b, to: "out")
    }
}

/// Fails its first `failures` attempts, then writes "ok".
struct FailingStep: Step {
    let recorder: Recorder

    var descriptor: StepDescriptor {
        StepDescriptor(
            type: "flaky", version: 1, summary: "Fails a number of times.",
            parameters: [ParameterDescriptor("failures", .int, default: 1, "Attempts that fail.")],
            outputs: [PortDescriptor("out", type: "text", "ok.")])
    }

    func run(_ context: StepContext) async throws -> StepResult {
        recorder.record(context.step)
        if context.attempt <= (try context.parameters.int("failures")) {
            throw StepFailure("attempt \(context.attempt) failed")
        }
        return try context.result(writing: "ok", to: "out")
    }
}

/// Sleeps (cancellably) for `seconds`, then writes "slept".
struct SleepStep: Step {
    let recorder: Recorder

    var descriptor: StepDescriptor {
        StepDescriptor(
            type: "sleep", version: 1, summary: "Sleeps.",
            parameters: [ParameterDescriptor("seconds", .number, "How long.")],
            outputs: [PortDescriptor("out", type: "text", "slept.")])
    }

    func run(_ context: StepContext) async throws -> StepResult {
        recorder.record(context.step)
        try await Task.sleep(nanoseconds: UInt64(try context.parameters.double("seconds") * 1_000_000_000))
        return try context.result(writing: "slept \(context.step)", to: "out")
    }
}

/// Writes how many times it has run: a step whose output changes every time.
struct CounterStep: Step {
    let recorder: Recorder

    var descriptor: StepDescriptor {
        StepDescriptor(
            type: "counter", version: 1, summary: "Counts its invocations.",
            outputs: [PortDescriptor("out", type: "text", "The count.")])
    }

    func run(_ context: StepContext) async throws -> StepResult {
        let count = recorder.record(context.step)
        return try context.result(writing: "call \(count)", to: "out")
    }
}

/// A source step (like crawl or import): `reproduce` reuses its recorded outputs.
struct SourceStep: Step {
    let recorder: Recorder

    var descriptor: StepDescriptor {
        StepDescriptor(
            type: "source", version: 1, summary: "Brings text in.",
            parameters: [ParameterDescriptor("text", .string, "What arrives.")],
            outputs: [PortDescriptor("out", type: "text", "The text.")], isSource: true)
    }

    func run(_ context: StepContext) async throws -> StepResult {
        let count = recorder.record(context.step)
        let text = try context.parameters.string("text") + " #\(count)"
        return try context.result(writing: text, to: "out")
    }
}

/// Writes `text`; its results may be reused for `lifetime` seconds only (like crawl's `max_age`).
struct ExpiringStep: Step {
    let recorder: Recorder

    var descriptor: StepDescriptor {
        StepDescriptor(
            type: "expiring", version: 1, summary: "Writes a text that goes stale.",
            parameters: [
                ParameterDescriptor("text", .string, "What to write."),
                ParameterDescriptor("lifetime", .number, "Seconds its result may be reused."),
            ],
            outputs: [PortDescriptor("out", type: "text", "The text.")])
    }

    func run(_ context: StepContext) async throws -> StepResult {
        recorder.record(context.step)
        return try context.result(writing: try context.parameters.string("text"), to: "out")
    }

    func cacheLifetime(_ parameters: StepParameters) throws -> Double? {
        try parameters.double("lifetime")
    }
}

/// Misbehaves about its outputs: `mode: none` returns nothing, `mode: extra` an undeclared output.
struct SloppyStep: Step {
    let recorder: Recorder

    var descriptor: StepDescriptor {
        StepDescriptor(
            type: "sloppy", version: 1, summary: "Gets its outputs wrong.",
            parameters: [ParameterDescriptor("mode", .string, "none or extra.")],
            outputs: [PortDescriptor("out", type: "text", "Never right.")])
    }

    func run(_ context: StepContext) async throws -> StepResult {
        recorder.record(context.step)
        guard try context.parameters.string("mode") == "extra" else { return StepResult() }
        for name in ["out", "bonus"] { try Data(name.utf8).write(to: context.outputURL(name)) }
        return StepResult(outputs: [
            "out": StepOutput(url: context.outputURL("out")), "bonus": StepOutput(url: context.outputURL("bonus")),
        ])
    }
}

/// Writes `text`; `mode` joins the cache key only when it is not its default, `place` never does.
struct KeyedStep: Step {
    let recorder: Recorder

    var descriptor: StepDescriptor {
        StepDescriptor(
            type: "keyed", version: 1, summary: "Writes a text, with parameters keyed in each way.",
            parameters: [
                ParameterDescriptor("text", .string, "What to write."),
                ParameterDescriptor("mode", .string, default: "plain", "A setting added later.", keying: .exceptDefault),
                ParameterDescriptor("place", .string, default: "", "Where it runs.", keying: .never),
            ],
            outputs: [PortDescriptor("out", type: "text", "The text.")])
    }

    func run(_ context: StepContext) async throws -> StepResult {
        recorder.record(context.step)
        return try context.result(writing: try context.parameters.string("text"), to: "out")
    }
}

extension Recorder {
    /// Every test step, counting into this recorder.
    var steps: [any Step] {
        [
            WriteStep(recorder: self), UppercaseStep(recorder: self), ConcatStep(recorder: self), FailingStep(recorder: self),
            SleepStep(recorder: self), CounterStep(recorder: self), SourceStep(recorder: self), SloppyStep(recorder: self),
            ExpiringStep(recorder: self), KeyedStep(recorder: self),
        ]
    }
}
