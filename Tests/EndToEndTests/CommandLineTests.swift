import Foundation
import Testing

/// The command line's surface: listings, help, exit codes and plain output off a terminal.
@Suite("command line")
struct CommandLineTests {
    @Test("steps list and steps show print each step type's parameters with types and defaults")
    func stepsCatalog() throws {
        let list = try CLI.run(["steps", "list"], in: CLI.packageRoot)
        #expect(list.status == 0)
        #expect(list.stdout.contains("command"))
        #expect(list.stdout.contains("noop"))
        let show = try CLI.run(["steps", "show", "command"], in: CLI.packageRoot)
        #expect(show.stdout.contains("command (version 1)"))
        #expect(show.stdout.contains("shell"))
        #expect(show.stdout.contains("\"/bin/sh\""))
        let typo = try CLI.run(["steps", "show", "comand"], in: CLI.packageRoot)
        #expect(typo.status == 2)
        #expect(
            typo.stderr == """
                error: no step type 'comand' (did you mean 'command'?)
                hint: `orchestrate steps list` shows every step type

                """)
    }

    @Test("runs show --json has the documented shape")
    func jsonShape() throws {
        let project = try TestProject()
        try project.write("p.yaml", "name: shape\nsteps:\n  a: { uses: command, run: echo 1 > \"$OUTPUT_o\", outputs: [o] }\n")
        let run = try #require(try project.json("run", "p.yaml") as? [String: Any])
        let id = try #require(run.string("id"))
        let shown = try #require(try project.json("runs", "show", id) as? [String: Any])
        for key in ["id", "pipeline", "status", "steps", "parameters", "created_at", "started_at", "finished_at", "trigger"] {
            #expect(shown[key] != nil, "missing \(key)")
        }
        let step = shown.step("a")
        for key in ["name", "status", "cache_key", "outputs", "attempt", "type"] {
            #expect(step[key] != nil, "missing steps[].\(key)")
        }
        let output = try #require((step["outputs"] as? [[String: Any]])?.first)
        for key in ["id", "name", "version", "sha256", "output", "type", "size"] {
            #expect(output[key] != nil, "missing outputs[].\(key)")
        }
        #expect(output["name"] as? String == "a.o")
        #expect((output["sha256"] as? String)?.count == 64)
    }

    @Test("without a terminal, run prints plain lines with no escape codes")
    func plainOutput() throws {
        let project = try TestProject()
        try project.write("p.yaml", "name: plain\nsteps:\n  a: { uses: noop }\n")
        let result = try project.run("run", "p.yaml")
        #expect(result.status == 0)
        #expect(!result.stdout.contains("\u{1B}["))
        #expect(result.stdout.contains("✓ a"))
        #expect(result.stdout.contains("succeeded in"))
    }

    @Test("read commands on a folder without a store say so instead of creating one")
    func noStore() throws {
        let project = try TestProject()
        let result = try project.run("runs", "list")
        #expect(result.status == 2)
        #expect(result.stderr.contains("no store at runs/"))
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("runs").path))
    }

    @Test("--store and ORCHESTRATE_STORE choose the store folder")
    func storeLocation() throws {
        let project = try TestProject()
        try project.write("p.yaml", "name: where\nsteps:\n  a: { uses: noop }\n")
        #expect(try project.run("run", "p.yaml", "--store", "elsewhere").status == 0)
        #expect(FileManager.default.fileExists(atPath: project.root.appendingPathComponent("elsewhere/orchestrate.sqlite").path))
        #expect(try project.run("runs", "list", "--store", "elsewhere").stdout.contains("where"))
    }

    @Test("an unknown run id is a clear usage error")
    func unknownRun() throws {
        let project = try TestProject()
        try project.write("p.yaml", "name: p\nsteps:\n  a: { uses: noop }\n")
        try project.run("run", "p.yaml")
        let result = try project.run("runs", "show", "zzzz")
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("error: no run matches 'zzzz'"))
    }

    @Test("runs logs prints what a step's command wrote")
    func logs() throws {
        let project = try TestProject()
        try project.write("p.yaml", "name: logs\nsteps:\n  talk: { uses: command, run: echo hello from the step }\n")
        let run = try #require(try project.json("run", "p.yaml") as? [String: Any])
        let logs = try project.run("runs", "logs", try #require(run.string("id")), "talk")
        #expect(logs.stdout.contains("hello from the step"))
        let wrong = try project.run("runs", "logs", try #require(run.string("id")), "tlak")
        #expect(wrong.stderr.contains("did you mean 'talk'?"))
    }
}
