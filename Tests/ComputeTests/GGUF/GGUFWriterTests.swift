import Foundation
import OrchestrateTesting
import Testing

@testable import Compute

/// Files the writer makes read back through `GGUFFile`: every value type, tensor infos and aligned data.
@Suite("GGUFWriter")
struct GGUFWriterTests {
    static let values: [(String, GGUFValue)] = [
        ("general.architecture", .string("llama")), ("u8", .uint8(200)), ("i8", .int8(-5)), ("u16", .uint16(60000)),
        ("i16", .int16(-30000)), ("u32", .uint32(4_000_000_000)), ("i32", .int32(-2_000_000_000)),
        ("u64", .uint64(1 << 40)), ("i64", .int64(-(1 << 40))), ("f32", .float32(0.5)), ("f64", .float64(-1e300)),
        ("yes", .bool(true)), ("no", .bool(false)), ("text", .string("naïve \"quoted\"\n")),
        ("strings", .array(elementType: .string, [.string("a b"), .string("")])),
        ("ints", .array(elementType: .int32, [.int32(1), .int32(-2)])),
        ("nested", .array(elementType: .array, [.array(elementType: .uint8, [.uint8(1)]), .array(elementType: .uint8, [])])),
        ("empty", .array(elementType: .float32, [])),
    ]

    @Test("metadata of every type, in order, and tensors with their dimensions, types and bytes")
    func roundTrip() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("t.gguf")
        var writer = GGUFWriter()
        for (key, value) in Self.values { writer.set(key, value) }
        writer.set("u8", .uint8(201))
        let floats = (0..<(64 * 3)).map { Float($0) / 8 - 10 }
        writer.addFloats("m.f32", dimensions: [64, 3], as: .f32) { floats }
        writer.addFloats("v.f16", dimensions: [5], as: .f16) { [1, 2, 3, 4, 5] }
        writer.addFloats("m.q8_0", dimensions: [64, 3], as: .q8_0) { floats }
        writer.addTensor("raw", dimensions: [3], type: .i8, bytes: { [1, 2, 3] })
        try writer.write(to: url)

        let file = try GGUFFile(contentsOf: url)
        #expect(file.version == 3)
        #expect(file.metadataKeys == Self.values.map(\.0))
        for (key, value) in Self.values where key != "u8" { #expect(file.metadata[key] == value, "\(key)") }
        #expect(file.metadata["u8"] == .uint8(201))
        #expect(file.names == ["m.f32", "v.f16", "m.q8_0", "raw"])
        #expect(file.tensors.map(\.dimensions) == [[64, 3], [5], [64, 3], [3]])
        #expect(file.tensors.map(\.type) == [.f32, .f16, .q8_0, .i8])
        for tensor in file.tensors { #expect(tensor.dataOffsets.lowerBound % 32 == 0) }
        let stored = try file.withUnsafeBytes(of: file.tensor("m.f32")) { Array($0.bindMemory(to: Float.self)) }
        #expect(stored == floats)
        #expect(try file.withUnsafeBytes(of: file.tensor("raw")) { Array($0) } == [1, 2, 3])
        let q8 = try file.withUnsafeBytes(of: file.tensor("m.q8_0")) { Array($0) }
        #expect(q8 == (try GGMLQuantizer.quantize(floats, columns: 64, to: .q8_0)))
        #expect(try Data(contentsOf: url).count % 32 == 0)
    }

    @Test("general.alignment moves the data section and every tensor to its multiple")
    func alignment() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("t.gguf")
        var writer = GGUFWriter()
        writer.set("general.alignment", uint32: 64)
        writer.addFloats("a", dimensions: [3], as: .f32) { [1, 2, 3] }
        writer.addFloats("b", dimensions: [1], as: .f32) { [4] }
        try writer.write(to: url)
        let file = try GGUFFile(contentsOf: url)
        #expect(file.alignment == 64)
        #expect(file.tensors.map(\.dataOffsets) == [0..<12, 64..<68])
    }

    @Test("a tensor given the wrong number of bytes is refused by name and no file is left")
    func wrongSize() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var writer = GGUFWriter()
        writer.addTensor("w", dimensions: [4, 2], type: .f32, bytes: { [0, 0, 0, 0] })
        #expect {
            try writer.write(to: folder.url.appendingPathComponent("t.gguf"))
        } throws: { error in
            "\(error)".contains("tensor 'w' (F32 [4, 2]) was given 4 bytes, not 32")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
    }
}
