/// A Slurm job's state as `squeue -o %T` and `sacct -o State` print it, sorted into what the executor does.
struct SlurmJobState: Sendable, Equatable {
    var name: String
    /// Why it is pending or why it ended, when Slurm says (`Resources`, `NonZeroExitCode`).
    var reason: String?

    enum Disposition: Equatable {
        /// Queued or running: wait.
        case waiting
        /// Ended after running the step to its end, well or badly: the outcome file says which.
        case ended
        /// Lost to the machine, not to the step (a node failed, the job was preempted): submit it again.
        case lost
    }

    var disposition: Disposition {
        // sacct writes "CANCELLED by 0".
        switch name.split(separator: " ").first.map(String.init) ?? name {
        case "PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED", "REQUEUED", "REQUEUE_FED", "REQUEUE_HOLD",
            "RESIZING", "SIGNALING", "STAGE_OUT", "STOPPED", "RESV_DEL_HOLD":
            .waiting
        case "NODE_FAIL", "BOOT_FAIL", "PREEMPTED":
            .lost
        default:
            // COMPLETED, FAILED, CANCELLED, TIMEOUT, OUT_OF_MEMORY, DEADLINE, SPECIAL_EXIT, REVOKED.
            .ended
        }
    }

    /// The state in a message: `FAILED (NonZeroExitCode)`.
    var phrase: String {
        guard let reason, !reason.isEmpty, reason != "None" else { return name }
        return "\(name) (\(reason))"
    }
}
