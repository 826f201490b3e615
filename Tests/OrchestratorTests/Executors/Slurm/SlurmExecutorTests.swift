import ArtifactStore
import Foundation
import OrchestrateTesting
import Steps
import Testing

@testable import Orchestrator

#if canImport(Glibc)
    import Glibc
#endif

/// The Slurm executor against a real single-node cluster started by the test: steps run as batch jobs of
/// the built `orchestrate` binary (`step-exec`), and timeouts, failures and lost nodes behave.
@Suite("SlurmExecutor on a real cluster", .serialized)
struct SlurmExecutorTests {
    /// The `orchestrate` binary built beside the tests, which the jobs run.
    static let binary: String = {
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return package.appendingPathComponent(".build/debug/orchestrate").path
    }()

    /// A store, a project folder and an engine whose Slurm steps go to `cluster`.
    struct Setup: @unchecked Sendable {
        let fixture: EngineFixture
        let slurm: SlurmExecutor

        init(_ cluster: SlurmCluster) throws {
            fixture = try EngineFixture()
            slurm = SlurmExecutor(
                binary: SlurmExecutorTests.binary, environment: cluster.environment,
                scratch: fixture.store.workDirectory.appendingPathComponent("slurm"),
                polling: SlurmExecutor.Polling(initial: .milliseconds(500), longest: .seconds(2)))
        }

        func run(_ yaml: String) async throws -> RunRecord {
            let plan = try PipelineValidator(catalog: BuiltInSteps.catalog).plan(try SpecParser.parse(yaml, file: "p.yaml"))
            return try await RunEngine(store: fixture.store, executor: PlacementExecutor(slurm: slurm)).run(
                plan, options: RunOptions(maxParallel: 2), start: RunEngine.Start(projectDirectory: fixture.project))
        }

        func log(_ run: RunRecord, _ step: String) throws -> String {
            try String(
                contentsOf: fixture.store.logsDirectory.appendingPathComponent(run.id).appendingPathComponent("\(step).log"),
                encoding: .utf8)
        }
    }

    static func withCluster(_ body: (SlurmCluster) async throws -> Void) async throws {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            Issue.record("build the orchestrate binary first (swift build --build-tests): \(binary)")
            return
        }
        let cluster = try await SlurmCluster.start()
        do {
            try await body(cluster)
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }

    @Test("a step placed on Slurm runs as a batch job of step-exec; its output, lineage and documents are stored")
    func runsAsJob() async throws {
        try await Self.withCluster { cluster in
            let setup = try Setup(cluster)
            defer { setup.fixture.remove() }
            try Data(#"{"author": "Ada", "content": "Notes on the engine.", "link": "https://example.org/a"}"#.utf8 + [10])
                .write(to: setup.fixture.project.appendingPathComponent("docs.jsonl"))
            let run = try await setup.run(
                """
                name: placed
                executor: { kind: slurm, partition: debug }
                steps:
                  import: { uses: import, with: { path: docs.jsonl } }
                  write:
                    uses: command
                    executor: local
                    run: printf 'hello' > "$OUTPUT_text"
                    outputs: [text]
                  shout:
                    uses: command
                    inputs: { text: write.text, documents: import.documents }
                    resources: { cpus: 1, memory: 200M, time: 10m }
                    run: |
                      tr a-z A-Z < "$INPUT_text" > "$OUTPUT_loud"
                      echo "job $SLURM_JOB_ID" > "$OUTPUT_job"
                    outputs: [loud, job]
                """)
            #expect(run.status == .succeeded)
            #expect(try setup.fixture.text("shout", "loud", in: run) == "HELLO")
            let job = try #require(try setup.fixture.text("shout", "job", in: run))
            #expect(job.hasPrefix("job "))
            #expect(try setup.log(run, "shout").contains("=== submitted to Slurm as job"))
            #expect(try setup.log(run, "write").contains("submitted to Slurm") == false)
            #expect(try await cluster.jobStates(named: "orchestrate-placed-shout") == ["COMPLETED"])
            // The import ran on the node; its documents reached this machine's warehouse.
            #expect(try setup.fixture.store.documents().map(\.author) == ["Ada"])
            let shout = try #require(try setup.fixture.steps(of: run)["shout"])
            #expect(try setup.fixture.store.inputs(ofStepRun: shout.id!).keys.sorted() == ["documents", "text"])
        }
    }

    @Test("a step that fails on the node fails with its own message")
    func failure() async throws {
        try await Self.withCluster { cluster in
            let setup = try Setup(cluster)
            defer { setup.fixture.remove() }
            let run = try await setup.run(
                """
                name: failing
                steps:
                  broken: { uses: command, executor: slurm, run: echo nope >&2; exit 3, outputs: [o] }
                """)
            #expect(run.status == .failed)
            #expect(try setup.fixture.steps(of: run)["broken"]?.error == "command exited with status 3: nope")
            #expect(try await cluster.jobStates(named: "orchestrate-failing-broken") == ["FAILED"])
        }
    }

    @Test("a timeout cancels the job with scancel")
    func timeout() async throws {
        try await Self.withCluster { cluster in
            let setup = try Setup(cluster)
            defer { setup.fixture.remove() }
            let run = try await setup.run(
                """
                name: slow
                steps:
                  slow: { uses: command, executor: slurm, timeout: 10s, run: sleep 600, outputs: [o] }
                """)
            #expect(run.status == .failed)
            let error = try setup.fixture.steps(of: run)["slow"]?.error
            #expect(error == "timed out after 10.0s")
            try await cluster.waitFor("the job to be cancelled") {
                try await cluster.jobStates(named: "orchestrate-slow-slow") == ["CANCELLED"]
            }
            #expect(try setup.log(run, "slow").contains("=== cancelled Slurm job"))
        }
    }

    @Test("a job lost with its node is submitted again once, and the attempt succeeds")
    func lostNode() async throws {
        try await Self.withCluster { cluster in
            let setup = try Setup(cluster)
            defer { setup.fixture.remove() }
            let marker = setup.fixture.project.appendingPathComponent("first-started")
            let running = Task {
                try await setup.run(
                    """
                    name: lost
                    steps:
                      work:
                        uses: command
                        executor: slurm
                        run: |
                          if [ ! -e "$ORCHESTRATE_PROJECT_DIR/first-started" ]; then
                            touch "$ORCHESTRATE_PROJECT_DIR/first-started"; sleep 600
                          fi
                          echo done > "$OUTPUT_o"
                        outputs: [o]
                    """)
            }
            try await cluster.waitFor("the first job to start") { FileManager.default.fileExists(atPath: marker.path) }
            // slurmctld may refuse while it is busy starting the job; it takes the request a moment later.
            try await cluster.waitFor("slurmctld to take the node down") {
                (try? await cluster.tool("scontrol", "update", "nodename=\(cluster.node)", "state=down", "reason=test")) != nil
            }
            try await cluster.waitFor("the first job to end NODE_FAIL") {
                try await cluster.jobStates(named: "orchestrate-lost-work").first == "NODE_FAIL"
            }
            // With ReturnToService=2 the node may come back by itself when slurmd registers again; resume
            // is refused then, as it is for any node that is not down.
            try await cluster.waitFor("the node to be back") {
                if (try? await cluster.tool("scontrol", "update", "nodename=\(cluster.node)", "state=resume")) != nil {
                    return true
                }
                let state = try await cluster.tool("sinfo", "-h", "-N", "-o", "%T")
                return !state.contains("down") && !state.contains("drain")
            }
            let run = try await running.value
            #expect(run.status == .succeeded)
            #expect(try setup.fixture.text("work", "o", in: run) == "done\n")
            #expect(try await cluster.jobStates(named: "orchestrate-lost-work") == ["NODE_FAIL", "COMPLETED"])
            #expect(try setup.fixture.attempts(of: "work", in: run).count == 1)
            #expect(try setup.log(run, "work").contains("lost to the cluster; submitting the attempt again"))
        }
    }

    @Test("cancelling the run (Ctrl-C) cancels its running job")
    func cancelledRun() async throws {
        try await Self.withCluster { cluster in
            let setup = try Setup(cluster)
            defer { setup.fixture.remove() }
            let marker = setup.fixture.project.appendingPathComponent("started")
            let running = Task {
                try await setup.run(
                    """
                    name: stopped
                    steps:
                      long: { uses: command, executor: slurm, run: touch "$ORCHESTRATE_PROJECT_DIR/started"; sleep 600, outputs: [o] }
                    """)
            }
            try await cluster.waitFor("the job to start") { FileManager.default.fileExists(atPath: marker.path) }
            running.cancel()
            let run = try await running.value
            #expect(run.status == .cancelled)
            try await cluster.waitFor("the job to be cancelled") {
                try await cluster.jobStates(named: "orchestrate-stopped-long") == ["CANCELLED"]
            }
        }
    }

    @Test("orchestrate run places a step on Slurm by its pipeline file, with the binary itself as the job")
    func commandLine() async throws {
        try await Self.withCluster { cluster in
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            _ = try folder.write(
                """
                name: cli
                steps:
                  hello:
                    uses: command
                    executor: { kind: slurm, partition: debug }
                    resources: { cpus: 1, memory: 100M, time: 5m }
                    run: echo "from job $SLURM_JOB_ID" > "$OUTPUT_o"
                    outputs: [o]
                """, to: "p.yaml")
            let output = folder.url.appendingPathComponent("output.txt")
            let process = ChildProcess(
                executable: Self.binary, arguments: ["run", "p.yaml", "--store", folder.url.appendingPathComponent("runs").path],
                environment: cluster.environment, workingDirectory: folder.url, outputFile: output)
            let termination = try await process.run()
            #expect(termination == .exited(0), "\((try? String(contentsOf: output, encoding: .utf8)) ?? "")")
            #expect(try await cluster.jobStates(named: "orchestrate-cli-hello") == ["COMPLETED"])
            let store = try Store(root: folder.url.appendingPathComponent("runs"))
            let artifact = try #require(try store.latestArtifact(pipeline: "cli", name: "o"))
            #expect(
                try String(contentsOf: store.blobs.location(ofSHA256: artifact.sha256), encoding: .utf8).hasPrefix("from job "))
        }
    }

    @Test("resume after the engine was killed waits for the job still running instead of submitting it again")
    func resumeAdoptsRunningJob() async throws {
        try await Self.withCluster { cluster in
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            _ = try folder.write(
                """
                name: adopted
                steps:
                  work:
                    uses: command
                    executor: slurm
                    run: |
                      touch "$ORCHESTRATE_PROJECT_DIR/started"
                      while [ ! -e "$ORCHESTRATE_PROJECT_DIR/release" ]; do sleep 0.2; done
                      echo "job $SLURM_JOB_ID" > "$OUTPUT_o"
                    outputs: [o]
                """, to: "p.yaml")
            let storePath = folder.url.appendingPathComponent("runs").path
            let output = folder.url.appendingPathComponent("output.txt")
            func orchestrate(_ command: String) -> ChildProcess {
                ChildProcess(
                    executable: "/bin/sh", arguments: ["-c", command], environment: cluster.environment,
                    workingDirectory: folder.url, outputFile: output)
            }
            // The engine in the background, its pid kept, so that it can be killed without a chance to clean up.
            let first = orchestrate(
                "\(SlurmBatchJob.quoted(Self.binary)) run p.yaml --store \(SlurmBatchJob.quoted(storePath)) & echo $! > engine.pid; wait"
            )
            let engine = Task { try await first.run() }
            try await cluster.waitFor("the job to start") {
                FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("started").path)
            }
            let pid = try #require(
                Int32(
                    try contents(of: folder.url.appendingPathComponent("engine.pid")).trimmingCharacters(
                        in: .whitespacesAndNewlines)))
            kill(pid, SIGKILL)
            _ = try await engine.value
            #expect(try await cluster.jobStates(named: "orchestrate-adopted-work") == ["RUNNING"])

            let store = try Store(root: URL(fileURLWithPath: storePath))
            let run = try #require(try store.listRuns(pipeline: "adopted", limit: 1).first)
            let second = orchestrate(
                "\(SlurmBatchJob.quoted(Self.binary)) resume \(run.id) --store \(SlurmBatchJob.quoted(storePath))"
            )
            let resume = Task { try await second.run() }
            let log = store.logsDirectory.appendingPathComponent(run.id).appendingPathComponent("work.log")
            try await cluster.waitFor("resume to find the running job") {
                ((try? contents(of: log)) ?? "").contains("of an earlier attempt is still RUNNING")
            }
            try Data().write(to: folder.url.appendingPathComponent("release"))
            #expect(try await resume.value == .exited(0), "\((try? contents(of: output)) ?? "")")
            // One job did the work for both engines.
            #expect(try await cluster.jobStates(named: "orchestrate-adopted-work") == ["COMPLETED"])
            let artifact = try #require(try store.latestArtifact(pipeline: "adopted", name: "o"))
            #expect(try contents(of: store.blobs.location(ofSHA256: artifact.sha256)).hasPrefix("job "))
        }
    }
}
