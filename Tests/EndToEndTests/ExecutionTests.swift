import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Parallel scheduling, retries, timeouts and failure handling, seen from the command line.
@Suite("execution")
struct ExecutionTests {
    static let twoSleeps = """
        name: sleeps
        steps:
          left:
            uses: command
            run: sleep 1; echo left > "$OUTPUT_o"
            outputs: [o]
          right:
            uses: command
            run: sleep 1; echo right > "$OUTPUT_o"
            outputs: [o]
        """

    func interval(_ run: [String: Any], _ step: String) throws -> ClosedRange<Date> {
        let start = try #require(instant(run.step(step)["started_at"]))
        let end = try #require(instant(run.step(step)["finished_at"]))
        return start...end
    }

    @Test("independent steps run at the same time with --max-parallel 2")
    func parallel() throws {
        let project = try TestProject()
        try project.write("p.yaml", Self.twoSleeps)
        let run = try #require(try project.json("run", "p.yaml", "--max-parallel", "2") as? [String: Any])
        #expect(run.string("status") == "succeeded")
        let (left, right) = (try interval(run, "left"), try interval(run, "right"))
        #expect(left.overlaps(right))
    }

    @Test("with --max-parallel 1 they run one after the other")
    func serial() throws {
        let project = try TestProject()
        try project.write("p.yaml", Self.twoSleeps)
        let run = try #require(try project.json("run", "p.yaml", "--max-parallel", "1") as? [String: Any])
        let (left, right) = (try interval(run, "left"), try interval(run, "right"))
        #expect(!left.overlaps(right))
    }

    @Test("a failing step retries with back-off and succeeds on its third attempt")
    func retries() throws {
        let project = try TestProject()
        try project.write(
            "p.yaml",
            """
            name: flaky
            steps:
              flaky:
                uses: command
                run: |
                  echo try >> "$ORCHESTRATE_PROJECT_DIR/tries"
                  [ "$(wc -l < "$ORCHESTRATE_PROJECT_DIR/tries")" -ge 3 ] && echo ok > "$OUTPUT_o"
                outputs: [o]
                retries: 3
                retry_delay: 50ms
            """)
        let run = try #require(try project.json("run", "p.yaml") as? [String: Any])
        #expect(run.string("status") == "succeeded")
        #expect(run.step("flaky")["attempt"] as? Int == 3)
        #expect(try project.read("tries") == "try\ntry\ntry\n")
    }

    @Test("retries run out: the step fails with the command's status and last output, exit 1")
    func retriesExhausted() throws {
        let project = try TestProject()
        try project.write(
            "p.yaml",
            """
            name: broken
            steps:
              broken:
                uses: command
                run: echo "no such table" >&2; exit 3
                retries: 1
                retry_delay: 10ms
            """)
        let result = try project.run("run", "p.yaml")
        #expect(result.status == 1)
        #expect(result.stdout.contains("broken"))
        #expect(result.stdout.contains("command exited with status 3: no such table"))
        #expect(result.stdout.contains("see the log: orchestrate runs logs"))
    }

    @Test("a timeout kills the step and every process it started")
    func timeoutKillsProcessGroup() throws {
        let project = try TestProject()
        try project.write(
            "p.yaml",
            """
            name: slow
            steps:
              slow:
                uses: command
                run: sleep 60 & echo $! > "$ORCHESTRATE_PROJECT_DIR/child.pid"; sleep 60
                timeout: 1s
            """)
        let run = try #require(try project.json("run", "p.yaml") as? [String: Any])
        #expect(run.string("status") == "failed")
        #expect(run.step("slow")["error"] as? String == "timed out after 1.0s")
        let pid = try #require(Int32(try project.read("child.pid").trimmingCharacters(in: .whitespacesAndNewlines)))
        var alive = kill(pid, 0) == 0
        for _ in 0..<50 where alive {
            usleep(100_000)
            alive = kill(pid, 0) == 0
        }
        #expect(!alive, "the backgrounded child \(pid) outlived the timeout")
    }

    @Test("dependents of a failed step are skipped while an independent branch finishes")
    func failureSkipsDependents() throws {
        let project = try TestProject()
        try project.write(
            "p.yaml",
            """
            name: branches
            steps:
              bad: { uses: command, run: exit 1, outputs: [o] }
              after_bad: { uses: command, inputs: { i: bad.o }, run: "true" }
              good: { uses: command, run: sleep 0.5; echo > "$OUTPUT_o", outputs: [o] }
            """)
        let run = try project.json("run", "p.yaml")
        #expect(statuses(run) == ["bad": "failed", "after_bad": "skipped", "good": "succeeded"])
        let failFast = try project.json("run", "p.yaml", "--fail-fast", "--no-cache")
        #expect(statuses(failFast)["good"] == "cancelled")
        #expect(statuses(failFast)["after_bad"] == "skipped" || statuses(failFast)["after_bad"] == "cancelled")
    }

    @Test("a declared output the command did not write fails the step with a clear message")
    func missingOutput() throws {
        let project = try TestProject()
        try project.write("p.yaml", "name: p\nsteps:\n  a: { uses: command, run: echo hi, outputs: [report] }\n")
        let run = try #require(try project.json("run", "p.yaml") as? [String: Any])
        #expect(
            run.step("a")["error"] as? String
                == "declared output 'report' was not written: the command must create a file or folder at $OUTPUT_report")
    }

    @Test("a when guard reads upstream metadata and skips the step when false")
    func whenGuard() throws {
        let project = try TestProject()
        try project.write(
            "p.yaml",
            """
            name: guard
            parameters: { min: 5 }
            steps:
              count:
                uses: command
                run: |
                  echo 3 > "$OUTPUT_o"; echo '{"count": 3}' > "$METADATA_o"
                outputs: [o]
              big: { uses: noop, when: "count.o.count >= params.min" }
              small: { uses: noop, when: "count.o.count < params.min and count.o.size > 0" }
            """)
        #expect(statuses(try project.json("run", "p.yaml")) == ["count": "succeeded", "big": "skipped", "small": "succeeded"])
    }

    @Test("steps receive folders as inputs and may produce folders as outputs")
    func folders() throws {
        let project = try TestProject()
        try project.write(
            "p.yaml",
            """
            name: folders
            steps:
              make:
                uses: command
                run: mkdir -p "$OUTPUT_dir/sub" && echo a > "$OUTPUT_dir/a.txt" && echo b > "$OUTPUT_dir/sub/b.txt"
                outputs: { dir: dataset }
              read:
                uses: command
                inputs: { dir: make.dir }
                run: cat "$INPUT_dir/a.txt" "$INPUT_dir/sub/b.txt" > "$OUTPUT_joined"
                outputs: [joined]
            """)
        let run = try #require(try project.json("run", "p.yaml") as? [String: Any])
        #expect(run.string("status") == "succeeded")
        let export = try project.run("artifacts", "export", "read.joined", "joined.txt")
        #expect(export.status == 0)
        #expect(try project.read("joined.txt") == "a\nb\n")
        let folder = try #require((run.step("make")["outputs"] as? [[String: Any]])?.first)
        #expect(folder["kind"] as? String == "folder")
        #expect(folder["type"] as? String == "dataset")
    }
}
