import Foundation
import Testing

/// `--store`, `--json`, `--verbose` and `--quiet` are one set of options that every command takes.
@Suite("global options")
struct GlobalOptionsTests {
    /// Every command that runs, found by walking the SUBCOMMANDS sections of the help, so a new command is
    /// checked without being listed here.
    static func leafCommands(_ path: [String] = []) throws -> [[String]] {
        let help = try CLI.run(["help"] + path, in: CLI.packageRoot).stdout
        guard let section = help.range(of: "SUBCOMMANDS:\n") else { return [path] }
        let names = help[section.upperBound...].split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  "), !line.hasPrefix("   "), !line.contains("See '") else { return nil }
            return line.split(separator: " ").first.map(String.init)
        }
        return try names.flatMap { try leafCommands(path + [$0]) }
    }

    @Test("every command's help lists the four global options")
    func everyCommand() throws {
        let commands = try Self.leafCommands()
        #expect(commands.count >= 23, "\(commands)")
        for command in commands {
            let help = try CLI.run(command + ["--help"], in: CLI.packageRoot).stdout
            for option in ["--store <dir>", "--json", "-v, --verbose", "-q, --quiet"] {
                #expect(help.contains(option), "orchestrate \(command.joined(separator: " ")) lacks \(option)")
            }
        }
    }

    @Test("--quiet prints nothing for a run that succeeds, and the failure for one that does not")
    func quietRun() throws {
        let project = try TestProject()
        try project.write("ok.yaml", "name: ok\nsteps:\n  a: { uses: noop }\n")
        let ok = try project.run("run", "ok.yaml", "--quiet")
        #expect(ok.status == 0)
        #expect(ok.stdout == "")
        try project.write("bad.yaml", "name: bad\nsteps:\n  a: { uses: command, run: exit 3 }\n  b: { uses: noop, after: [a] }\n")
        let bad = try project.run("run", "bad.yaml", "-q")
        #expect(bad.status == 1)
        let lines = bad.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(bad.stdout)")
        #expect(lines.first?.hasPrefix("  ✗ a") == true)
        #expect(lines.dropFirst().first?.hasPrefix("✗ run ") == true)
        #expect(lines.last?.hasPrefix("  see the log: orchestrate runs logs ") == true)
    }

    @Test("off a terminal a run prints a step's notes but its counters only with --verbose")
    func progressLines() throws {
        let project = try TestProject()
        try project.write("notes/a.md", "# A\n\nThe first note, long enough to be kept as an article.\n")
        try project.write("links.txt", "notes/a.md\nnotes/missing.md\n")
        try project.write(
            "p.yaml", "name: p\nsteps:\n  crawl: { uses: crawl, with: { links: links.txt, author: Someone } }\n")
        let normal = try project.run("run", "p.yaml")
        #expect(normal.status == 0, "\(normal.stdout)\(normal.stderr)")
        #expect(normal.stdout.contains("    crawl: failed "), "\(normal.stdout)")
        #expect(!normal.stdout.contains("of 2 links"), "\(normal.stdout)")
        let verbose = try project.run("run", "p.yaml", "--no-cache", "--verbose")
        #expect(verbose.stdout.contains("    crawl: 2 of 2 links 100%"), "\(verbose.stdout)")
    }

    @Test("--verbose prints each step's start even for a cached run")
    func verboseRun() throws {
        let project = try TestProject()
        try project.write("p.yaml", "name: p\nsteps:\n  a: { uses: command, run: echo hi > \"$OUTPUT_o\", outputs: [o] }\n")
        #expect(try project.run("run", "p.yaml").status == 0)
        let again = try project.run("run", "p.yaml", "--verbose")
        #expect(again.stdout.contains("↺ a"))
    }

    @Test("lineage --json is lineage --format json; --json with another format is refused")
    func lineageJSON() throws {
        let project = try TestProject()
        try project.write("p.yaml", "name: p\nsteps:\n  a: { uses: command, run: echo hi > \"$OUTPUT_o\", outputs: [o] }\n")
        #expect(try project.run("run", "p.yaml").status == 0)
        let json = try project.run("lineage", "a.o", "--json")
        #expect(json.status == 0)
        #expect(json.stdout == (try project.run("lineage", "a.o", "--format", "json").stdout))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["root"] != nil && object["edges"] != nil)
        let both = try project.run("lineage", "a.o", "--json", "--format", "dot")
        #expect(both.status == 2)
        #expect(both.stderr.hasPrefix("error: --json and --format dot do not go together"))
    }

    @Test("schedules next --json lists the fire times in the zone asked for")
    func scheduleJSON() throws {
        let result = try CLI.run(
            [
                "schedules", "next", "--cron", "0 9 * * mon", "--timezone", "Europe/Paris", "--after", "2026-03-02T10:00",
                "--count", "2",
                "--json",
            ], in: CLI.packageRoot)
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["timezone"] as? String == "Europe/Paris")
        #expect(object["after"] as? String == "2026-03-02T10:00:00+01:00")
        #expect(object["fire_times"] as? [String] == ["2026-03-09T09:00:00+01:00", "2026-03-16T09:00:00+01:00"])
    }

    @Test("artifacts export --json names the artifact and where it went")
    func exportJSON() throws {
        let project = try TestProject()
        try project.write("p.yaml", "name: p\nsteps:\n  a: { uses: command, run: echo hi > \"$OUTPUT_o\", outputs: [o] }\n")
        #expect(try project.run("run", "p.yaml").status == 0)
        let object = try #require(try project.json("artifacts", "export", "a.o", "out.txt") as? [String: Any])
        #expect(object["name"] as? String == "a.o")
        #expect(object["exported_to"] as? String == project.root.appendingPathComponent("out.txt").path)
        #expect(try project.read("out.txt") == "hi\n")
    }
}
