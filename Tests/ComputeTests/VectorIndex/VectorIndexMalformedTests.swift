import Compute
import Foundation
import OrchestrateTesting
import Testing

/// Files the format does not allow are refused when opened, with an error that names the file and says
/// what is wrong, never a crash or a misread later.
@Suite("VectorIndex, malformed files")
struct VectorIndexMalformedTests {
    /// A small valid HNSW index file's bytes.
    static let valid = Result {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("valid.vix")
        try VectorFixtures.builder(VectorFixtures.gaussian(count: 50, dimension: 8, seed: 41))
            .write(to: url, kind: .hnsw, parameters: HNSWParameters(m: 4, efConstruction: 20))
        return try Data(contentsOf: url)
    }

    /// Opens `data` written to a file and returns the error, checking that it names the file.
    func refusal(_ data: Data) throws -> VectorIndexError? {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("bad.vix")
        try data.write(to: url)
        let error = #expect(throws: VectorIndexError.self) { try VectorIndex(contentsOf: url) }
        #expect(error?.file == url.path)
        #expect(error?.description.hasPrefix("\(url.path): ") == true)
        return error
    }

    /// `valid` with the 32-bit word at `offset` replaced.
    func patched(_ offset: Int, _ value: UInt32) throws -> Data {
        var data = try Self.valid.get()
        withUnsafeBytes(of: value.littleEndian) { data.replaceSubrange(offset..<offset + 4, with: $0) }
        return data
    }

    func sectionOffset(_ section: Int) throws -> Int {
        try Self.valid.get().withUnsafeBytes {
            Int(UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 64 + 16 * section, as: UInt64.self)))
        }
    }

    @Test("the valid fixture opens")
    func valid() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("ok.vix")
        try Self.valid.get().write(to: url)
        #expect(try VectorIndex(contentsOf: url).count == 50)
    }

    @Test("an empty file is truncated")
    func empty() throws {
        let error = try refusal(Data())
        #expect(error?.kind == .truncated)
        #expect(error?.message == "the file is empty")
    }

    @Test("a file without the magic bytes is not an index")
    func wrongMagic() throws {
        var data = try Self.valid.get()
        data[0] = UInt8(ascii: "X")
        #expect(try refusal(data)?.kind == .notAnIndex)
        #expect(try refusal(Data("{\"not\": \"an index\"}".utf8))?.kind == .notAnIndex)
    }

    @Test("another format version is refused, naming both versions")
    func versionMismatch() throws {
        let error = try refusal(try patched(8, 2))
        #expect(error?.kind == .unsupportedVersion)
        #expect(error?.message == "format version 2, but this build reads version 1 only")
    }

    @Test("a file cut short inside the header or a section is truncated")
    func truncated() throws {
        let data = try Self.valid.get()
        #expect(try refusal(data.prefix(40))?.kind == .truncated)
        #expect(try refusal(data.prefix(100))?.kind == .truncated)
        let cut = try refusal(data.prefix(data.count - 10))
        #expect(cut?.kind == .truncated)
        #expect(cut?.message.contains("past the end of the \(data.count - 10)-byte file") == true)
    }

    @Test("a metadata code past its table, or a neighbour past the last vector, is malformed")
    func badContents() throws {
        let codes = try sectionOffset(1)
        let code = try refusal(try patched(codes + 4, 77))
        #expect(code?.kind == .malformed)
        #expect(code?.message == "vector 0 has platforms code 77, past the table's 3 entries")
        let layer0 = try sectionOffset(9)
        let neighbour = try refusal(try patched(layer0 + 4, 5000))
        #expect(neighbour?.kind == .malformed)
        #expect(neighbour?.message == "node 0 has neighbour 5000 on layer 0, past the last vector")
        let count = try refusal(try patched(layer0, 99))
        #expect(count?.message == "node 0 has 99 neighbours on layer 0, more than its 8")
    }

    @Test("a missing file is unreadable")
    func missing() throws {
        let url = URL(fileURLWithPath: "/nonexistent/index.vix")
        let error = #expect(throws: VectorIndexError.self) { try VectorIndex(contentsOf: url) }
        #expect(error?.kind == .unreadable)
        #expect(error?.file == "/nonexistent/index.vix")
    }
}
