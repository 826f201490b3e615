import Compute
import Foundation
import OrchestrateTesting
import Testing

/// Reading well-formed safetensors files: the header, the metadata, and tensors as Float.
@Suite("SafetensorsFile")
struct SafetensorsFileTests {
    static func write(_ data: Data, in folder: TemporaryFolder, name: String = "t.safetensors") throws -> URL {
        let url = folder.url.appendingPathComponent(name)
        try data.write(to: url)
        return url
    }

    @Test("lists every tensor with its dtype, shape and byte range, in data order, and the metadata")
    func header() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = try Self.write(
            SafetensorsBytes.file(
                [
                    .init(name: "weight", dtype: "F32", shape: [2, 3], data: SafetensorsBytes.f32([1, 2, 3, 4, 5, 6])),
                    .init(name: "positions", dtype: "I64", shape: [1, 2], data: SafetensorsBytes.i64([0, 1])),
                    .init(name: "scalar", dtype: "F16", shape: [], data: SafetensorsBytes.u16([0x3C00])),
                ], metadata: ["format": "pt"]),
            in: folder)
        let file = try SafetensorsFile(contentsOf: url)
        #expect(file.names == ["weight", "positions", "scalar"])
        #expect(file.metadata == ["format": "pt"])
        #expect(try file.tensor("weight") == SafetensorsTensor(name: "weight", dtype: .f32, shape: [2, 3], dataOffsets: 0..<24))
        #expect(try file.tensor("positions").dtype == .i64)
        #expect(try file.tensor("scalar").elementCount == 1)
        #expect(file.path == url.path)
    }

    @Test("F32, F16, BF16 and F64 tensors read as Float, in row-major order")
    func floats() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = try Self.write(
            SafetensorsBytes.file([
                // An odd-sized tensor first, so the F32 data after it is not 4-byte aligned.
                .init(name: "half", dtype: "F16", shape: [3], data: SafetensorsBytes.u16([0x3C00, 0xC000, 0x3555])),
                .init(name: "single", dtype: "F32", shape: [2, 2], data: SafetensorsBytes.f32([0.5, -1.25, 3e-8, 1e30])),
                .init(name: "brain", dtype: "BF16", shape: [2], data: SafetensorsBytes.u16([0x3F80, 0xC0A0])),
                .init(
                    name: "double", dtype: "F64", shape: [1],
                    data: withUnsafeBytes(of: (2.5 as Double).bitPattern.littleEndian) { Array($0) }),
            ]),
            in: folder)
        let file = try SafetensorsFile(contentsOf: url)
        #expect(try file.floats("half") == [1, -2, 0.333251953125])
        #expect(try file.floats("single", shape: [2, 2]) == [0.5, -1.25, 3e-8, 1e30])
        #expect(try file.floats("brain") == [1, -5])
        #expect(try file.floats("double") == [2.5])
    }

    @Test("asking for the wrong shape, a missing name or an integer tensor as Float names the tensor")
    func accessorErrors() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = try Self.write(
            SafetensorsBytes.file([
                .init(name: "w", dtype: "F32", shape: [2, 3], data: SafetensorsBytes.f32([1, 2, 3, 4, 5, 6])),
                .init(name: "ids", dtype: "I64", shape: [2], data: SafetensorsBytes.i64([7, 8])),
            ]),
            in: folder)
        let file = try SafetensorsFile(contentsOf: url)
        let shape = #expect(throws: SafetensorsError.self) { try file.floats("w", shape: [3, 2]) }
        #expect(shape?.kind == .shapeMismatch)
        #expect(shape?.description == "\(url.path): tensor 'w' has shape [2, 3], expected [3, 2]")
        let missing = #expect(throws: SafetensorsError.self) { try file.floats("v") }
        #expect(missing?.kind == .missingTensor)
        #expect(missing?.description == "\(url.path): no tensor named 'v'")
        let integer = #expect(throws: SafetensorsError.self) { try file.floats("ids") }
        #expect(integer?.kind == .unsupportedDType)
        #expect(integer?.message == "tensor 'ids' has dtype I64; only F32, F16, BF16 and F64 read as Float")
    }

    @Test("every dtype of the format is recognised, with its element size")
    func dtypes() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let tensors = SafetensorsDType.allCases.map { dtype in
            SafetensorsBytes.Tensor(
                name: dtype.rawValue, dtype: dtype.rawValue, shape: [2], data: [UInt8](repeating: 0, count: 2 * dtype.size))
        }
        let file = try SafetensorsFile(contentsOf: try Self.write(SafetensorsBytes.file(tensors), in: folder))
        for dtype in SafetensorsDType.allCases {
            #expect(try file.tensor(dtype.rawValue).dtype == dtype)
        }
        #expect(SafetensorsDType.bf16.size == 2 && SafetensorsDType.i64.size == 8 && SafetensorsDType.bool.size == 1)
    }

    @Test("a file with no tensors, empty tensors, and a header padded with spaces are valid")
    func edgeShapes() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let empty = try SafetensorsFile(
            contentsOf: try Self.write(SafetensorsBytes.file(header: "{}", data: []), in: folder, name: "a"))
        #expect(empty.tensors.isEmpty)
        let zero = try SafetensorsFile(
            contentsOf: try Self.write(
                SafetensorsBytes.file([
                    .init(name: "none", dtype: "F32", shape: [0, 4], data: []),
                    .init(name: "one", dtype: "F32", shape: [1], data: SafetensorsBytes.f32([7])),
                ]), in: folder, name: "b"))
        #expect(try zero.floats("none") == [])
        #expect(try zero.floats("one") == [7])
        let padded = try SafetensorsFile(
            contentsOf: try Self.write(
                SafetensorsBytes.file(
                    header: #"{"x": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}      "#,
                    data: SafetensorsBytes.f32([2])),
                in: folder, name: "c"))
        #expect(try padded.floats("x") == [2])
    }
}
