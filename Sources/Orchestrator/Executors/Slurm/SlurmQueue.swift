import Foundation

/// The states of the jobs this process submitted, read with one `squeue` for all of them at a time.
///
/// Every waiting step asks here rather than running its own `squeue`: asks that arrive while a query is
/// under way share its answer, and an answer younger than `freshness` is reused, so a run of fifty steps
/// costs slurmctld one query per interval, not fifty. Jobs `squeue` no longer knows (purged after
/// `MinJobAge`) are asked of `sacct` once each, when the cluster keeps accounting.
actor SlurmQueue {
    private let commands: SlurmCommands
    private let freshness: Duration
    private var watched: Set<String> = []
    private var snapshot: [String: SlurmJobState] = [:]
    private var snapshotAt: ContinuousClock.Instant?
    private var refreshing: Task<[String: SlurmJobState], any Error>?
    /// How many `squeue` queries this process has made (tests check the batching with it).
    private(set) var queries = 0

    init(commands: SlurmCommands, freshness: Duration) {
        self.commands = commands
        self.freshness = freshness
    }

    func watch(_ job: String) { watched.insert(job) }

    func forget(_ job: String) {
        watched.remove(job)
        snapshot[job] = nil
    }

    /// The job's state; nil when Slurm no longer knows the job.
    func state(of job: String) async throws -> SlurmJobState? {
        watched.insert(job)
        if let snapshotAt, snapshotAt.duration(to: .now) < freshness, let known = snapshot[job] { return known }
        let task: Task<[String: SlurmJobState], any Error>
        if let refreshing {
            task = refreshing
        } else {
            let jobs = watched.sorted()
            let commands = self.commands
            task = Task { try await Self.query(jobs, commands) }
            refreshing = task
            queries += 1
        }
        let result = await task.result
        if refreshing == task {
            refreshing = nil
            if case .success(let states) = result {
                snapshot = states
                snapshotAt = .now
            }
        }
        if let state = try result.get()[job] { return state }
        return try await accounted(job)
    }

    private static func query(_ jobs: [String], _ commands: SlurmCommands) async throws -> [String: SlurmJobState] {
        guard !jobs.isEmpty else { return [:] }
        let printed: String
        do {
            printed = try await commands.run("squeue", ["-h", "-t", "all", "-j", jobs.joined(separator: ","), "-o", "%i|%T|%r"])
        } catch let error as SlurmCommandError where error.message.contains("Invalid job id") {
            // Every job asked about is gone from slurmctld's memory.
            return [:]
        }
        return parse(printed)
    }

    /// `sacct` for one job squeue no longer lists; nil when the cluster keeps no accounting or forgot it too.
    private func accounted(_ job: String) async throws -> SlurmJobState? {
        guard
            let printed = try? await commands.run("sacct", ["-n", "-X", "-P", "-j", job, "-o", "JobID,State,Reason"])
        else { return nil }
        return Self.parse(printed)[job]
    }

    /// Lines of `ID|STATE|REASON`.
    static func parse(_ printed: String) -> [String: SlurmJobState] {
        var states: [String: SlurmJobState] = [:]
        for line in printed.split(separator: "\n") {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard fields.count >= 2, !fields[0].isEmpty else { continue }
            states[fields[0]] = SlurmJobState(name: fields[1], reason: fields.count > 2 ? fields[2] : nil)
        }
        return states
    }
}
