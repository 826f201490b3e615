import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Times whole commands (process start to exit), alternating them so that a drifting machine
/// affects each alike, and prints min, median and max wall time for each, plus the ratio of
/// medians to the first one.
enum ProcessTimer {
    static func compare(_ commands: [String], runs: Int, warmup: Int = 2) throws {
        var samples = Array(repeating: [Double](), count: commands.count)
        for round in 0..<(warmup + runs) {
            for (index, command) in commands.enumerated() {
                let elapsed = try time(command)
                if round >= warmup { samples[index].append(elapsed) }
            }
        }
        let medians = samples.map { $0.sorted()[$0.count / 2] }
        for (index, command) in commands.enumerated() {
            let sorted = samples[index].sorted()
            print(
                String(
                    format: "  %-70@ median %8.2f ms  min %8.2f  max %8.2f  (%.2fx)", command as NSString,
                    medians[index], sorted.first!, sorted.last!, medians[index] / medians[0]))
        }
    }

    /// posix_spawn and waitpid directly: Foundation's Process polls for exit on Linux, which
    /// would add tens of milliseconds of noise to every sample.
    static func time(_ command: String) throws -> Double {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let words: [String] = ["/bin/sh", "-c", "exec " + command]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let start = DispatchTime.now().uptimeNanoseconds
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/sh", &actions, nil, argv, environ) == 0 else {
            throw NSError(domain: "bench", code: 1, userInfo: [NSLocalizedDescriptionKey: "cannot start '\(command)'"])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        guard status == 0 else {
            throw NSError(
                domain: "bench", code: Int(status),
                userInfo: [NSLocalizedDescriptionKey: "'\(command)' failed (status \(status))"])
        }
        return elapsed
    }
}
