import Foundation
import Testing

/// What a user sees when a command cannot do what was asked: the whole standard error text and the exit
/// code, through the built binary. Errors are one `error:` line and a `hint:` line saying what to do.
@Suite("error reporting")
struct ErrorReportingTests {
    static let pipeline = "name: p\nparameters: { size: 3 }\nsteps:\n  a: { uses: noop }\n"

    @Test("a --store folder that holds no store says so, and what --store names")
    func missingStore() throws {
        let project = try TestProject()
        let result = try project.run("runs", "list", "--store", "nowhere")
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(
            result.stderr == """
                error: no store at nowhere/
                hint: --store names the folder a run created (the default is ./runs)

                """)
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("nowhere").path))
    }

    @Test("a --store that is a file cannot hold a store, for reading or for a run")
    func storeIsAFile() throws {
        let project = try TestProject()
        try project.write("p.yaml", Self.pipeline)
        try project.write("taken", "not a folder\n")
        let read = try project.run("runs", "list", "--store", "taken")
        #expect(read.status == 2)
        #expect(
            read.stderr == """
                error: the store taken is a file, not a folder
                hint: --store names the folder a run created (the default is ./runs)

                """)
        let run = try project.run("run", "p.yaml", "--store", "taken")
        #expect(run.status == 2)
        #expect(
            run.stderr == """
                error: \(project.root.path)/taken: cannot create the store folder: a file is in the way
                hint: move the file away, or choose another folder with --store

                """)
    }

    @Test("an unknown run id names the id and the command that lists runs")
    func unknownRun() throws {
        let project = try TestProject()
        try project.write("p.yaml", Self.pipeline)
        try project.run("run", "p.yaml")
        let expected = """
            error: no run matches 'zzzz'
            hint: `orchestrate runs list` shows the runs in \(project.root.path)/runs

            """
        for command in [["runs", "show", "zzzz"], ["resume", "zzzz"], ["reproduce", "zzzz"], ["runs", "logs", "zzzz"]] {
            let result = try CLI.run(command, in: project.root)
            #expect(result.status == 2, "\(command)")
            #expect(result.stderr == expected, "\(command)")
        }
    }

    @Test("a --param of the wrong type, an undeclared one, and one without '=' are usage errors")
    func badParameters() throws {
        let project = try TestProject()
        try project.write("p.yaml", Self.pipeline)
        let wrongType = try project.run("run", "p.yaml", "--param", "size=big")
        #expect(wrongType.status == 2)
        #expect(
            wrongType.stderr == """
                error: parameter 'size' must be a whole number (its default is 3), got 'big'
                hint: --param size=VALUE is read as the type of the parameter's default

                """)
        let undeclared = try project.run("validate", "p.yaml", "--param", "sise=4")
        #expect(undeclared.status == 2)
        #expect(undeclared.stderr == "p.yaml: pipeline 'p' has no parameter 'sise' (did you mean 'size'?)\n")
        let unknown = try project.run("run", "p.yaml", "--param", "sise=4")
        #expect(
            unknown.stderr == """
                error: pipeline 'p' has no parameter 'sise' (did you mean 'size'?)
                hint: use one it declares, or add it under `parameters:` in the pipeline file

                """)
        let noEquals = try project.run("run", "p.yaml", "--param", "size")
        #expect(noEquals.status == 2)
        #expect(noEquals.stderr.hasPrefix("error: --param takes key=value, got 'size'\nUsage: orchestrate run "))
        #expect(noEquals.stderr.hasSuffix("See 'orchestrate run --help' for more information.\n"))
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("runs").path))
    }

    @Test("broken YAML is reported at its line and column by run as by validate, and nothing runs")
    func brokenYAML() throws {
        let project = try TestProject()
        try project.write("broken.yaml", "name: broken\nsteps:\n  a:\n    uses: noop\n     after: [b]\n")
        let expected = """
            broken.yaml:5:11: YAML syntax error: mapping values are not allowed in this context (a ': ' inside a plain \
            value starts a mapping; quote the value or write it as a block (run: |))

            """
        for command in ["run", "validate"] {
            let result = try project.run(command, "broken.yaml")
            #expect(result.status == 2, "\(command)")
            #expect(result.stdout == "", "\(command)")
            #expect(result.stderr == expected, "\(command)")
        }
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("runs").path))
    }

    @Test("--verbose adds the details behind an error; --quiet does not hide it")
    func verbosity() throws {
        let project = try TestProject()
        try project.write("p.yaml", Self.pipeline)
        try project.run("run", "p.yaml")
        let verbose = try project.run("runs", "show", "zzzz", "--verbose")
        let lines = verbose.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.last?.hasPrefix("details: ArtifactStore.StoreError: ") == true, "\(verbose.stderr)")
        let quiet = try project.run("runs", "show", "zzzz", "--quiet")
        #expect(quiet.stderr.hasPrefix("error: no run matches 'zzzz'\n"))
        #expect(try project.run("runs", "show", "zzzz", "-v", "-q").stderr.hasPrefix("error: --verbose and --quiet"))
    }

    @Test("--json is refused, not ignored, where the output has no JSON form")
    func jsonRefused() throws {
        let project = try TestProject()
        let logs = try project.run("runs", "logs", "abc", "--json")
        #expect(logs.status == 2)
        #expect(logs.stderr.hasPrefix("error: --json is not available here: logs are printed as the steps wrote them"))
    }
}
