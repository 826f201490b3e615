import Foundation
import Testing

@testable import Orchestrator

#if canImport(Glibc)
    import Glibc
#endif

/// A real single-node Slurm cluster on loopback: munged with a generated key, slurmctld and slurmd with a
/// generated slurm.conf for this host, all children of the test in a temporary folder (no systemd). Slurm
/// and munge are installed with apt when missing; tests that need the cluster are skipped, saying why,
/// when that is impossible here (not root, no apt).
final class SlurmCluster: @unchecked Sendable {
    let folder: URL
    let node: String
    /// What Slurm's client tools need to reach this cluster (`SLURM_CONF`).
    let environment: [String: String]
    /// Started one after the other by `start`, stopped by `stop`; never touched concurrently.
    private var daemons: [Task<ChildProcess.Termination, any Error>] = []

    private init(folder: URL, node: String, environment: [String: String]) {
        self.folder = folder
        self.node = node
        self.environment = environment
    }

    static func start() async throws -> SlurmCluster {
        guard getuid() == 0 else {
            try Test.cancel("the test cluster runs slurmd as root (SlurmdUser=root), and this user is not root")
        }
        try await installIfMissing()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slurm-\(UUID().uuidString.prefix(8))")
        for sub in ["munge", "munge-key", "state", "spool", "log"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        // munged refuses a key that others can read, in a folder others can write.
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o700], ofItemAtPath: folder.appendingPathComponent("munge-key").path)
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o755], ofItemAtPath: folder.appendingPathComponent("munge").path)
        let key = folder.appendingPathComponent("munge-key/munge.key")
        var generator = SystemRandomNumberGenerator()
        try Data((0..<1024).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(to: key)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key.path)

        let node = Self.shortHostName()
        let socket = folder.appendingPathComponent("munge/munge.socket").path
        let configuration = folder.appendingPathComponent("slurm.conf")
        // Below Linux's ephemeral range (32768 and up), where the tests' own connections take ports, and
        // checked free: a daemon that cannot bind its port never comes up.
        let (controllerPort, nodePort) = (Self.freePort(in: 20_000..<26_000), Self.freePort(in: 26_000..<32_000))
        try Self.configuration(folder: folder, node: node, socket: socket, ports: (controllerPort, nodePort))
            .write(to: configuration, atomically: true, encoding: .utf8)
        try Data().write(to: folder.appendingPathComponent("plugstack.conf"))

        var environment = ProcessInfo.processInfo.environment
        environment["SLURM_CONF"] = configuration.path
        let log = folder.appendingPathComponent("log")
        let cluster = SlurmCluster(folder: folder, node: node, environment: environment)
        func launch(_ executable: String, _ arguments: [String], _ name: String) {
            let process = ChildProcess(
                executable: executable, arguments: arguments, environment: environment, workingDirectory: folder,
                outputFile: log.appendingPathComponent("\(name).out"))
            cluster.daemons.append(Task { try await process.run() })
        }
        launch(
            "/usr/sbin/munged",
            [
                "-F", "-f", "--socket=\(socket)", "--key-file=\(key.path)",
                "--log-file=\(log.appendingPathComponent("munged.log").path)",
                "--pid-file=\(folder.appendingPathComponent("munge/munged.pid").path)",
                "--seed-file=\(folder.appendingPathComponent("munge-key/munged.seed").path)",
            ], "munged")
        do {
            try await cluster.waitFor("munged's socket") { FileManager.default.fileExists(atPath: socket) }
            launch("/usr/sbin/slurmctld", ["-D", "-i"], "slurmctld")
            launch("/usr/sbin/slurmd", ["-D"], "slurmd")
            try await cluster.waitFor("the node to be idle") {
                (try? await cluster.tool("sinfo", "-h", "-N", "-o", "%T"))?.trimmingCharacters(in: .whitespacesAndNewlines)
                    == "idle"
            }
        } catch {
            await cluster.stop()
            throw error
        }
        return cluster
    }

    /// Cancels every job, stops the daemons and waits until they are gone.
    func stop() async {
        _ = try? await tool("scancel", "--user=root")
        let daemons = self.daemons.reversed()
        for daemon in daemons {
            daemon.cancel()
            _ = try? await daemon.value
        }
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs one of Slurm's tools against this cluster and returns what it printed; throws when it fails.
    @discardableResult
    func tool(_ name: String, _ arguments: String...) async throws -> String {
        try await SlurmCommands(environment: environment, scratch: folder.appendingPathComponent("log")).run(name, arguments)
    }

    /// The state squeue shows for the job named `name` (the latest one, when there are several).
    func jobStates(named name: String) async throws -> [String] {
        try await tool("squeue", "-h", "-t", "all", "-n", name, "-o", "%i|%T").split(separator: "\n").sorted {
            (Int($0.split(separator: "|")[0]) ?? 0) < (Int($1.split(separator: "|")[0]) ?? 0)
        }.map { String($0.split(separator: "|")[1]) }
    }

    /// Polls `condition` for up to two minutes: generous, for a loaded machine.
    func waitFor(_ what: String, _ condition: () async throws -> Bool) async throws {
        for _ in 0..<480 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        let logs = ["munged.log", "slurmctld.out", "slurmd.out"].map { name in
            "\(name): "
                + ((try? String(contentsOf: folder.appendingPathComponent("log/\(name)"), encoding: .utf8)) ?? "")
                .split(separator: "\n").suffix(5).joined(separator: " | ")
        }
        throw SlurmClusterError("waited two minutes for \(what); \(logs.joined(separator: "; "))")
    }

    /// A port in `range` that nothing listens on now.
    private static func freePort(in range: Range<Int>) -> Int {
        for _ in 0..<50 {
            let port = Int.random(in: range)
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr = in_addr(s_addr: INADDR_ANY)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            close(socket)
            if bound == 0 { return port }
        }
        return Int.random(in: range)
    }

    private static func configuration(folder: URL, node: String, socket: String, ports: (Int, Int)) -> String {
        let cpus = ProcessInfo.processInfo.activeProcessorCount
        return """
            ClusterName=orchestrate-test
            SlurmctldHost=\(node)(127.0.0.1)
            SlurmctldPort=\(ports.0)
            SlurmdPort=\(ports.1)
            SlurmUser=root
            SlurmdUser=root
            AuthType=auth/munge
            CredType=cred/munge
            AuthInfo=socket=\(socket)
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            SelectType=select/cons_tres
            SelectTypeParameters=CR_Core_Memory
            StateSaveLocation=\(folder.appendingPathComponent("state").path)
            SlurmdSpoolDir=\(folder.appendingPathComponent("spool").path)
            SlurmctldPidFile=\(folder.appendingPathComponent("slurmctld.pid").path)
            SlurmdPidFile=\(folder.appendingPathComponent("slurmd.pid").path)
            SlurmctldLogFile=\(folder.appendingPathComponent("log/slurmctld.log").path)
            SlurmdLogFile=\(folder.appendingPathComponent("log/slurmd.log").path)
            PlugStackConfig=\(folder.appendingPathComponent("plugstack.conf").path)
            JobAcctGatherType=jobacct_gather/none
            AccountingStorageType=accounting_storage/none
            JobCompType=jobcomp/none
            MpiDefault=none
            ReturnToService=2
            MinJobAge=600
            SlurmdTimeout=30
            NodeName=\(node) NodeAddr=127.0.0.1 CPUs=\(cpus) RealMemory=1000 State=UNKNOWN
            PartitionName=debug Nodes=\(node) Default=YES MaxTime=INFINITE State=UP

            """
    }

    private static func shortHostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        let name = String(cString: buffer)
        return String(name.split(separator: ".").first ?? Substring(name))
    }

    private static func installIfMissing() async throws {
        let needed = ["/usr/sbin/munged", "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/bin/sbatch"]
        guard needed.contains(where: { !FileManager.default.isExecutableFile(atPath: $0) }) else { return }
        var environment = ProcessInfo.processInfo.environment
        environment["DEBIAN_FRONTEND"] = "noninteractive"
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("slurm-apt.log")
        for arguments in [["update", "-qq"], ["install", "-y", "-qq", "--no-install-recommends", "slurm-wlm", "munge"]] {
            let apt = ChildProcess(
                executable: "/usr/bin/apt-get", arguments: arguments, environment: environment,
                workingDirectory: FileManager.default.temporaryDirectory, outputFile: log)
            let termination = try? await apt.run()
            if termination != .exited(0) {
                try Test.cancel(
                    "Slurm could not be installed with apt-get here (see \(log.path)), so the Slurm executor is not exercised")
            }
        }
    }
}

struct SlurmClusterError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
