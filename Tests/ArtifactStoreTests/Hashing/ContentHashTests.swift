import ArtifactStore
import Foundation
import OrchestrateTesting
import Testing

@Suite("ContentHash")
struct ContentHashTests {
    /// a.txt, b.txt, sub/c.txt and an empty folder `empty`.
    private func makeFolder(in temporary: TemporaryFolder) throws -> URL {
        try temporary.write("bee\n", to: "tree/b.txt")
        try temporary.write("ay\n", to: "tree/a.txt")
        try temporary.write("see\n", to: "tree/sub/c.txt")
        try temporary.makeFolder("tree/empty")
        return temporary.url.appendingPathComponent("tree")
    }

    @Test("a file hashes by its bytes and reports its size")
    func fileHash() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let hash = try ContentHash.of(try temporary.write("abc", to: "f.txt"))
        #expect(hash == ContentHash(kind: .file, sha256: Hashing.sha256("abc"), size: 3))
    }

    @Test("a folder hashes by its sorted relative paths and contents")
    func folderHashFollowsTheRecipe() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let hash = try ContentHash.of(try makeFolder(in: temporary))

        // The documented recipe, written out by hand: ["folder/v1", [path, "file", sha], [path, "folder"], ...]
        // with entries sorted by path, as compact JSON.
        let a = Hashing.sha256("ay\n"), b = Hashing.sha256("bee\n"), c = Hashing.sha256("see\n")
        let recipe =
            #"["folder/v1",["a.txt","file",""# + a + #""],["b.txt","file",""# + b
            + #""],["empty","folder"],["sub","folder"],["sub/c.txt","file",""# + c + #""]]"#
        #expect(hash.sha256 == Hashing.sha256(recipe))
        #expect(hash.sha256 == "cbcdfd62c35e92421069ecab58382a505882d2f7dca66b14c9fa842c13165364")
        #expect(hash.kind == .folder)
        #expect(hash.size == 11)
    }

    @Test("two folders with the same content hash the same wherever they are")
    func folderHashIgnoresLocation() throws {
        let first = try TemporaryFolder()
        let second = try TemporaryFolder()
        defer { first.remove(); second.remove() }
        #expect(try ContentHash.of(try makeFolder(in: first)) == ContentHash.of(try makeFolder(in: second)))
    }

    @Test("renaming a file changes the folder hash")
    func renameChangesHash() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let folder = try makeFolder(in: temporary)
        let before = try ContentHash.of(folder)
        try FileManager.default.moveItem(at: folder.appendingPathComponent("a.txt"), to: folder.appendingPathComponent("a2.txt"))
        #expect(try ContentHash.of(folder).sha256 != before.sha256)
    }

    @Test("editing one byte of a nested file changes the folder hash")
    func editChangesHash() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let folder = try makeFolder(in: temporary)
        let before = try ContentHash.of(folder)
        try temporary.write("sea\n", to: "tree/sub/c.txt")
        let after = try ContentHash.of(folder)
        #expect(after.sha256 != before.sha256)
        #expect(after.size == before.size)
    }

    @Test("adding an empty sub-folder changes the folder hash")
    func emptyFolderChangesHash() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let folder = try makeFolder(in: temporary)
        let before = try ContentHash.of(folder)
        try temporary.makeFolder("tree/sub/nothing")
        #expect(try ContentHash.of(folder).sha256 != before.sha256)
    }

    @Test("an empty folder and an empty file hash differently")
    func emptyFolderIsNotEmptyFile() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let folder = try ContentHash.of(try temporary.makeFolder("empty"))
        let file = try ContentHash.of(try temporary.write("", to: "empty.txt"))
        #expect(folder.sha256 == Hashing.sha256(#"["folder/v1"]"#))
        #expect(folder.sha256 != file.sha256)
    }

    @Test("a symbolic link is refused, as the artifact and inside a folder")
    func symbolicLinksAreRefused() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let target = try temporary.write("x", to: "target.txt")
        let link = temporary.url.appendingPathComponent("link.txt")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        #expect(throws: StoreError.self) { try ContentHash.of(link) }

        let folder = try makeFolder(in: temporary)
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("sub/link"), withDestinationURL: target)
        let error = #expect(throws: StoreError.self) { try ContentHash.of(folder) }
        #expect(error?.description.contains("symbolic links cannot be stored") == true)
    }
}
