import Compute
import Foundation
import OrchestrateTesting
import Testing

/// A GGUF file is known by its name or, as a blob in the store, by its first four bytes.
@Suite("GGUF detection")
struct GGUFDetectionTests {
    @Test("a .gguf name, or a file without one that starts with GGUF's magic; not folders or other files")
    func detection() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let blob = try folder.write("GGUF\u{3}\0\0\0", to: "blobs/9f2c")
        let other = try folder.write("{\"format\": \"merged\"}", to: "blobs/ab12")
        #expect(GGUFFile.isGGUF(blob))
        #expect(!GGUFFile.isGGUF(other))
        #expect(GGUFFile.isGGUF(folder.url.appendingPathComponent("missing.gguf")))
        #expect(!GGUFFile.isGGUF(try folder.makeFolder("model")))
        #expect(!GGUFFile.isGGUF(folder.url.appendingPathComponent("missing")))
    }
}
