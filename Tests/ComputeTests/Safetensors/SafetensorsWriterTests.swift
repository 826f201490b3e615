import Foundation
import OrchestrateTesting
import Testing

@testable import Compute

/// Files the writer makes read back through `SafetensorsFile`, byte for byte as the format lays them out.
@Suite("SafetensorsWriter")
struct SafetensorsWriterTests {
    @Test("F32, F16, BF16 and F64 tensors round-trip with their names, shapes and the format: pt metadata")
    func roundTrip() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("t.safetensors")
        let values: [Float] = [1, -2.5, 0.1, 65504, 3e-8, -0]
        var writer = SafetensorsWriter()
        writer.add("b.f32", shape: [2, 3], values: values)
        writer.add("a.f16", shape: [3, 2], dtype: .f16, values: values)
        writer.add("c.bf16", shape: [6], dtype: .bf16, values: values)
        writer.add("d.f64", shape: [1, 6], dtype: .f64, values: values)
        writer.add("scalar", shape: [], values: [7])
        try writer.write(to: url)

        let file = try SafetensorsFile(contentsOf: url)
        #expect(file.metadata == ["format": "pt"])
        #expect(Set(file.names) == ["a.f16", "b.f32", "c.bf16", "d.f64", "scalar"])
        #expect(try file.tensor("b.f32").shape == [2, 3] && file.tensor("b.f32").dtype == .f32)
        #expect(try file.floats("b.f32") == values)
        #expect(try file.floats("d.f64") == values)
        #expect(try file.floats("scalar") == [7])
        #expect(try file.floats("a.f16") == values.map { HalfPrecision.float(fromHalf: HalfPrecision.half(fromFloat: $0)) })
        #expect(
            try file.floats("c.bf16") == values.map { HalfPrecision.float(fromBFloat16: HalfPrecision.bfloat16(fromFloat: $0)) })
        // 3e-8 is half of the smallest subnormal half and a little more, so it rounds up to it.
        #expect(try file.floats("a.f16")[4] == 0x1p-24)
    }

    @Test("the header is padded with spaces to 8 bytes and every tensor starts at a multiple of its element size")
    func alignment() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("t.safetensors")
        var writer = SafetensorsWriter(metadata: ["format": "pt", "note": "quote \" and \\ and\nnewline"])
        writer.add("odd.f16", shape: [3], dtype: .f16, values: [1, 2, 3])
        writer.add("wide.f64", shape: [1], dtype: .f64, values: [4])
        writer.add("mid.f32", shape: [1], values: [5])
        try writer.write(to: url)
        #expect(writer.names == ["wide.f64", "mid.f32", "odd.f16"])

        let bytes = [UInt8](try Data(contentsOf: url))
        let headerLength = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect((8 + headerLength) % 8 == 0)
        #expect(bytes[8 + headerLength - 1] == 0x20 || bytes[8 + headerLength - 1] == UInt8(ascii: "}"))
        let file = try SafetensorsFile(contentsOf: url)
        #expect(file.metadata["note"] == "quote \" and \\ and\nnewline")
        for tensor in file.tensors { #expect(tensor.dataOffsets.lowerBound % tensor.dtype.size == 0, "\(tensor.name)") }
        #expect(bytes.count == 8 + headerLength + 8 + 4 + 6)
    }

    @Test("values that do not fill a tensor's shape are refused by name, and nothing is left behind")
    func wrongCount() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("t.safetensors")
        var writer = SafetensorsWriter()
        writer.add("w", shape: [2, 2], values: [1, 2, 3])
        #expect {
            try writer.write(to: url)
        } throws: { error in
            "\(error)".contains("tensor 'w' of shape [2, 2] was given 3 values, not 4")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
    }

    @Test("writing into a folder that does not exist is a FileWriteError naming the file")
    func missingFolder() {
        var writer = SafetensorsWriter()
        writer.add("w", shape: [1], values: [1])
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/t.safetensors")
        #expect(throws: FileWriteError.self) { try writer.write(to: url) }
    }
}
