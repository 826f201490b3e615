import Foundation

/// The `sbatch` command line for one invocation: the executor's partition and account, the step's
/// resources as Slurm options, and a batch script that runs `orchestrate step-exec` on the node.
struct SlurmBatchJob: Equatable {
    var arguments: [String]
    var script: String

    init(invocation: StepInvocation, binary: String) {
        var arguments = [
            "--parsable", "--job-name=orchestrate-\(invocation.pipeline)-\(invocation.step)",
            "--output=\(invocation.scratch)/slurm-%j.out", "--chdir=\(invocation.scratch)",
            // The engine decides whether an attempt runs again; Slurm requeueing a job behind its back
            // could run the same attempt twice at once.
            "--no-requeue",
        ]
        if let partition = invocation.executor.partition { arguments.append("--partition=\(partition)") }
        if let account = invocation.executor.account { arguments.append("--account=\(account)") }
        if let resources = invocation.resources {
            if let cpus = resources.cpus { arguments.append("--cpus-per-task=\(cpus)") }
            if let memory = resources.memoryMegabytes { arguments.append("--mem=\(memory)M") }
            if let gpus = resources.gpus, gpus > 0 { arguments.append("--gres=gpu:\(gpus)") }
            if let time = resources.timeSeconds { arguments.append("--time=\(Self.slurmTime(time))") }
        }
        arguments.append(invocation.scratchURL.appendingPathComponent("job.sh").path)
        self.arguments = arguments
        // The node starts the binary by its absolute path; the invocation names everything else. The
        // submitting environment (S3 endpoint and credentials among it) travels with the job, sbatch's default.
        script = "#!/bin/sh\nexec \(Self.quoted(binary)) step-exec \(Self.quoted(invocation.invocationURL.path))\n"
    }

    /// `D-HH:MM:SS`, rounded up to whole seconds.
    static func slurmTime(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.up))
        let days = total / 86400
        let clock = String(format: "%02d:%02d:%02d", total % 86400 / 3600, total % 3600 / 60, total % 60)
        return days > 0 ? "\(days)-\(clock)" : clock
    }

    /// Single-quoted for /bin/sh.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The job id in `sbatch --parsable`'s answer (`1234` or `1234;cluster`).
    static func jobID(_ printed: String) -> String? {
        let first = printed.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let id = first.split(separator: ";").first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
        return !id.isEmpty && id.allSatisfy({ $0.isNumber || $0 == "_" }) ? id : nil
    }
}
