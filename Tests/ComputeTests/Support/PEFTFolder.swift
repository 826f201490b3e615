import Foundation
import OrchestrateTesting

@testable import Compute

/// An adapter folder written the way PEFT writes one, by hand, so a test can change any field or tensor:
/// rank 2 on q_proj and v_proj of the two layers of `TinyChatModel`.
struct PEFTFolder {
    let folder: TemporaryFolder
    var url: URL { folder.url }

    static var baseConfig: [String: Any] {
        [
            "peft_type": "LORA", "task_type": "CAUSAL_LM", "r": 2, "lora_alpha": 4, "lora_dropout": 0.05,
            "target_modules": ["q_proj", "v_proj"], "base_model_name_or_path": "HuggingFaceTB/SmolLM2-135M-Instruct",
            "bias": "none", "fan_in_fan_out": false, "use_rslora": false, "use_dora": false, "modules_to_save": NSNull(),
            "inference_mode": true, "init_lora_weights": true, "layers_to_transform": NSNull(), "layers_pattern": NSNull(),
            "rank_pattern": [String: Any](), "alpha_pattern": [String: Any](), "revision": NSNull(), "megatron_config": NSNull(),
        ]
    }

    /// `count` small values, `start / 64` apart, exact in every float dtype.
    static func values(_ count: Int, start: Int) -> [Float] {
        (0..<count).map { Float(($0 + start) % 17 - 8) / 64 }
    }

    /// The standard tensors of the adapter: for each layer, q_proj ([2, 32] and [32, 2]) and v_proj
    /// ([2, 32] and [16, 2]).
    static func tensors(dtype: String = "F32", keyInfix: String = "") -> [SafetensorsBytes.Tensor] {
        var tensors: [SafetensorsBytes.Tensor] = []
        for layer in 0..<2 {
            for (module, out) in [("q_proj", 32), ("v_proj", 16)] {
                let prefix = "base_model.model.model.layers.\(layer).self_attn.\(module)."
                tensors.append(tensor(prefix + "lora_A\(keyInfix).weight", shape: [2, 32], dtype: dtype, start: layer))
                tensors.append(tensor(prefix + "lora_B\(keyInfix).weight", shape: [out, 2], dtype: dtype, start: layer))
            }
        }
        return tensors
    }

    static func tensor(_ name: String, shape: [Int], dtype: String = "F32", start: Int = 0) -> SafetensorsBytes.Tensor {
        let floats = values(shape.reduce(1, *), start: start)
        let data: [UInt8]
        switch dtype {
        case "F16": data = SafetensorsBytes.u16(floats.map(HalfPrecision.half(fromFloat:)))
        case "BF16": data = SafetensorsBytes.u16(floats.map(HalfPrecision.bfloat16(fromFloat:)))
        case "F64": data = floats.flatMap { withUnsafeBytes(of: Double($0).bitPattern.littleEndian) { Array($0) } }
        default: data = SafetensorsBytes.f32(floats)
        }
        return SafetensorsBytes.Tensor(name: name, dtype: dtype, shape: shape, data: data)
    }

    /// Writes the folder: the base config with `config` laid over it and the keys in `removing` taken out,
    /// and `tensors` (the standard ones unless given).
    init(
        config overrides: [String: Any] = [:], removing: [String] = [], dtype: String = "F32", keyInfix: String = "",
        tensors: [SafetensorsBytes.Tensor]? = nil
    ) throws {
        folder = try TemporaryFolder()
        var config = Self.baseConfig
        for (key, value) in overrides { config[key] = value }
        for key in removing { config[key] = nil }
        let data = try JSONSerialization.data(withJSONObject: config, options: [.sortedKeys])
        try data.write(to: url.appendingPathComponent("adapter_config.json"))
        let weights = SafetensorsBytes.file(tensors ?? Self.tensors(dtype: dtype, keyInfix: keyInfix), metadata: ["format": "pt"])
        try weights.write(to: url.appendingPathComponent("adapter_model.safetensors"))
    }

    func remove() { folder.remove() }
}
