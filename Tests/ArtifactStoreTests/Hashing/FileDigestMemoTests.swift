import Foundation
import OrchestrateTesting
import Testing

@testable import ArtifactStore

@Suite("FileDigestMemo")
struct FileDigestMemoTests {
    final class Counter: @unchecked Sendable {
        var count = 0
    }

    @Test("an unchanged file is hashed once; the remembered digest is the real one")
    func remembers() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try Store(root: folder.url.appendingPathComponent("runs"))
        let file = try folder.write("weights", to: "model.bin")
        let counter = Counter()
        let compute = {
            counter.count += 1
            return Hashing.sha256("weights")
        }
        #expect(try store.fileDigests.sha256(of: file, compute: compute) == Hashing.sha256("weights"))
        #expect(try store.fileDigests.sha256(of: file, compute: compute) == Hashing.sha256("weights"))
        #expect(counter.count == 1)
        // Installed for a task, it serves Hashing.sha256(fileAt:) too, and gives the same answer.
        let memoized = try FileDigestMemo.$current.withValue(store.fileDigests) { try Hashing.sha256(fileAt: file) }
        #expect(memoized == Hashing.sha256("weights"))
    }

    @Test("new bytes of the same size under the old modification time are hashed again (the change time moved)")
    func changedContent() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try Store(root: folder.url.appendingPathComponent("runs"))
        let file = try folder.write("aaaa", to: "model.bin")
        let memo = store.fileDigests
        let first = try FileDigestMemo.$current.withValue(memo) { try Hashing.sha256(fileAt: file) }
        let modified = try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date
        try Data("bbbb".utf8).write(to: file)
        try FileManager.default.setAttributes([.modificationDate: modified as Any], ofItemAtPath: file.path)
        let second = try FileDigestMemo.$current.withValue(memo) { try Hashing.sha256(fileAt: file) }
        #expect(first == Hashing.sha256("aaaa"))
        #expect(second == Hashing.sha256("bbbb"))
    }

    @Test("a file that is gone is an error, as without the memo")
    func missingFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try Store(root: folder.url.appendingPathComponent("runs"))
        #expect(throws: (any Error).self) {
            try FileDigestMemo.$current.withValue(store.fileDigests) {
                try Hashing.sha256(fileAt: folder.url.appendingPathComponent("nothing"))
            }
        }
    }
}
