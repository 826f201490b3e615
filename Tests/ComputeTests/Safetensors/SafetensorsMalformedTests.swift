import Compute
import Foundation
import OrchestrateTesting
import Testing

/// Files the format does not allow: each is refused when opened, with an error that names the file and
/// says what is wrong, never a crash or a misread later.
@Suite("SafetensorsFile, malformed")
struct SafetensorsMalformedTests {
    /// Opens `data` written to a temporary file and returns the error, checking that it names the file.
    func refusal(_ data: Data) throws -> SafetensorsError? {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("bad.safetensors")
        try data.write(to: url)
        let error = #expect(throws: SafetensorsError.self) { try SafetensorsFile(contentsOf: url) }
        #expect(error?.file == url.path)
        #expect(error?.description.hasPrefix("\(url.path): ") == true)
        return error
    }

    static let one = #"{"x": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}"#

    @Test("an empty file, or one shorter than the 8-byte header length, is truncated")
    func tooShort() throws {
        let empty = try refusal(Data())
        #expect(empty?.kind == .truncated)
        #expect(
            empty?.message == "the file is 0 bytes long, too short for the 8-byte header length a safetensors file starts with")
        #expect(try refusal(Data([1, 0, 0]))?.kind == .truncated)
    }

    @Test("a header length past the end of the file is truncated")
    func headerPastEnd() throws {
        let error = try refusal(SafetensorsBytes.file(header: Self.one, data: [], declaredLength: 500))
        #expect(error?.kind == .truncated)
        #expect(error?.message == "the header length says 500 bytes, but only 61 bytes follow it (the file is truncated)")
    }

    @Test("a header length over 100 MB means it is not a safetensors file")
    func hugeHeader() throws {
        let error = try refusal(SafetensorsBytes.file(header: "{}", data: [], declaredLength: UInt64.max))
        #expect(error?.kind == .badHeader)
        #expect(error?.message.contains("over the 100000000-byte limit") == true)
    }

    @Test("a header that is not JSON, or not an object of entries, is a bad header")
    func badJSON() throws {
        let broken = try refusal(SafetensorsBytes.file(header: #"{"x": {"dtype": "F32", "#, data: []))
        #expect(broken?.kind == .badHeader)
        #expect(broken?.message == "the header is not valid JSON (23 bytes after the 8-byte length)")
        #expect(
            try refusal(SafetensorsBytes.file(header: "[1, 2]", data: []))?.message
                == "the header is not a JSON object of tensor entries")
        #expect(
            try refusal(SafetensorsBytes.file(header: #"{"x": 3}"#, data: []))?.message
                == "tensor 'x' is not an object with dtype, shape and data_offsets")
    }

    @Test("shapes must be arrays of non-negative integers, and __metadata__ an object of strings")
    func badFields() throws {
        let negative = try refusal(
            SafetensorsBytes.file(
                header: #"{"x": {"dtype": "F32", "shape": [-2], "data_offsets": [0, 8]}}"#, data: Array(repeating: 0, count: 8)))
        #expect(negative?.message == "tensor 'x' has no shape array of non-negative integers")
        let fraction = try refusal(
            SafetensorsBytes.file(
                header: #"{"x": {"dtype": "F32", "shape": [2.0], "data_offsets": [0, 8]}}"#, data: Array(repeating: 0, count: 8)))
        #expect(fraction?.kind == .badHeader)
        let noDType = try refusal(
            SafetensorsBytes.file(header: #"{"x": {"shape": [2], "data_offsets": [0, 8]}}"#, data: Array(repeating: 0, count: 8)))
        #expect(noDType?.message == "tensor 'x' has no dtype string")
        let metadata = try refusal(SafetensorsBytes.file(header: #"{"__metadata__": {"format": 1}}"#, data: []))
        #expect(metadata?.message == "'__metadata__' must be an object of string values")
    }

    @Test("an unknown dtype is named, with the ones that exist")
    func unknownDType() throws {
        let error = try refusal(
            SafetensorsBytes.file(
                header: #"{"x": {"dtype": "F12", "shape": [2], "data_offsets": [0, 8]}}"#, data: Array(repeating: 0, count: 8)))
        #expect(error?.kind == .unknownDType)
        #expect(error?.message.hasPrefix("tensor 'x' has unknown dtype 'F12' (known: BOOL, U8, I8") == true)
    }

    @Test("offsets past the data section, or ending before they begin, are refused")
    func offsetsOutOfRange() throws {
        let past = try refusal(SafetensorsBytes.file(header: Self.one, data: Array(repeating: 0, count: 6)))
        #expect(past?.kind == .badOffsets)
        #expect(
            past?.message
                == "tensor 'x' ends at byte 8 of the data section, which has only 6 bytes (the file is truncated or its header is wrong)"
        )
        let backwards = try refusal(
            SafetensorsBytes.file(
                header: #"{"x": {"dtype": "F32", "shape": [0], "data_offsets": [8, 0]}}"#, data: Array(repeating: 0, count: 8)))
        #expect(backwards?.message == "tensor 'x' has data_offsets [8, 0] that end before they begin")
        let single = try refusal(
            SafetensorsBytes.file(
                header: #"{"x": {"dtype": "F32", "shape": [2], "data_offsets": [8]}}"#, data: Array(repeating: 0, count: 8)))
        #expect(single?.message == "tensor 'x' has no data_offsets pair of non-negative integers")
    }

    @Test("a byte count other than the shape's element count times the dtype's size is refused")
    func wrongByteCount() throws {
        let error = try refusal(
            SafetensorsBytes.file(
                header: #"{"x": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 20]}}"#,
                data: Array(repeating: 0, count: 20)))
        #expect(error?.kind == .byteCountMismatch)
        #expect(error?.message == "tensor 'x' has shape [2, 3] of F32 (24 bytes), but its data_offsets [0, 20] cover 20 bytes")
        let overflow = try refusal(
            SafetensorsBytes.file(
                header: #"{"x": {"dtype": "F32", "shape": [4611686018427387904, 4], "data_offsets": [0, 0]}}"#, data: []))
        #expect(overflow?.kind == .byteCountMismatch)
    }

    @Test("tensors must tile the data section: no overlap, no hole, nothing left over")
    func layout() throws {
        let overlap = try refusal(
            SafetensorsBytes.file(
                header:
                    #"{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}"#,
                data: Array(repeating: 0, count: 12)))
        #expect(overlap?.kind == .badOffsets)
        #expect(overlap?.message == "tensor 'b' (bytes 4..<12) overlaps tensor 'a' (bytes 0..<8)")
        let hole = try refusal(
            SafetensorsBytes.file(
                header:
                    #"{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "b": {"dtype": "F32", "shape": [1], "data_offsets": [8, 12]}}"#,
                data: Array(repeating: 0, count: 12)))
        #expect(hole?.message == "bytes 4..<8 of the data section belong to no tensor")
        let trailing = try refusal(SafetensorsBytes.file(header: Self.one, data: Array(repeating: 0, count: 10)))
        #expect(trailing?.message == "the data section has 10 bytes, but the tensors cover only the first 8")
    }

    @Test("a missing file or a folder is unreadable, not a crash")
    func unreadable() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let missing = #expect(throws: SafetensorsError.self) {
            try SafetensorsFile(contentsOf: folder.url.appendingPathComponent("none.safetensors"))
        }
        #expect(missing?.kind == .unreadable)
        #expect(missing?.message.hasPrefix("cannot open: ") == true)
        let directory = #expect(throws: SafetensorsError.self) { try SafetensorsFile(contentsOf: folder.url) }
        #expect(directory?.message == "not a regular file")
    }
}
