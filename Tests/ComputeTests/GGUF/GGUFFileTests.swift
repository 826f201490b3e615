import Compute
import Foundation
import Testing

/// Reading well-formed GGUF files that the `gguf` Python package wrote (see Fixtures/gguf/README.md).
@Suite("GGUFFile")
struct GGUFFileTests {
    static let folder = ReferenceModel.fixtures.appendingPathComponent("gguf")

    @Test("every metadata value type reads back as written, nested arrays included")
    func metadataValues() throws {
        let file = try GGUFFile(contentsOf: Self.folder.appendingPathComponent("values.gguf"))
        #expect(file.version == 3)
        #expect(file.alignment == 32)
        let m = file.metadata
        #expect(m["general.architecture"] == .string("test"))
        #expect(m["test.uint8"] == .uint8(200))
        #expect(m["test.int8"] == .int8(-100))
        #expect(m["test.uint16"] == .uint16(60000))
        #expect(m["test.int16"] == .int16(-30000))
        #expect(m["test.uint32"] == .uint32(4_000_000_000))
        #expect(m["test.int32"] == .int32(-2_000_000_000))
        #expect(m["test.uint64"] == .uint64(18_000_000_000_000_000_000))
        #expect(m["test.int64"] == .int64(-9_000_000_000_000_000_000))
        #expect(m["test.float32"] == .float32(0.15625))
        #expect(m["test.float64"] == .float64(-1.0e300))
        #expect(m["test.true"] == .bool(true))
        #expect(m["test.false"] == .bool(false))
        #expect(m["test.string"] == .string("héllo, wörld 👋"))
        #expect(m["test.integers"] == .array(elementType: .int32, [.int32(1), .int32(2), .int32(3)]))
        #expect(m["test.floats"] == .array(elementType: .float32, [.float32(0.5), .float32(-2)]))
        #expect(m["test.strings"] == .array(elementType: .string, [.string("a"), .string(""), .string("ç")]))
        #expect(m["test.bools"] == .array(elementType: .bool, [.bool(true), .bool(false), .bool(true)]))
        #expect(
            m["test.nested"]
                == .array(
                    elementType: .array,
                    [
                        .array(elementType: .int32, [.int32(1), .int32(2)]), .array(elementType: .int32, [.int32(3)]),
                        .array(elementType: .int32, [.int32(4), .int32(5), .int32(6)]),
                    ]))
        #expect(m["test.nested_strings"]?.array?.map { $0.array?.compactMap(\.string) } == [["x", "y"], ["z"]])
        #expect(file.metadataKeys.first == "general.architecture")
        #expect(file.metadataKeys.count == m.count)
        #expect(m["test.uint64"]?.integer == nil, "18e18 does not fit an Int")
        #expect(m["test.uint32"]?.integer == 4_000_000_000)
    }

    @Test("tensor infos: names, dimensions innermost first, types and bytes")
    func tensors() throws {
        let file = try GGUFFile(contentsOf: Self.folder.appendingPathComponent("values.gguf"))
        #expect(file.names == ["plain", "half", "blocks", "iq"])
        let plain = try file.tensor("plain")
        #expect(plain.dimensions == [3, 2])
        #expect(plain.shape == [2, 3])
        #expect(plain.type == .f32)
        let floats = file.withUnsafeBytes(of: plain) { raw in
            (0..<6).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) }
        }
        #expect(floats == [0, 1, 2, 3, 4, 5])
        #expect(try file.tensor("half").type == .f16)
        let blocks = try file.tensor("blocks")
        #expect(blocks.type == .q8_0)
        #expect(blocks.dimensions == [32, 2])
        #expect(blocks.dataOffsets.count == 2 * 34)
        // A type this build cannot compute still parses: refusing it is the loader's decision.
        let iq = try file.tensor("iq")
        #expect(iq.type == .iq2_xxs)
        #expect(iq.dataOffsets.count == 66)
        for tensor in file.tensors { #expect(tensor.dataOffsets.lowerBound % file.alignment == 0) }
        let error = #expect(throws: GGUFError.self) { try file.tensor("nope") }
        #expect(error?.kind == .missingTensor)
    }

    @Test("general.alignment moves the data section and every offset to its multiples")
    func customAlignment() throws {
        let file = try GGUFFile(contentsOf: Self.folder.appendingPathComponent("aligned64.gguf"))
        #expect(file.alignment == 64)
        #expect(file.metadata["general.alignment"] == .uint32(64))
        let b = try file.tensor("b")
        #expect(b.dataOffsets.lowerBound == 64)
        let values = file.withUnsafeBytes(of: b) { raw in
            (0..<4).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) }
        }
        #expect(values == [7, 7, 7, 7])
    }

    @Test("version 2 files read like version 3")
    func versionTwo() throws {
        var builder = GGUFBytes()
        builder.version = 2
        builder.add("general.architecture", string: "test")
        builder.addFloats("w", rows: 2, columns: 2)
        let file = try GGUFFile(bytes: builder.bytes)
        #expect(file.version == 2)
        #expect(try file.tensor("w").shape == [2, 2])
    }
}
