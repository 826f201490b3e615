import Compute
import Foundation
import Testing

/// Weights stored as BF16 or F16, or split into shards, give the same model as F32 weights of the same values.
@Suite("LlamaModel weight formats")
struct LlamaWeightFormatTests {
    /// Round to nearest even bfloat16, as PyTorch does when it converts.
    static func bfloat16(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        return UInt16((bits &+ 0x7FFF &+ ((bits >> 16) & 1)) >> 16)
    }

    static func logits(_ folder: URL, _ ids: [Int]) throws -> [[Float]] {
        let model = try LlamaModel(folder: folder)
        var cache = model.makeCache(capacity: 128)
        return try model.allLogits(for: ids, cache: &cache)
    }

    static let ids = [1, 17, 250, 3, 99, 42, 7, 7, 180]

    @Test("BF16 and F16 weights read as the F32 weights of the same values")
    func halfPrecision() throws {
        let wide = try LlamaFixtureCopy()
        let narrow = try LlamaFixtureCopy()
        defer {
            wide.delete()
            narrow.delete()
        }
        let tensors = try wide.tensors()
        let rounded = tensors.map { (name: $0.name, shape: $0.shape, bits: $0.values.map(Self.bfloat16)) }
        try wide.writeWeights(
            rounded.map { LlamaFixtureCopy.f32(($0.name, $0.shape, $0.bits.map { Float(bitPattern: UInt32($0) << 16) })) })
        try narrow.writeWeights(
            rounded.map {
                SafetensorsBytes.Tensor(name: $0.name, dtype: "BF16", shape: $0.shape, data: SafetensorsBytes.u16($0.bits))
            })
        #expect(try Self.logits(wide.url, Self.ids) == Self.logits(narrow.url, Self.ids))

        // F16 likewise, against F32 weights of the values F16 rounds to (Float16 is missing on Intel macOS).
        #if !(os(macOS) && arch(x86_64))
            let halves = tensors.map { (name: $0.name, shape: $0.shape, bits: $0.values.map { Float16($0).bitPattern }) }
            try wide.writeWeights(
                halves.map { LlamaFixtureCopy.f32(($0.name, $0.shape, $0.bits.map { Float(Float16(bitPattern: $0)) })) })
            try narrow.writeWeights(
                halves.map {
                    SafetensorsBytes.Tensor(name: $0.name, dtype: "F16", shape: $0.shape, data: SafetensorsBytes.u16($0.bits))
                })
            #expect(try Self.logits(wide.url, Self.ids) == Self.logits(narrow.url, Self.ids))
        #endif
    }

    @Test("weights sharded with model.safetensors.index.json load as one file does")
    func shards() throws {
        let copy = try LlamaFixtureCopy()
        defer { copy.delete() }
        let expected = try Self.logits(copy.url, Self.ids)
        let tensors = try copy.tensors()
        let first = tensors.filter { !$0.name.contains("layers.1.") }
        let second = tensors.filter { $0.name.contains("layers.1.") }
        try copy.writeWeights(first.map(LlamaFixtureCopy.f32), to: "model-00001-of-00002.safetensors")
        try copy.writeWeights(second.map(LlamaFixtureCopy.f32), to: "model-00002-of-00002.safetensors")
        try FileManager.default.removeItem(at: copy.url.appendingPathComponent("model.safetensors"))
        func writeIndex(_ map: [String: String]) throws {
            let index: [String: Any] = ["metadata": ["total_size": 0], "weight_map": map]
            try JSONSerialization.data(withJSONObject: index).write(
                to: copy.url.appendingPathComponent("model.safetensors.index.json"))
        }
        var map: [String: String] = [:]
        for tensor in first { map[tensor.name] = "model-00001-of-00002.safetensors" }
        for tensor in second { map[tensor.name] = "model-00002-of-00002.safetensors" }
        try writeIndex(map)
        #expect(try Self.logits(copy.url, Self.ids) == expected)

        // The index points a tensor at the wrong shard.
        map["model.norm.weight"] = "model-00002-of-00002.safetensors"
        try writeIndex(map)
        #expect(copy.loadError()?.hasPrefix("MODEL/model.safetensors.index.json: has no tensor 'model.norm.weight'") == true)
        map["model.norm.weight"] = "../model.safetensors"
        try writeIndex(map)
        #expect(
            copy.loadError()
                == "MODEL/model.safetensors.index.json: 'weight_map.model.norm.weight' must be the file name of a shard in this folder, not \"../model.safetensors\""
        )
    }
}
