import Crawler
import Foundation
import OrchestrateTesting
import Testing

@Suite struct RepositoryFilesTests {
    @Test func keepsSourceAndSkipsVendoredGeneratedLockBinaryAndOversizedFiles() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("print('hi')\n", to: "src/main.py")
        try folder.write("# Title\n", to: "README.md")
        try folder.write("module.exports = 1\n", to: "node_modules/x/index.js")
        try folder.write("vendored\n", to: "vendor/lib.py")
        try folder.write("{}", to: "package-lock.json")
        try folder.write("[[package]]\n", to: "Cargo.lock")
        try folder.write("var a=1;", to: "static/app.min.js")
        try folder.write(String(repeating: "x", count: 2_000), to: "data/big.txt")
        try Data([0x41, 0x00, 0x42]).write(to: folder.url.appendingPathComponent("src/blob.dat"))
        try Data([0xff, 0xfe, 0x41]).write(to: folder.url.appendingPathComponent("src/latin.txt"))
        try folder.write("[core]\n", to: ".git/config")

        let (files, skipped) = RepositoryFiles(maxFileBytes: 1_000).read(folder.url)
        #expect(files.map(\.path) == ["README.md", "src/main.py"])
        #expect(
            skipped == [
                "vendored or generated folder": 2, "lock file": 2, "generated file": 1, "over the size cap": 1, "binary": 2,
            ])
    }

    @Test func contentPutsEachFileAfterItsHeader() {
        let content = RepositoryFiles.content([
            RepositoryFiles.File(path: "a.py", text: "x = 1"), RepositoryFiles.File(path: "b/c.md", text: "# C\n"),
        ])
        #expect(content == "==> a.py <==\nx = 1\n==> b/c.md <==\n# C\n")
    }
}
