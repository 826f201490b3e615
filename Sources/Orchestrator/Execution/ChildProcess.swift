import CSpawn
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a program in its own process group, with output appended to a file, and waits for it
/// without blocking a Swift concurrency thread.
///
/// The process group is what makes timeouts real: cancelling the awaiting task signals the whole
/// group, so a shell script's children die with it (SIGTERM, then SIGKILL after a grace period).
public struct ChildProcess: Sendable {
    public var executable: String
    public var arguments: [String]
    public var environment: [String: String]
    public var workingDirectory: URL
    public var outputFile: URL
    /// Where standard output goes when it is not `outputFile`: a program that speaks in lines of JSON on
    /// stdout keeps them apart from what its libraries print on stderr.
    public var standardOutputFile: URL?
    /// How long a cancelled process has between SIGTERM and SIGKILL.
    public var killGrace: Double = 2

    public init(executable: String, arguments: [String], environment: [String: String], workingDirectory: URL, outputFile: URL) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.outputFile = outputFile
    }

    public enum Termination: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)

        /// How it ended, for messages: "exited with status 2", "was killed by signal 9".
        public var phrase: String {
            switch self {
            case .exited(let code): "exited with status \(code)"
            case .signalled(let signal): "was killed by signal \(signal)"
            }
        }
    }

    /// Starts the process and waits for it. Task cancellation kills its process group.
    public func run() async throws -> Termination {
        let pid = try spawn()
        let waiter = ProcessWaiter(pid: pid)
        return try await withTaskCancellationHandler {
            let termination = await waiter.wait()
            try Task.checkCancellation()
            return termination
        } onCancel: {
            waiter.terminateGroup(grace: killGrace)
        }
    }

    private func spawn() throws -> pid_t {
        let outputFD = open(outputFile.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard outputFD >= 0 else { throw StepFailure("cannot open log \(outputFile.path): \(String(cString: strerror(errno)))") }
        defer { close(outputFD) }
        var standardOutputFD = outputFD
        if let standardOutputFile {
            standardOutputFD = open(standardOutputFile.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
            guard standardOutputFD >= 0 else {
                throw StepFailure("cannot open \(standardOutputFile.path): \(String(cString: strerror(errno)))")
            }
        }
        defer { if standardOutputFD != outputFD { close(standardOutputFD) } }

        #if canImport(Glibc)
            var actions = posix_spawn_file_actions_t()
            var attributes = posix_spawnattr_t()
        #else
            var actions: posix_spawn_file_actions_t?
            var attributes: posix_spawnattr_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, standardOutputFD, 1)
        posix_spawn_file_actions_adddup2(&actions, outputFD, 2)
        cspawn_file_actions_addchdir(&actions, workingDirectory.path)

        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A new process group (pgid = pid) so the whole tree can be signalled at once, and
        // default signal handling so the child is not born ignoring SIGTERM.
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw StepFailure("cannot start \(executable): \(String(cString: strerror(status)))")
        }
        return pid
    }
}

/// Waits for one child on a dedicated thread (waitpid blocks) and signals its group on request.
final class ProcessWaiter: @unchecked Sendable {
    let pid: pid_t
    private let lock = NSLock()
    private var finished = false

    init(pid: pid_t) {
        self.pid = pid
    }

    /// Waits on a thread of its own, created with pthread_create so that a failure to create it is
    /// seen: Foundation's `Thread.start` fails silently (as it did when a small stack could not hold a
    /// linked library's thread-local storage), and the step would then wait forever.
    func wait() async -> ChildProcess.Termination {
        await withCheckedContinuation { continuation in
            let job = WaitJob { [self] in
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0, errno == EINTR {}
                lock.lock()
                finished = true
                lock.unlock()
                // Leftover members of the group (a backgrounded grandchild) must not outlive the step.
                kill(-pid, SIGKILL)
                let signal = status & 0x7f
                if signal == 0 {
                    continuation.resume(returning: .exited((status >> 8) & 0xff))
                } else {
                    continuation.resume(returning: .signalled(signal))
                }
            }
            if !job.startDetached() {
                // No thread to spare: wait on a dispatch thread instead of never.
                DispatchQueue.global().async { job.body() }
            }
        }
    }

    func terminateGroup(grace: Double) {
        lock.lock()
        let done = finished
        lock.unlock()
        guard !done else { return }
        kill(-pid, SIGTERM)
        let pid = self.pid
        DispatchQueue.global().asyncAfter(deadline: .now() + grace) { [self] in
            lock.lock()
            let done = finished
            lock.unlock()
            if !done { kill(-pid, SIGKILL) }
        }
    }
}

/// A closure run on a detached pthread with the default stack.
final class WaitJob: @unchecked Sendable {
    let body: () -> Void

    init(_ body: @escaping () -> Void) {
        self.body = body
    }

    func startDetached() -> Bool {
        let context = Unmanaged.passRetained(self).toOpaque()
        #if canImport(Glibc)
            var thread = pthread_t()
        #else
            var thread: pthread_t?
        #endif
        let status = pthread_create(
            &thread, nil,
            { context in
                #if canImport(Glibc)
                    let job = Unmanaged<WaitJob>.fromOpaque(context!).takeRetainedValue()
                #else
                    let job = Unmanaged<WaitJob>.fromOpaque(context).takeRetainedValue()
                #endif
                job.body()
                return nil
            }, context)
        guard status == 0 else {
            Unmanaged<WaitJob>.fromOpaque(context).release()
            return false
        }
        #if canImport(Glibc)
            pthread_detach(thread)
        #else
            if let thread { pthread_detach(thread) }
        #endif
        return true
    }
}
