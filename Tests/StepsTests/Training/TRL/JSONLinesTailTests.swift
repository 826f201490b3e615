import ArtifactStore
import Foundation
import OrchestrateTesting
import Testing

@testable import Steps

/// Lines another process appends, read as they complete.
struct JSONLinesTailTests {
    @Test func returnsEachCompleteLineOnceAndWaitsForAnUnfinishedOne() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("events.jsonl")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let tail = JSONLinesTail(url: url)
        #expect(tail.newObjects().isEmpty)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.write(contentsOf: Data((#"{"event": "log", "step": 1}"# + "\n" + #"{"event": "lo"#).utf8))
        #expect(tail.newObjects() == [["event": "log", "step": 1]])
        try handle.write(contentsOf: Data((#"g", "step": 2}"# + "\nnot json\n").utf8))
        #expect(tail.newObjects() == [["event": "log", "step": 2]])
        #expect(tail.newObjects().isEmpty)
    }
}
