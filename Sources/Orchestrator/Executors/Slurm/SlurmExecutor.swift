import ArtifactStore
import Foundation

/// Runs each attempt as a Slurm batch job: the invocation is written to the attempt's scratch folder,
/// submitted with `sbatch --parsable` to run `orchestrate step-exec` on a node, and waited for.
///
/// Waiting reads the outcome file first and asks Slurm only when there is none yet, through one shared
/// `SlurmQueue` whose polls back off from `poll.initial` to `poll.longest`. Cancelling the attempt (its
/// timeout, Ctrl-C, a failed run with fail-fast) runs `scancel`. A job lost to the cluster rather than to
/// the step (node failure, boot failure, preemption) is submitted again, after the lost job is confirmed
/// gone, up to `resubmissions` times: the attempt is neither lost nor run twice at once, and because
/// `step-exec` publishes by content hash a second run publishes the same blobs.
///
/// The store folder (its `work` and `logs`) and the project folder must be at the same paths on the
/// nodes: a shared filesystem. Blobs may live there too or in an S3 bucket (`--blobs`).
public struct SlurmExecutor: Executor {
    public struct Polling: Sendable {
        public var initial: Duration
        public var longest: Duration

        public init(initial: Duration = .seconds(2), longest: Duration = .seconds(30)) {
            self.initial = initial
            self.longest = max(initial, longest)
        }
    }

    /// The `orchestrate` binary the nodes run, by a path they can reach.
    public let binary: String
    public let polling: Polling
    public let resubmissions: Int
    let commands: SlurmCommands
    let queue: SlurmQueue

    public init(
        binary: String, environment: [String: String] = ProcessInfo.processInfo.environment, scratch: URL,
        polling: Polling = Polling(), resubmissions: Int = 3
    ) {
        self.binary = binary
        self.polling = polling
        self.resubmissions = resubmissions
        commands = SlurmCommands(environment: environment, scratch: scratch)
        queue = SlurmQueue(commands: commands, freshness: polling.initial / 2)
    }

    /// Jobs that run this very binary (or `ORCHESTRATE_BINARY`), with the store's `work/slurm` for the
    /// Slurm tools' own output.
    public static func ofThisBinary(store: Store) -> SlurmExecutor {
        let environment = ProcessInfo.processInfo.environment
        let binary =
            environment["ORCHESTRATE_BINARY"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return SlurmExecutor(
            binary: binary, environment: environment, scratch: store.workDirectory.appendingPathComponent("slurm"))
    }

    /// How many `squeue` queries were made so far.
    public var queueQueries: Int { get async { await queue.queries } }

    public func execute(_ invocation: StepInvocation, local: InProcessStep) async throws -> StepOutcome {
        let job = SlurmBatchJob(invocation: invocation, binary: binary)
        try FileManager.default.createDirectory(at: invocation.scratchURL, withIntermediateDirectories: true)
        try invocation.encoded().write(to: invocation.invocationURL)
        let script = invocation.scratchURL.appendingPathComponent("job.sh")
        try Data(job.script.utf8).write(to: script)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)

        if let adopted = try await adopt(invocation, log: local.log) { return adopted }
        var submissions = 0
        while true {
            try? FileManager.default.removeItem(at: invocation.outcomeURL)
            let id = try await submit(job, log: local.log)
            try Data(id.utf8).write(to: Self.jobFile(in: invocation.scratchURL))
            submissions += 1
            switch try await wait(for: id, in: invocation.scratchURL, log: local.log) {
            case .finished(let outcome):
                return outcome
            case .lost(let state):
                guard submissions <= resubmissions else {
                    throw StepFailure(
                        "Slurm job \(id) ended \(state.phrase) and \(submissions) submissions were lost to the cluster; see \(invocation.scratch)/slurm-\(id).out"
                    )
                }
                local.log.write("=== Slurm job \(id) ended \(state.phrase), lost to the cluster; submitting the attempt again")
            }
        }
    }

    /// Where the id of the job an attempt submitted is kept, beside its invocation.
    static func jobFile(in scratch: URL) -> URL { scratch.appendingPathComponent("slurm-job") }

    /// A job an earlier attempt of the same step in the same run submitted and whose engine stopped
    /// (`resume` after the process was killed): while that job is still queued or running, or once it has
    /// succeeded, its result is this attempt's, and the work is not submitted a second time.
    private func adopt(_ invocation: StepInvocation, log: StepLog) async throws -> StepOutcome? {
        let runFolder = invocation.scratchURL.deletingLastPathComponent()
        let prefix = "\(invocation.step)-"
        let earlier = (try? FileManager.default.contentsOfDirectory(atPath: runFolder.path)) ?? []
        for name in earlier.sorted() where name.hasPrefix(prefix) && name != invocation.scratchURL.lastPathComponent {
            guard Int(name.dropFirst(prefix.count)) != nil else { continue }
            let folder = runFolder.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: Self.jobFile(in: folder).path) else { continue }
            let id = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let outcomeURL = folder.appendingPathComponent("outcome.json")
            if let outcome = try? StepOutcome.read(outcomeURL), outcome.failure == nil {
                log.write("=== Slurm job \(id) of an earlier attempt succeeded; its outcome is this attempt's")
                return outcome
            }
            guard let state = try await queue.state(of: id), state.disposition == .waiting else {
                await queue.forget(id)
                continue
            }
            log.write(
                "=== Slurm job \(id) of an earlier attempt is still \(state.phrase); waiting for it instead of submitting again")
            if case .finished(let outcome) = try await wait(for: id, in: folder, log: log) { return outcome }
        }
        return nil
    }

    private enum Ending {
        case finished(StepOutcome)
        case lost(SlurmJobState)
    }

    private func submit(_ job: SlurmBatchJob, log: StepLog) async throws -> String {
        let printed: String
        do {
            printed = try await commands.run("sbatch", job.arguments)
        } catch let error as SlurmCommandError {
            throw StepFailure("cannot submit to Slurm: \(error.description)")
        }
        guard let id = SlurmBatchJob.jobID(printed) else {
            throw StepFailure(
                "sbatch --parsable answered '\(printed.trimmingCharacters(in: .whitespacesAndNewlines))', not a job id")
        }
        log.write("=== submitted to Slurm as job \(id): sbatch \(job.arguments.dropLast().joined(separator: " "))")
        return id
    }

    /// Waits until the job has ended, cancelling it if the wait is cancelled.
    private func wait(for id: String, in scratch: URL, log: StepLog) async throws -> Ending {
        let outcomeURL = scratch.appendingPathComponent("outcome.json")
        await queue.watch(id)
        var delay = polling.initial
        var last: SlurmJobState?
        do {
            while true {
                // The outcome file is the step's own word: no need to ask slurmctld once it is there.
                if FileManager.default.fileExists(atPath: outcomeURL.path) {
                    let outcome = try StepOutcome.read(outcomeURL)
                    await queue.forget(id)
                    return .finished(outcome)
                }
                let state = try await queue.state(of: id)
                if state != last {
                    if let state { log.write("=== Slurm job \(id): \(state.phrase)") }
                    last = state
                    delay = polling.initial
                }
                switch state?.disposition {
                case .waiting:
                    break
                case .lost:
                    await queue.forget(id)
                    return .lost(state!)
                case .ended, nil:
                    await queue.forget(id)
                    // step-exec writes its outcome before it exits, on the shared filesystem the job ran on.
                    if FileManager.default.fileExists(atPath: outcomeURL.path) {
                        return .finished(try StepOutcome.read(outcomeURL))
                    }
                    let ending = state.map { "ended \($0.phrase)" } ?? "is no longer known to Slurm"
                    let output = scratch.appendingPathComponent("slurm-\(id).out")
                    throw StepFailure(
                        "Slurm job \(id) \(ending) without an outcome\(Self.tail(of: output)); see \(output.path)")
                }
                try await Task.sleep(for: delay)
                delay = min(delay * 2, polling.longest)
            }
        } catch {
            if Task.isCancelled || error is CancellationError {
                await cancel(id, log: log)
            }
            throw error
        }
    }

    /// `scancel`, run outside the cancelled task so that it runs to its end.
    private func cancel(_ id: String, log: StepLog) async {
        let commands = self.commands
        let result = await Task.detached { try await commands.run("scancel", [id]) }.result
        switch result {
        case .success: log.write("=== cancelled Slurm job \(id)")
        case .failure(let error): log.write("=== scancel \(id) failed: \(error)")
        }
        await queue.forget(id)
    }

    private static func tail(of url: URL) -> String {
        guard let data = FileManager.default.contents(atPath: url.path) else { return "" }
        let lines = String(decoding: data.suffix(2048), as: UTF8.self).split(separator: "\n").suffix(3)
        return lines.isEmpty ? "" : ": " + lines.joined(separator: " | ")
    }
}
