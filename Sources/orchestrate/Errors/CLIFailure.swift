/// An error a command raises itself: what went wrong, what to do about it, and the exit code.
struct CLIFailure: Error {
    var message: String
    var hint: String?
    var code: Int32

    init(message: String, hint: String? = nil, code: Int32 = ExitStatus.usage) {
        self.message = message
        self.hint = hint
        self.code = code
    }
}

/// The documented exit codes.
enum ExitStatus {
    /// A run, a reproduction, a verification or a generation was carried out and failed.
    static let failed: Int32 = 1
    /// The command could not do what was asked: bad usage, an invalid pipeline, or a store, run, artifact,
    /// model or file that is missing or unreadable.
    static let usage: Int32 = 2
    /// Stopped by Ctrl-C or SIGTERM, as shells report a process ended by SIGINT.
    static let interrupted: Int32 = 130
}
