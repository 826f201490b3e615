import Foundation
import Testing

/// A re-run with nothing changed runs nothing; a change re-runs exactly what depends on it.
@Suite("caching and invalidation")
struct CachingTests {
    static let pipeline = """
        name: cache
        parameters:
          greeting: hello
          suffix: "!"
        steps:
          greet:
            uses: command
            run: echo "${params.greeting}" > "$OUTPUT_text"; echo run >> "$ORCHESTRATE_PROJECT_DIR/greet.count"
            outputs: [text]
          shout:
            uses: command
            inputs: { text: greet.text }
            run: python3 scripts/upper.py "$INPUT_text" "$OUTPUT_text" "${params.suffix}"
            outputs: [text]
          other:
            uses: command
            run: echo independent > "$OUTPUT_text"
            outputs: [text]
        """

    func project() throws -> TestProject {
        let project = try TestProject()
        try project.write("p.yaml", Self.pipeline)
        try project.write(
            "scripts/upper.py",
            """
            import sys
            text = open(sys.argv[1]).read().strip().upper()
            open(sys.argv[2], "w").write(text + sys.argv[3] + "\\n")
            """)
        return project
    }

    @Test("a second run with nothing changed records every step cached and runs none")
    func fullyCached() throws {
        let project = try project()
        let first = try #require(try project.json("run", "p.yaml") as? [String: Any])
        #expect(statuses(first) == ["greet": "succeeded", "shout": "succeeded", "other": "succeeded"])
        let second = try #require(try project.json("run", "p.yaml") as? [String: Any])
        #expect(statuses(second) == ["greet": "cached", "shout": "cached", "other": "cached"])
        #expect(try project.read("greet.count") == "run\n")
        // Cached steps report the same cache keys and the same artifact versions.
        #expect(second.step("shout")["cache_key"] as? String == first.step("shout")["cache_key"] as? String)
        let output = try #require((second.step("shout")["outputs"] as? [[String: Any]])?.first)
        #expect(output["version"] as? Int == 1)
        #expect(output["name"] as? String == "shout.text")
    }

    @Test("changing one parameter re-runs only the step that uses it and its dependents")
    func parameterChange() throws {
        let project = try project()
        try project.run("run", "p.yaml")
        let changed = try project.json("run", "p.yaml", "--param", "suffix=?")
        #expect(statuses(changed) == ["greet": "cached", "shout": "succeeded", "other": "cached"])
        let upstream = try project.json("run", "p.yaml", "--param", "greeting=bye")
        #expect(statuses(upstream) == ["greet": "succeeded", "shout": "succeeded", "other": "cached"])
    }

    @Test("editing a script the command names re-runs that step")
    func scriptChange() throws {
        let project = try project()
        try project.run("run", "p.yaml")
        try project.write(
            "scripts/upper.py",
            """
            import sys
            text = open(sys.argv[1]).read().strip().lower()
            open(sys.argv[2], "w").write(text + sys.argv[3] + "\\n")
            """)
        let rerun = try project.json("run", "p.yaml")
        #expect(statuses(rerun) == ["greet": "cached", "shout": "succeeded", "other": "cached"])
    }

    @Test("an upstream output with the same content keeps its version and its dependents stay cached")
    func sameContentSameVersion() throws {
        let project = try project()
        try project.run("run", "p.yaml")
        let noCache = try #require(try project.json("run", "p.yaml", "--no-cache") as? [String: Any])
        #expect(statuses(noCache) == ["greet": "succeeded", "shout": "succeeded", "other": "succeeded"])
        let output = try #require((noCache.step("greet")["outputs"] as? [[String: Any]])?.first)
        #expect(output["version"] as? Int == 1)
        #expect(try project.read("greet.count") == "run\nrun\n")
    }

    @Test("cache: false on a step always runs it, and only it")
    func perStepCacheOff() throws {
        let project = try project()
        try project.write(
            "p.yaml",
            Self.pipeline.replacingOccurrences(
                of: "    outputs: [text]\n  shout:", with: "    outputs: [text]\n    cache: false\n  shout:"))
        try project.run("run", "p.yaml")
        let second = try project.json("run", "p.yaml")
        // greet runs again but writes the same text, so shout's input hash is unchanged: cached.
        #expect(statuses(second) == ["greet": "succeeded", "shout": "cached", "other": "cached"])
    }

    @Test("a pipeline run from another folder reads its scripts from its project, and shares the cache")
    func runFromElsewhere() throws {
        let project = try project()
        try project.write("pipelines/p.yaml", Self.pipeline)
        let first = try project.run("run", "pipelines/p.yaml")
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        let elsewhere = project.root.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let result = try CLI.run(
            ["run", project.root.appendingPathComponent("pipelines/p.yaml").path, "--store", "../runs", "--json"], in: elsewhere)
        let run = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(statuses(run) == ["greet": "cached", "shout": "cached", "other": "cached"])
    }

    @Test("an import re-runs when the file it imports changes, and stays cached while it does not")
    func importedFileChange() throws {
        let project = try TestProject()
        try project.write("docs.jsonl", "{\"id\": \"d1\", \"author\": \"Ada\", \"kind\": \"post\", \"content\": \"First.\"}\n")
        try project.write("p.yaml", "name: imports\nsteps:\n  load: { uses: import, with: { path: docs.jsonl } }\n")
        #expect(statuses(try project.json("run", "p.yaml")) == ["load": "succeeded"])
        #expect(statuses(try project.json("run", "p.yaml")) == ["load": "cached"])
        try project.write("docs.jsonl", "{\"id\": \"d1\", \"author\": \"Ada\", \"kind\": \"post\", \"content\": \"Second.\"}\n")
        #expect(statuses(try project.json("run", "p.yaml")) == ["load": "succeeded"])
    }
}
