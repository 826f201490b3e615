import ArtifactStore
import Foundation
import OrchestrateTesting
import Testing

@testable import Orchestrator

@Suite("ScriptFiles")
struct ScriptFilesTests {
    /// scripts/report.py, data/input.csv and a folder data/.
    private func makeProject() throws -> TemporaryFolder {
        let project = try TemporaryFolder()
        try project.write("print('report')\n", to: "scripts/report.py")
        try project.write("a,b\n1,2\n", to: "data/input.csv")
        return project
    }

    @Test("words are split like a shell does, with quotes removed")
    func words() {
        let script = #"python3 scripts/report.py "$INPUT_chunks" 'my file.txt'>out.txt; echo a|wc -l && (cd x)"#
        #expect(
            ScriptFiles.words(in: script).map(\.text)
                == [
                    "python3", "scripts/report.py", "$INPUT_chunks", "my file.txt", "out.txt", "echo", "a", "wc", "-l", "cd", "x",
                ])
    }

    @Test("words with backslashes or unclosed quotes are not plain and are left out")
    func unplainWords() {
        #expect(ScriptFiles.words(in: #"cat a\ b 'open"#).map(\.text) == ["cat", "b"])
    }

    @Test("references are the project files and folders the script names")
    func references() throws {
        let project = try makeProject()
        defer { project.remove() }
        let script = #"python3 scripts/report.py data/ "$INPUT_x" missing.py data/*.csv ${DIR}/x.py /usr/bin/env"#
        let references = ScriptFiles.references(in: script, projectDirectory: project.url)
        #expect(references.map(\.path) == ["scripts/report.py", "data/"])
        #expect(references.first?.url.path == project.url.appendingPathComponent("scripts/report.py").path)
    }

    @Test("an absolute path counts only when it is inside the project")
    func absolutePaths() throws {
        let project = try makeProject()
        defer { project.remove() }
        let inside = project.url.appendingPathComponent("data/input.csv").path
        let outside = try TemporaryFolder()
        defer { outside.remove() }
        let elsewhere = try outside.write("x", to: "other.csv").path
        let references = ScriptFiles.references(in: "cat \(inside) \(elsewhere) /", projectDirectory: project.url)
        #expect(references.map(\.path) == [inside])
    }

    @Test("the project folder itself and the folders above it are never references")
    func projectAndParentsAreNotReferences() throws {
        let project = try makeProject()
        defer { project.remove() }
        let script = "cd . && ls ./ ../ \(project.url.path) / && cat data/input.csv"
        #expect(ScriptFiles.references(in: script, projectDirectory: project.url).map(\.path) == ["data/input.csv"])
    }

    @Test("words without a dot or a slash are never files, even if such a file exists")
    func plainNamesAreNotFiles() throws {
        let project = try makeProject()
        defer { project.remove() }
        try project.write("x", to: "python3")
        #expect(ScriptFiles.references(in: "python3 -c 'print(1)'", projectDirectory: project.url).isEmpty)
    }

    @Test("absolutizing rewrites only relative project files, quoted")
    func absolutized() throws {
        let project = try makeProject()
        defer { project.remove() }
        let inside = project.url.appendingPathComponent("data/input.csv").path
        let script = #"python3 scripts/report.py "data/input.csv" "$INPUT_x" missing.py \#(inside) > out.txt"#
        let root = project.url.standardizedFileURL.path
        #expect(
            ScriptFiles.absolutized(script, projectDirectory: project.url)
                == #"python3 '\#(root)/scripts/report.py' '\#(root)/data/input.csv' "$INPUT_x" missing.py \#(inside) > out.txt"#)
    }

    @Test("a script naming no project files is unchanged")
    func absolutizedUnchanged() throws {
        let project = try makeProject()
        defer { project.remove() }
        let script = #"echo "$INPUT_a" | tr a-z A-Z > "$OUTPUT_b""#
        #expect(ScriptFiles.absolutized(script, projectDirectory: project.url) == script)
    }

    @Test("a path with a single quote in it stays one shell word")
    func quoteInPath() throws {
        let project = try TemporaryFolder()
        defer { project.remove() }
        try project.write("x", to: "it's.sh")
        let root = project.url.standardizedFileURL.path
        #expect(ScriptFiles.absolutized(#"sh "it's.sh""#, projectDirectory: project.url) == #"sh '\#(root)/it'\''s.sh'"#)
    }

    @Test("fingerprints are sorted (path, sha256) pairs, each file once")
    func fingerprints() throws {
        let project = try makeProject()
        defer { project.remove() }
        let script = "python3 scripts/report.py data/ && python3 scripts/report.py"
        let folderHash = try ContentHash.of(project.url.appendingPathComponent("data")).sha256
        #expect(
            try ScriptFiles.fingerprints(in: script, projectDirectory: project.url) == [
                ["data/", .string(folderHash)],
                ["scripts/report.py", .string(Hashing.sha256("print('report')\n"))],
            ])
    }

    @Test("editing a named file changes its fingerprint")
    func fingerprintsFollowContent() throws {
        let project = try makeProject()
        defer { project.remove() }
        let before = try ScriptFiles.fingerprints(in: "python3 scripts/report.py", projectDirectory: project.url)
        try project.write("print('changed')\n", to: "scripts/report.py")
        #expect(try ScriptFiles.fingerprints(in: "python3 scripts/report.py", projectDirectory: project.url) != before)
    }
}
