import Foundation
import Testing

/// Reproducing past runs, lineage, artifact references and store maintenance.
@Suite("reproduce, lineage and artifacts")
struct HistoryTests {
    static let pipeline = """
        name: lineage
        parameters: { n: 3 }
        steps:
          source:
            uses: command
            run: |
              seq 1 ${params.n} > "$OUTPUT_numbers"; echo '{"count": ${params.n}}' > "$METADATA_numbers"
            outputs: { numbers: dataset }
          double:
            uses: command
            inputs: { numbers: source.numbers }
            run: awk '{ print $1 * 2 }' "$INPUT_numbers" > "$OUTPUT_numbers"
            outputs: { numbers: dataset }
          total:
            uses: command
            inputs: { a: source.numbers, b: double.numbers }
            run: cat "$INPUT_a" "$INPUT_b" | awk '{ s += $1 } END { print s }' > "$OUTPUT_sum"
            outputs: { sum: report }
        """

    @Test("reproduce re-runs the recorded spec after the file was edited and deleted, and all hashes match")
    func reproduceAfterEdit() throws {
        let project = try TestProject()
        try project.write("p.yaml", Self.pipeline)
        let original = try #require(try project.json("run", "p.yaml", "--param", "n=4") as? [String: Any])
        let id = try #require(original.string("id"))
        try project.write("p.yaml", Self.pipeline.replacingOccurrences(of: "* 2", with: "* 3"))
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("p.yaml"))

        let result = try project.run("reproduce", String(id.prefix(7)))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("all outputs reproduced exactly"))
        let report = try #require(try project.json("reproduce", id) as? [String: Any])
        #expect(report["all_match"] as? Bool == true)
        #expect(report.string("reproduces") == id)
        #expect(report.string("trigger") == "reproduce")
        let comparison = try #require(report["comparison"] as? [[String: Any]])
        #expect(comparison.map { $0["verdict"] as? String } == ["match", "match", "match"])
        // Parameters come from the record: n=4, not the file's default 3.
        #expect((report["parameters"] as? [String: Any])?["n"] as? Int == 4)
        // The reproduction ran every step (cache off).
        #expect(statuses(report) == ["source": "succeeded", "double": "succeeded", "total": "succeeded"])
    }

    @Test("reproduce exits 1 and names the step whose output changed")
    func reproduceDiffers() throws {
        let project = try TestProject()
        try project.write(
            "p.yaml",
            """
            name: clock
            steps:
              now: { uses: command, run: date +%s%N > "$OUTPUT_t", outputs: [t] }
            """)
        let original = try #require(try project.json("run", "p.yaml") as? [String: Any])
        let result = try project.run("reproduce", try #require(original.string("id")))
        #expect(result.status == 1)
        #expect(result.stdout.contains("differs"))
        #expect(result.stdout.contains("some outputs differ"))
    }

    @Test("lineage shows where an artifact came from, and what was made from one")
    func lineage() throws {
        let project = try TestProject()
        try project.write("p.yaml", Self.pipeline)
        let run = try #require(try project.json("run", "p.yaml") as? [String: Any])
        let short = String(try #require(run.string("id")).prefix(8))

        let upstream = try project.run("lineage", "total.sum")
        #expect(upstream.status == 0)
        let lines = upstream.stdout.split(separator: "\n").map { String($0) }
        #expect(lines.first?.hasPrefix("lineage/total.sum@1  report  sha256:") == true)
        #expect(lines.contains("└─ total (command)  run \(short)  succeeded"))
        #expect(lines.contains { $0.hasPrefix("   ├─ a ← lineage/source.numbers@1  dataset") })
        #expect(lines.contains { $0.hasPrefix("   └─ b ← lineage/double.numbers@1  dataset") })

        let downstream = try project.run("lineage", "source.numbers", "--downstream")
        #expect(downstream.stdout.contains("double (command)"))
        #expect(downstream.stdout.contains("→ lineage/total.sum@1"))

        let graph = try #require(
            try CLI.run(["lineage", "lineage/total.sum@latest", "--format", "json"], in: project.root).stdout.data(using: .utf8))
        let json = try #require(try JSONSerialization.jsonObject(with: graph) as? [String: Any])
        #expect((json["artifacts"] as? [Any])?.count == 3)
        #expect((json["step_runs"] as? [Any])?.count == 3)
        let dot = try project.run("lineage", "total.sum", "--format", "dot")
        #expect(dot.stdout.hasPrefix("digraph lineage {"))
        #expect(dot.stdout.contains("[label=\"numbers\"]"))
    }

    @Test("artifacts are found by name, name@version, pipeline/name@latest, sha256 prefix and id prefix")
    func references() throws {
        let project = try TestProject()
        try project.write("p.yaml", Self.pipeline)
        try project.run("run", "p.yaml")
        try project.run("run", "p.yaml", "--param", "n=5")
        func show(_ reference: String) throws -> [String: Any] {
            try #require(try project.json("artifacts", "show", reference) as? [String: Any])
        }
        #expect(try show("source.numbers")["version"] as? Int == 2)
        #expect(try show("source.numbers@1")["version"] as? Int == 1)
        #expect(try show("lineage/total.sum@latest")["version"] as? Int == 2)
        let first = try show("total.sum@1")
        let sha = try #require(first.string("sha256"))
        #expect(try show("sha256:\(sha.prefix(10))").string("id") == first.string("id"))
        let id = try #require(first.string("id"))
        #expect(try show(String(id.prefix(6))).string("sha256") == sha)
        let ambiguous = try project.run("artifacts", "show", "numbers")
        #expect(ambiguous.status == 2)
        #expect(ambiguous.stderr.contains("'numbers' matches 2 artifacts"))
        let missing = try project.run("artifacts", "show", "nothing@3")
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no artifact matches 'nothing@3'"))
    }

    @Test("verify detects a blob whose content changed, and gc removes only unreferenced blobs")
    func verifyAndGC() throws {
        let project = try TestProject()
        try project.write("p.yaml", Self.pipeline)
        try project.run("run", "p.yaml")
        #expect(try project.run("artifacts", "verify").status == 0)
        let artifact = try #require(try project.json("artifacts", "show", "total.sum") as? [String: Any])
        let path = try #require(artifact.string("path"))
        try CLI.shell("chmod u+w '\(path)' && echo tampered > '\(path)'")
        let verify = try project.run("artifacts", "verify")
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("content changed"))
        #expect(verify.stdout.contains("lineage/total.sum@1"))

        let stray = project.root.appendingPathComponent("runs/blobs/sha256/00/00/0000stray")
        try FileManager.default.createDirectory(at: stray.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "orphan".write(to: stray, atomically: false, encoding: .utf8)
        let gc = try project.run("gc", "--min-age", "0s")
        #expect(gc.stdout.hasPrefix("removed 1 unreferenced blob"))
        #expect(!FileManager.default.fileExists(atPath: stray.path))
        #expect(FileManager.default.fileExists(atPath: path))
    }
}
