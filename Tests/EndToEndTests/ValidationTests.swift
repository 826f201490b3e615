import Foundation
import Testing

/// `orchestrate validate` names the file, line and column of each kind of mistake, exits 2,
/// and runs nothing.
@Suite("validate reports FILE:LINE:COL for every kind of error")
struct ValidationTests {
    static let expectations: [(fixture: String, line: String)] = [
        (
            "yaml-syntax",
            "5:11: YAML syntax error: mapping values are not allowed in this context (a ': ' inside a plain value starts a mapping; quote the value or write it as a block (run: |))"
        ),
        ("unknown-top-level-key", "2:1: unknown key 'paramters' (did you mean 'parameters'?)"),
        ("unknown-step-key", "6:5: unknown key 'retires' in step 'a' (did you mean 'retries'?)"),
        ("unknown-step-type", "4:11: step 'crawl' uses unknown step type 'comand' (did you mean 'command'?)"),
        ("missing-step", "9:26: step 'chunk' reads 'clen.documents', but no step 'clen' exists (did you mean 'clean'?)"),
        (
            "missing-output",
            "10:18: step 'chunk' reads 'clean.document', but step 'clean' has no output 'document' (did you mean 'documents'?)"
        ),
        ("cycle", "3:3: steps form a cycle: a → b → c → a (remove one of these inputs or 'after' edges)"),
        ("duplicate-step", "5:3: 'a' is defined more than once in the same mapping (first at line 3); names must be unique"),
        ("wrong-parameter-type", "7:12: parameter 'env' of step 'a' must be map, got int 3"),
        (
            "wrong-parameter-type-from-params",
            "8:20: parameter 'shell' of step 'a' must be string, got int 42 (from parameter 'shell')"
        ),
        ("bad-duration", "6:14: 'timeout' is not a duration (write it like 30s, 500ms, 15m, 2h or 1h30m)"),
        (
            "unknown-parameter-reference",
            "7:10: '${params.sise}' refers to a parameter that is not declared (did you mean 'size'?)"
        ),
        ("unknown-parameter-name", "6:13: step type 'command' has no parameter 'shel' (did you mean 'shell'?)"),
        (
            "bad-when",
            "9:11: 'when' of step 'b' is not a valid expression: the expression ends where a value was expected (at character 12)"
        ),
        ("missing-run", "3:3: step 'report' (command) needs 'run': the shell command to execute"),
        ("unknown-after", "6:20: step 'clean' runs after 'crwl', but no step 'crwl' exists (did you mean 'crawl'?)"),
        ("missing-steps", "1:1: missing 'steps': a pipeline needs at least one step"),
        (
            "own-artifact-reference",
            "9:26: step 'chunk' reads 'feature/clean.documents', an artifact of its own pipeline 'feature' (read it from the step that writes it: clean.documents)"
        ),
        (
            "bad-artifact-reference",
            "5:21: input 'data' reads 'datasets/preference.dataset@first': a version is a positive number or 'latest' (another pipeline's artifact is written pipeline/step.output, optionally with @latest or @VERSION)"
        ),
    ]

    static var fixtures: URL { CLI.packageRoot.appendingPathComponent("Tests/Fixtures/invalid") }

    @Test("each invalid fixture is reported at its exact line and column", arguments: expectations.map(\.fixture))
    func reportsLocation(fixture: String) throws {
        let expected = try #require(Self.expectations.first { $0.fixture == fixture }).line
        let path = "Tests/Fixtures/invalid/\(fixture).yaml"
        let result = try CLI.run(["validate", path], in: CLI.packageRoot)
        #expect(result.status == 2)
        #expect(
            result.stderr.split(separator: "\n").contains { $0 == "\(path):\(expected)" },
            "stderr was: \(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test("every fixture in the folder has an expectation")
    func fixturesAreCovered() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path).filter { $0.hasSuffix(".yaml") }
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(Self.expectations.map(\.fixture)))
    }

    @Test("several problems in one file are all reported, in file order")
    func reportsAll() throws {
        let project = try TestProject()
        try project.write(
            "p.yaml",
            """
            name: many
            steps:
              a:
                uses: comand
              b:
                uses: noop
                after: [x]
            """)
        let result = try project.run("validate", "p.yaml")
        #expect(result.status == 2)
        #expect(
            result.stderr == """
                p.yaml:4:11: step 'a' uses unknown step type 'comand' (did you mean 'command'?)
                p.yaml:7:13: step 'b' runs after 'x', but no step 'x' exists

                """)
    }

    @Test("run validates first: an invalid file runs nothing and creates no run")
    func runValidatesFirst() throws {
        let project = try TestProject()
        try project.write("p.yaml", "name: p\nsteps:\n  a:\n    uses: command\n    run: touch ran\n  b: { uses: nope }\n")
        let result = try project.run("run", "p.yaml")
        #expect(result.status == 2)
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("runs/orchestrate.sqlite").path))
    }

    @Test("a valid pipeline validates with exit 0 and its step order")
    func validPipeline() throws {
        let result = try CLI.run(["validate", "pipelines/feature.yaml"], in: CLI.packageRoot)
        #expect(result.status == 0)
        #expect(result.stdout.contains("pipeline 'feature' is valid (6 steps: crawl → clean → chunk → embed → report → index)"))
    }

    @Test("a missing file and a bad --param are usage errors with exit 2")
    func usageErrors() throws {
        let project = try TestProject()
        let missing = try project.run("run", "nope.yaml")
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope.yaml: no such file"))
        try project.write("p.yaml", "name: p\nparameters: { size: 3 }\nsteps:\n  a: { uses: noop }\n")
        let badType = try project.run("run", "p.yaml", "--param", "size=big")
        #expect(badType.status == 2)
        #expect(badType.stderr.contains("parameter 'size' must be a whole number (its default is 3), got 'big'"))
        let unknown = try project.run("run", "p.yaml", "--param", "sise=4")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("pipeline 'p' has no parameter 'sise' (did you mean 'size'?)"))
        let noEquals = try project.run("run", "p.yaml", "--param", "size")
        #expect(noEquals.status == 2)
    }
}
