import Foundation
import Testing

/// `runs show RUN --explain STEP`: why a step re-ran, or which run it reused.
@Suite("explaining re-runs")
struct ExplainTests {
    func project() throws -> TestProject {
        try CachingTests().project()
    }

    /// The id of the run `run ARGS` recorded.
    func run(_ project: borrowing TestProject, _ arguments: String...) throws -> String {
        let result = try CLI.run(["run", "p.yaml", "--json"] + arguments, in: project.root)
        let run = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        return try #require(run.string("id"))
    }

    @Test("each step says whether it ran for the first time, what changed since the nearest earlier key, or which run it reused")
    func explainsReruns() throws {
        let project = try project()
        let first = try run(project)
        let firstShout = try project.run("runs", "show", first, "--explain", "shout")
        #expect(firstShout.status == 0, "\(firstShout.stderr)")
        #expect(
            firstShout.stdout.hasSuffix(
                "ran for the first time: no earlier run of pipeline 'cache' computed a cache key for this step\n"))

        let second = try run(project, "--param", "suffix=?")
        let changed = try project.run("runs", "show", String(second.prefix(8)), "--explain", "shout")
        let lines = changed.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(changed.stdout)")
        #expect(lines.first?.hasPrefix("step 'shout' of run \(second.prefix(8)): succeeded, cache key ") == true)
        #expect(lines.dropFirst().first?.hasPrefix("ran: its cache key differs from run \(first.prefix(8))'s (") == true)
        // `suffix` is interpolated into the script, so the script is what changed.
        #expect(lines.last == #"  parameter run changed: …"$OUTPUT_text" "!" → …"$OUTPUT_text" "?""#)

        let reused = try project.run("runs", "show", second, "--explain", "greet")
        #expect(reused.stdout.hasSuffix("reused the outputs of run \(first.prefix(8)) (same cache key)\n"))

        try project.write(
            "scripts/upper.py",
            """
            import sys
            text = open(sys.argv[1]).read().strip().lower()
            open(sys.argv[2], "w").write(text + sys.argv[3] + "\\n")
            """)
        let third = try run(project, "--param", "suffix=?")
        let edited = try #require(
            try project.json("runs", "show", third, "--explain", "shout") as? [String: Any])
        #expect(edited.string("verdict") == "changed")
        #expect(edited.string("step") == "shout")
        #expect(edited.string("run") == third)
        #expect((edited["compared_with"] as? [String: Any])?.string("run") == second)
        let differences = try #require(edited["differences"] as? [[String: Any]])
        #expect(differences.map { $0.string("text") } == ["file scripts/upper.py changed"])
        #expect(differences.first?.string("kind") == "file")
        #expect(differences.first?.string("name") == "scripts/upper.py")
    }

    @Test("with the cache off, and for a step the run does not have, the explanation says so")
    func cacheOffAndUnknownStep() throws {
        let project = try project()
        try project.run("run", "p.yaml")
        let uncached = try run(project, "--no-cache")
        let explained = try #require(try project.json("runs", "show", uncached, "--explain", "other") as? [String: Any])
        #expect(explained.string("verdict") == "cache_off")
        #expect(explained.string("reason")?.hasPrefix("ran because the run was started with the cache off (--no-cache)") == true)

        let unknown = try project.run("runs", "show", uncached, "--explain", "shuot")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("run \(uncached.prefix(8)) has no step 'shuot' (did you mean 'shout'?)"))
    }
}
