import Compute
import Foundation
import OrchestrateTesting
import Testing

/// Files the format does not allow: each is refused when opened, with an error that names the file and
/// says what is wrong, never a crash, a trap or a huge allocation.
@Suite("GGUFFile, malformed")
struct GGUFMalformedTests {
    func refusal(_ bytes: [UInt8]) -> GGUFError? {
        let error = #expect(throws: GGUFError.self) { try GGUFFile(bytes: bytes, path: "bad.gguf") }
        #expect(error?.description.hasPrefix("bad.gguf: ") == true)
        return error
    }

    /// One float32 tensor `w` of 2 × 2 and an architecture.
    static var valid: GGUFBytes {
        var builder = GGUFBytes()
        builder.add("general.architecture", string: "test")
        builder.addFloats("w", rows: 2, columns: 2)
        return builder
    }

    @Test("a file read from disk names its path in errors")
    func namesThePath() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("model.gguf")
        try Data("GGML and more bytes".utf8).write(to: url)
        let error = #expect(throws: GGUFError.self) { try GGUFFile(contentsOf: url) }
        #expect(error?.kind == .badMagic)
        #expect(error?.description == "\(url.path): starts with \"GGML\", not the magic \"GGUF\" (is this a GGUF file?)")
        let missing = #expect(throws: GGUFError.self) { try GGUFFile(contentsOf: folder.url.appendingPathComponent("none.gguf")) }
        #expect(missing?.kind == .unreadable)
    }

    @Test("a bad magic")
    func badMagic() {
        var builder = Self.valid
        builder.magic = Array("GGJT".utf8)
        #expect(refusal(builder.bytes)?.kind == .badMagic)
    }

    @Test("version 1, a version past 3 and a big-endian file are unsupported versions")
    func versions() {
        for (version, message) in [
            (
                UInt32(1),
                "is GGUF version 1 (written before llama.cpp's August 2023 format change), which is not supported; convert the model again with a current llama.cpp"
            ),
            (4, "is GGUF version 4; only versions 2 and 3 are supported"),
            (UInt32(3).byteSwapped, "is a big-endian GGUF file (version 3); only little-endian files are read"),
        ] {
            var builder = Self.valid
            builder.version = version
            let error = refusal(builder.bytes)
            #expect(error?.kind == .unsupportedVersion)
            #expect(error?.message == message)
        }
    }

    @Test("truncated anywhere: in the magic, the counts, a key, a value, a tensor info, the data")
    func truncated() {
        let bytes = Self.valid.bytes
        #expect(refusal([])?.message == "the file is 0 bytes long, too short for the GGUF magic")
        for length in [3, 6, 12, 20, 30, 45, 60, 80, 100, bytes.count - 16, bytes.count - 1] {
            let error = refusal(Array(bytes[..<length]))
            #expect(error?.kind == .truncated, "cut at \(length): \(String(describing: error))")
        }
        let inData = refusal(Array(bytes[..<(bytes.count - 1)]))
        #expect(
            inData?.message
                == "tensor 'w' takes bytes 0..<16 of the data section, which has only 15 bytes (the file is truncated or its header is wrong)"
        )
    }

    @Test("counts and lengths larger than the file are refused before anything is allocated for them")
    func absurdCounts() {
        var tensors = Self.valid
        tensors.tensorCount = .max
        #expect(
            refusal(tensors.bytes)?.message.hasPrefix("the tensor count is 18446744073709551615 (at byte 8), more than") == true)
        var pairs = Self.valid
        pairs.metadataCount = 1 << 40
        #expect(refusal(pairs.bytes)?.kind == .truncated)
        var array = Self.valid
        array.metadata.append(("huge", 9, GGUFBytes.le(UInt32(8)) + GGUFBytes.le(UInt64(1) << 60)))
        #expect(refusal(array.bytes)?.message.hasPrefix("the length of metadata 'huge' is 1152921504606846976") == true)
        var string = Self.valid
        string.metadata.append(("long", 8, GGUFBytes.le(UInt64.max)))
        #expect(refusal(string.bytes)?.kind == .truncated)
    }

    @Test("an unknown value type, a bool that is not 0 or 1, a duplicated key, a bad alignment")
    func badMetadata() {
        var type = Self.valid
        type.metadata.append(("odd", 13, [0]))
        #expect(refusal(type.bytes)?.message.hasPrefix("metadata 'odd' has unknown value type 13") == true)
        var bool = Self.valid
        bool.metadata.append(("flag", 7, [2]))
        #expect(refusal(bool.bytes)?.message.hasPrefix("metadata 'flag' is a bool stored as 2") == true)
        var duplicate = Self.valid
        duplicate.add("general.architecture", string: "again")
        #expect(refusal(duplicate.bytes)?.message == "metadata key 'general.architecture' appears more than once")
        var alignment = Self.valid
        alignment.add("general.alignment", uint32: 24)
        #expect(refusal(alignment.bytes)?.message == "'general.alignment' is uint32 24, not a power of two")
        var deep = Self.valid
        var nested = GGUFBytes.le(UInt32(5)) + GGUFBytes.le(UInt64(0))
        for _ in 0..<40 { nested = GGUFBytes.le(UInt32(9)) + GGUFBytes.le(UInt64(1)) + nested }
        deep.metadata.append(("deep", 9, nested))
        #expect(refusal(deep.bytes)?.message.hasSuffix("nests arrays more than 16 deep") == true)
    }

    @Test("an unknown tensor type id")
    func unknownType() {
        var builder = Self.valid
        builder.tensors[0].type = 4  // Q4_2, removed from GGML in 2023
        let error = refusal(builder.bytes)
        #expect(error?.kind == .unknownTensorType)
        #expect(
            error?.message == "tensor 'w' has GGML type id 4, which is not a type GGML defines (or one newer than this reader)")
    }

    @Test("tensors out of range, overlapping, misaligned, duplicated, or not whole blocks")
    func badTensors() {
        var outside = Self.valid
        outside.tensors[0].dimensions = [2, 4]
        #expect(
            refusal(outside.bytes)?.message
                == "tensor 'w' takes bytes 0..<32 of the data section, which has only 16 bytes (the file is truncated or its header is wrong)"
        )
        var overlap = Self.valid
        overlap.addFloats("v", rows: 2, columns: 2, offset: 0)
        #expect(refusal(overlap.bytes)?.message == "tensor 'v' (bytes 0..<16) overlaps tensor 'w' (bytes 0..<16)")
        var misaligned = Self.valid
        misaligned.tensors[0].offset = 4
        #expect(
            refusal(misaligned.bytes)?.message == "tensor 'w' starts at offset 4, which is not a multiple of the alignment 32")
        var duplicate = Self.valid
        duplicate.addFloats("w", rows: 1, columns: 1)
        #expect(refusal(duplicate.bytes)?.message == "tensor 'w' appears more than once")
        var blocks = Self.valid
        blocks.tensors[0].type = 8  // Q8_0 rows must be multiples of 32 values
        #expect(
            refusal(blocks.bytes)?.message
                == "tensor 'w' is Q8_0 with rows of 2 values, not a whole number of its 32-value blocks")
        var dimensions = Self.valid
        dimensions.tensors[0].dimensions = [1, 1, 1, 1, 1]
        #expect(refusal(dimensions.bytes)?.message == "tensor 'w' has 5 dimensions; GGML allows at most 4")
        var huge = Self.valid
        huge.tensors[0].dimensions = [1 << 40, 1 << 40]
        #expect(refusal(huge.bytes)?.kind == .badTensor)
        var wide = Self.valid
        wide.tensors[0].dimensions = [1 << 62, 1]
        #expect(refusal(wide.bytes)?.message == "tensor 'w' has dimensions [4611686018427387904, 1], too large to address")
    }

    @Test("seeded mutations and truncations of a valid file only ever parse or throw")
    func fuzz() throws {
        let original = try [UInt8](Data(contentsOf: GGUFFileTests.folder.appendingPathComponent("values.gguf")))
        var generator = SplitMix64(seed: 0x6767_7566)
        var outcomes = (parsed: 0, refused: 0)
        for round in 0..<3000 {
            var bytes = original
            switch round % 3 {
            case 0:
                bytes = Array(bytes[..<Int.random(in: 0..<bytes.count, using: &generator)])
            case 1:
                for _ in 0..<Int.random(in: 1...8, using: &generator) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
            default:
                // Large values where counts and lengths are: the likeliest way to make a reader allocate or trap.
                let at = Int.random(in: 0..<(bytes.count - 8), using: &generator)
                let value: UInt64 = [.max, 1 << 62, UInt64(UInt32.max), 1 << 20][Int.random(in: 0..<4, using: &generator)]
                bytes.replaceSubrange(at..<(at + 8), with: GGUFBytes.le(value))
            }
            do {
                let file = try GGUFFile(bytes: bytes, path: "fuzz.gguf")
                for tensor in file.tensors { _ = file.withUnsafeBytes(of: tensor) { $0.count } }
                outcomes.parsed += 1
            } catch let error as GGUFError {
                #expect(error.file == "fuzz.gguf")
                outcomes.refused += 1
            }
        }
        #expect(outcomes.parsed > 0)
        #expect(outcomes.refused > 1000)
    }
}
