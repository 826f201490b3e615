import Foundation

@testable import Compute

/// A matrix of Fixtures/quantization: ggml blocks and the `gguf` package's dequantization of them.
struct QuantizationVectors {
    static let types: [GGMLType] = [.q8_0, .q4_0, .q4_1, .q4_K, .q5_K, .q6_K]
    static let rows = 3
    static let columns = 512

    let type: GGMLType
    let blocks: Data
    let reference: [Float]

    init(_ type: GGMLType) throws {
        let folder = ReferenceModel.fixtures.appendingPathComponent("quantization")
        let name = type.description.lowercased()
        self.type = type
        blocks = try Data(contentsOf: folder.appendingPathComponent("\(name).blocks"))
        let floats = try Data(contentsOf: folder.appendingPathComponent("\(name).f32"))
        reference = floats.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    func matrix() throws -> WeightMatrix {
        try blocks.withUnsafeBytes {
            try WeightMatrix(type: type, rows: Self.rows, columns: Self.columns, copying: $0)
        }
    }
}
