import ArtifactStore
import Foundation
import Orchestrator
import Steps
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The `command` step, run through the engine as pipelines use it.
@Suite("CommandStep")
struct CommandStepTests {
    @Test("inputs arrive in INPUT_name, outputs are written to OUTPUT_name with metadata from METADATA_name")
    func environmentPorts() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            """
            name: ports
            steps:
              make:
                uses: command
                run: |
                  printf hello > "$OUTPUT_greeting"
                  printf '{"count": 3, "lang": "en"}' > "$METADATA_greeting"
                outputs: { greeting: text }
              shout:
                uses: command
                inputs: { words: make.greeting }
                run: |
                  tr a-z A-Z < "$INPUT_words" > "$OUTPUT_loud"
                  printf '%s' "$INPUT_words" > "$OUTPUT_path"
                outputs: [loud, path]
            """)

        #expect(run.status == .succeeded)
        let greeting = try #require(try fixture.artifact("make", "greeting", in: run))
        #expect(greeting.type == "text")
        #expect(greeting.metadataValue == ["count": 3, "lang": "en"])
        #expect(try fixture.text("shout", "loud", in: run) == "HELLO")
        #expect(try fixture.artifact("shout", "loud", in: run)?.type == "file")
        #expect(try fixture.text("shout", "path", in: run) == fixture.store.blobs.location(ofSHA256: greeting.sha256).path)
    }

    @Test("the command learns its run, pipeline, step, attempt and project from ORCHESTRATE_ variables")
    func orchestrateVariables() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            """
            name: vars
            steps:
              show:
                uses: command
                run: env | grep '^ORCHESTRATE_' | sort > "$OUTPUT_env"
                outputs: [env]
            """)
        #expect(
            try fixture.text("show", "env", in: run) == """
                ORCHESTRATE_ATTEMPT=1
                ORCHESTRATE_PIPELINE=vars
                ORCHESTRATE_PROJECT_DIR=\(fixture.project.path)
                ORCHESTRATE_RUN_ID=\(run.id)
                ORCHESTRATE_STEP=show

                """)
    }

    @Test("the command runs in a fresh, empty working folder, also on a retry")
    func freshWorkingFolder() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            """
            name: cwd
            steps:
              look:
                uses: command
                retries: 1
                retry_delay: 10ms
                run: |
                  if [ "$ORCHESTRATE_ATTEMPT" = 1 ]; then touch leftover; exit 1; fi
                  ls -A > "$OUTPUT_listing"
                  pwd > "$OUTPUT_cwd"
                outputs: [listing, cwd]
            """)
        #expect(run.status == .succeeded)
        #expect(try fixture.step("look", of: run)?.attempt == 2)
        #expect(try fixture.text("look", "listing", in: run) == "")
        let cwd = try #require(try fixture.text("look", "cwd", in: run))
        #expect(cwd.hasPrefix(fixture.store.workDirectory.appendingPathComponent(run.id).path + "/"))
        #expect(cwd != fixture.project.path + "\n")
    }

    @Test("a non-zero exit fails the step with the status and the last lines the command printed")
    func nonZeroExit() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            """
            name: exit
            steps:
              fail:
                uses: command
                run: echo one; echo two; echo three >&2; echo four; exit 3
                outputs: [out]
            """)
        #expect(run.status == .failed)
        #expect(try fixture.step("fail", of: run)?.error == "command exited with status 3: two | three | four")
        let log = fixture.store.logsDirectory.appendingPathComponent(run.id).appendingPathComponent("fail.log")
        #expect(try String(contentsOf: log, encoding: .utf8).contains("one\ntwo\nthree\nfour\n"))
    }

    @Test("a command killed by a signal fails with the signal")
    func killedBySignal() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            """
            name: signal
            steps:
              die: { uses: command, run: "echo bye; kill -9 $$", outputs: [out] }
            """)
        #expect(try fixture.step("die", of: run)?.error == "command was killed by signal 9: bye")
    }

    @Test("a declared output the command did not write fails with a clear message")
    func missingOutput() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            """
            name: missing
            steps:
              lazy: { uses: command, run: "true", outputs: [report] }
            """)
        #expect(run.status == .failed)
        #expect(
            try fixture.step("lazy", of: run)?.error
                == "declared output 'report' was not written: the command must create a file or folder at $OUTPUT_report")
    }

    @Test("metadata that is not a JSON object fails the step", arguments: ["not json", "[1, 2]"])
    func invalidMetadata(metadata: String) async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            """
            name: metadata
            steps:
              meta:
                uses: command
                run: |
                  echo data > "$OUTPUT_out"
                  echo '\(metadata)' > "$METADATA_out"
                outputs: [out]
            """)
        #expect(run.status == .failed)
        #expect(try fixture.step("meta", of: run)?.error == #"$METADATA_out must hold a JSON object, like {"count": 3}"#)
    }

    @Test("an output may be a folder")
    func folderOutput() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            """
            name: folder
            steps:
              tree:
                uses: command
                run: |
                  mkdir -p "$OUTPUT_data/sub"
                  printf a > "$OUTPUT_data/a.txt"
                  printf b > "$OUTPUT_data/sub/b.txt"
                outputs: { data: dataset }
              count:
                uses: command
                inputs: { data: tree.data }
                run: find "$INPUT_data" -type f | wc -l | tr -d ' ' > "$OUTPUT_files"
                outputs: [files]
            """)
        let data = try #require(try fixture.artifact("tree", "data", in: run))
        #expect(data.kind == .folder)
        #expect(data.type == "dataset")
        #expect(data.size == 2)
        #expect(try fixture.text("count", "files", in: run) == "2\n")
    }

    @Test("the env parameter adds variables, non-text values as JSON text")
    func envParameter() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            """
            name: env
            steps:
              greet:
                uses: command
                with: { env: { GREETING: hola, COUNT: 3, FLAG: true } }
                run: printf '%s %s %s' "$GREETING" "$COUNT" "$FLAG" > "$OUTPUT_out"
                outputs: [out]
            """)
        #expect(try fixture.text("greet", "out", in: run) == "hola 3 true")
    }

    @Test("the shell parameter chooses the program that runs the script")
    func shellParameter() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            """
            name: shell
            steps:
              which:
                uses: command
                with: { shell: /bin/bash }
                run: echo "${BASH_VERSION:+bash}" > "$OUTPUT_out"
                outputs: [out]
            """)
        #expect(try fixture.text("which", "out", in: run) == "bash\n")
    }

    @Test("a relative script path is read from the project, and editing the script changes the cache key")
    func projectScript() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let script = fixture.project.appendingPathComponent("scripts/make.sh")
        try FileManager.default.createDirectory(at: script.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("printf v1 > \"$1\"\n".utf8).write(to: script)
        let yaml = """
            name: scripted
            steps:
              make:
                uses: command
                run: sh scripts/make.sh "$OUTPUT_out"
                outputs: [out]
            """

        let first = try await fixture.run(yaml)
        #expect(try fixture.text("make", "out", in: first) == "v1")

        let second = try await fixture.run(yaml)
        #expect(try fixture.step("make", of: second)?.status == .cached)
        #expect(try fixture.step("make", of: second)?.cacheKey == fixture.step("make", of: first)?.cacheKey)

        try Data("printf v2 > \"$1\"\n".utf8).write(to: script)
        let third = try await fixture.run(yaml)
        #expect(try fixture.step("make", of: third)?.status == .succeeded)
        #expect(try fixture.step("make", of: third)?.cacheKey != fixture.step("make", of: first)?.cacheKey)
        #expect(try fixture.text("make", "out", in: third) == "v2")
    }

    @Test("changing the script text or the declared outputs changes the cache key")
    func scriptTextIsKeyed() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let base = "name: k\nsteps:\n  a: { uses: command, run: \"echo 1 > $OUTPUT_out\", outputs: [out] }\n"
        let first = try await fixture.run(base)
        let otherScript = try await fixture.run(base.replacingOccurrences(of: "echo 1", with: "echo 2"))
        let otherType = try await fixture.run(base.replacingOccurrences(of: "outputs: [out]", with: "outputs: { out: report }"))
        let keys = try [first, otherScript, otherType].map { try fixture.step("a", of: $0)?.cacheKey }
        #expect(Set(keys).count == 3)
        #expect(try fixture.step("a", of: otherType)?.status == .succeeded)
    }

    @Test("a timeout kills the command's whole process group, background children included", .timeLimit(.minutes(1)))
    func timeoutKillsProcessGroup() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let pidFile = fixture.folder.url.appendingPathComponent("child.pid")
        let run = try await fixture.run(
            """
            name: timeout
            steps:
              hang:
                uses: command
                timeout: 1s
                run: |
                  sleep 120 &
                  echo $! > '\(pidFile.path)'
                  wait
                outputs: [out]
            """)

        let step = try #require(try fixture.step("hang", of: run))
        #expect(step.status == .failed)
        #expect(step.error == "timed out after 1.0s")
        #expect(try #require(step.duration) < 60)

        let text = try String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let pid = try #require(pid_t(text))
        // SIGTERM goes to the group at once and SIGKILL follows after a grace period; allow for both.
        var alive = isRunning(pid)
        for _ in 0..<100 where alive {
            try await Task.sleep(nanoseconds: 100_000_000)
            alive = isRunning(pid)
        }
        #expect(alive == false, "the backgrounded sleep (pid \(pid)) survived the timeout")
    }

    /// Whether a process exists and is not a zombie (a killed child nobody has reaped yet).
    private func isRunning(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        let state = stat.split(separator: ")").last?.split(separator: " ").first
        return state != "Z"
    }
}
