import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A killed run loses nothing: it is reported interrupted and `resume` finishes it; several
/// processes share one store safely.
@Suite("recovery and concurrency")
struct RecoveryTests {
    static let chain = """
        name: chain
        steps:
          one:
            uses: command
            run: echo one >> "$ORCHESTRATE_PROJECT_DIR/one.count"; echo 1 > "$OUTPUT_o"
            outputs: [o]
          two:
            uses: command
            inputs: { i: one.o }
            run: touch "$ORCHESTRATE_PROJECT_DIR/two.started"; sleep 2; cat "$INPUT_i" > "$OUTPUT_o"
            outputs: [o]
          three:
            uses: command
            inputs: { i: two.o }
            run: cat "$INPUT_i" > "$OUTPUT_o"; echo 3 >> "$OUTPUT_o"
            outputs: [o]
        """

    @Test("kill -9 in the middle of a run leaves an interrupted run that resume finishes without redoing succeeded steps")
    func killAndResume() throws {
        let project = try TestProject()
        try project.write("p.yaml", Self.chain)
        let started = try CLI.start(["run", "p.yaml"], in: project.root)
        let marker = project.root.appendingPathComponent("two.started")
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: marker.path) { usleep(50_000) }
        #expect(FileManager.default.fileExists(atPath: marker.path))
        kill(started.process.processIdentifier, SIGKILL)
        started.process.waitUntilExit()
        _ = started.finish()

        let runs = try #require(try project.json("runs", "list") as? [[String: Any]])
        let id = try #require(runs.first?.string("id"))
        #expect(runs.first?.string("status") == "interrupted")
        let shown = try project.run("runs", "show", String(id.prefix(6)))
        #expect(shown.stdout.contains("status    interrupted  (resume it: orchestrate resume \(id.prefix(8)))"))

        let resumed = try #require(try project.json("resume", String(id.prefix(6))) as? [String: Any])
        #expect(resumed.string("id") == id)
        #expect(resumed.string("status") == "succeeded")
        #expect(statuses(resumed) == ["one": "succeeded", "two": "succeeded", "three": "succeeded"])
        #expect(resumed.step("one")["attempt"] as? Int == 1)
        #expect(resumed.step("two")["attempt"] as? Int == 2)
        #expect(try project.read("one.count") == "one\n")
        let verify = try project.run("artifacts", "verify")
        #expect(verify.status == 0)
        let again = try project.run("resume", id)
        #expect(again.status == 2)
        #expect(again.stderr.contains("already succeeded; nothing to resume"))
    }

    @Test("resume finishes a failed run once the cause is fixed, keeping what succeeded")
    func resumeFailed() throws {
        let project = try TestProject()
        try project.write(
            "p.yaml",
            """
            name: fixable
            steps:
              one: { uses: command, run: echo one >> "$ORCHESTRATE_PROJECT_DIR/count"; echo 1 > "$OUTPUT_o", outputs: [o] }
              two: { uses: command, inputs: { i: one.o }, run: test -f "$ORCHESTRATE_PROJECT_DIR/fixed" && cp "$INPUT_i" "$OUTPUT_o", outputs: [o] }
            """)
        let failed = try #require(try project.json("run", "p.yaml") as? [String: Any])
        #expect(failed.string("status") == "failed")
        try project.write("fixed", "")
        let failedID = try #require(failed.string("id"))
        let resumed = try #require(try project.json("resume", failedID) as? [String: Any])
        #expect(statuses(resumed) == ["one": "succeeded", "two": "succeeded"])
        #expect(try project.read("count") == "one\n")
    }

    @Test("two runs on one store at the same time both succeed and the store stays consistent")
    func concurrentRuns() throws {
        let project = try TestProject()
        var pipeline = "name: busy\nparameters: { tag: x }\nsteps:\n"
        for index in 1...8 {
            pipeline +=
                "  s\(index):\n    uses: command\n    run: head -c 20000 /dev/urandom > \"$OUTPUT_o\"; echo ${params.tag} >> \"$OUTPUT_o\"\n    outputs: [o]\n"
        }
        try project.write("p.yaml", pipeline)
        let first = try CLI.start(["run", "p.yaml", "--param", "tag=a"], in: project.root)
        let second = try CLI.start(["run", "p.yaml", "--param", "tag=b"], in: project.root)
        first.process.waitUntilExit()
        second.process.waitUntilExit()
        let (a, b) = (first.finish(), second.finish())
        #expect(a.status == 0, "\(a.stdout)\(a.stderr)")
        #expect(b.status == 0, "\(b.stdout)\(b.stderr)")
        let artifacts = try #require(try project.json("artifacts", "list", "--limit", "100") as? [[String: Any]])
        #expect(artifacts.count == 16)
        // Versions of each name are 1 and 2: never assigned twice.
        let versions = Dictionary(grouping: artifacts, by: { $0.string("name") ?? "" }).mapValues {
            Set($0.compactMap { $0["version"] as? Int })
        }
        #expect(versions.values.allSatisfy { $0 == [1, 2] })
        #expect(try project.run("artifacts", "verify").status == 0)
    }
}
