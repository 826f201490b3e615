import Foundation
import OrchestrateTesting
import Testing

@testable import Compute

/// Adapter folders in PEFT's layout: written here and read back, and written as PEFT writes them.
@Suite("PEFT adapter folders")
struct PEFTAdapterTests {
    @Test("write then read gives the same adapter; the config has PEFT's fields and the weights PEFT's keys and shapes")
    func roundTrip() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let adapter = try TinyChatModel.adapter(rank: 4, alpha: 16, targets: [.query, .value, .down])
        try adapter.write(to: folder.url)
        #expect(try LoRAAdapter(contentsOf: folder.url) == adapter)

        let data = try Data(contentsOf: folder.url.appendingPathComponent("adapter_config.json"))
        let config = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(config["peft_type"] as? String == "LORA")
        #expect(config["task_type"] as? String == "CAUSAL_LM")
        #expect(config["r"] as? Int == 4)
        #expect(config["lora_alpha"] as? Int == 16)
        #expect(config["target_modules"] as? [String] == ["q_proj", "v_proj", "down_proj"])
        #expect(config["base_model_name_or_path"] as? String == "Tests/Fixtures/tiny-chat-model")
        #expect(config["bias"] as? String == "none")
        for key in ["fan_in_fan_out", "use_rslora", "use_dora"] { #expect(config[key] as? Bool == false, "\(key)") }
        #expect(config["inference_mode"] as? Bool == true)
        #expect(config["modules_to_save"] is NSNull)
        #expect(config["lora_dropout"] as? Double == 0)

        let weights = try SafetensorsFile(contentsOf: folder.url.appendingPathComponent("adapter_model.safetensors"))
        #expect(weights.metadata == ["format": "pt"])
        #expect(weights.names.count == 2 * 3 * 2)
        let a = try weights.tensor("base_model.model.model.layers.1.self_attn.q_proj.lora_A.weight")
        let b = try weights.tensor("base_model.model.model.layers.1.self_attn.q_proj.lora_B.weight")
        #expect(a.shape == [4, 32] && b.shape == [32, 4] && a.dtype == .f32)
        #expect(try weights.tensor("base_model.model.model.layers.0.mlp.down_proj.lora_A.weight").shape == [4, 64])
        #expect(try weights.floats(b.name) == adapter.layers[1][.query]!.b)
    }

    @Test("a fresh adapter is PEFT's initialization: A uniform within 1/√in, B zero")
    func initialization() throws {
        let adapter = try TinyChatModel.adapter(zeroB: true)
        let pair = try #require(adapter.layers[0][.down])
        #expect(pair.a.allSatisfy { abs($0) <= 1 / Float(64).squareRoot() })
        #expect(pair.a.contains { $0 != 0 })
        #expect(pair.b.allSatisfy { $0 == 0 })
        #expect(
            adapter.parameterCount == 2 * (4 * (32 + 32) + 2 * 4 * (32 + 16) + 4 * (32 + 32) + 2 * 4 * (32 + 64) + 4 * (64 + 32)))
    }

    @Test("reads what PEFT itself saves: F16, BF16 and F64 weights, a float alpha, keys with the adapter name kept")
    func peftLayouts() throws {
        for (dtype, keyInfix) in [("F16", ""), ("BF16", ".default"), ("F64", ""), ("F32", ".default")] {
            let folder = try PEFTFolder(
                config: ["lora_alpha": 12.5, "target_modules": ["v_proj", "q_proj"]], dtype: dtype, keyInfix: keyInfix)
            defer { folder.remove() }
            let adapter = try LoRAAdapter(contentsOf: folder.url)
            #expect(adapter.configuration.targets == [.query, .value], "\(dtype)")
            #expect(adapter.configuration.rank == 2 && adapter.configuration.alpha == 12.5)
            #expect(adapter.configuration.scale == 6.25)
            #expect(adapter.layers.count == 2)
            #expect(adapter.layers[1][.value]!.a == PEFTFolder.values(2 * 32, start: 1))
            #expect(adapter.layers[1][.value]!.b == PEFTFolder.values(16 * 2, start: 1))
            #expect(adapter.baseModel == "HuggingFaceTB/SmolLM2-135M-Instruct")
            try adapter.check(against: try TinyChatModel.configuration(), adapterFile: "adapter_model.safetensors", base: "tiny")
        }
    }

    @Test("target_modules as a regular expression: the targets are the modules the weights hold")
    func regexTargets() throws {
        let folder = try PEFTFolder(config: ["target_modules": ".*\\.(q_proj|v_proj)"])
        defer { folder.remove() }
        #expect(try LoRAAdapter(contentsOf: folder.url).configuration.targets == [.query, .value])
    }

    @Test("target_modules may name modules by a longer suffix of their path")
    func suffixTargets() throws {
        let folder = try PEFTFolder(config: ["target_modules": ["self_attn.q_proj", "v_proj"]])
        defer { folder.remove() }
        #expect(try LoRAAdapter(contentsOf: folder.url).configuration.targets == [.query, .value])
    }

    @Test("model.json records the format and the base model, and reads back")
    func manifest() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        #expect(try ModelArtifactManifest(folder: folder.url) == nil)
        let manifest = ModelArtifactManifest(baseModel: "models/base", baseModelSHA256: String(repeating: "ab", count: 32))
        try manifest.write(to: folder.url)
        #expect(try ModelArtifactManifest(folder: folder.url) == manifest)
        let text = try contents(of: folder.url.appendingPathComponent("model.json"))
        #expect(text.contains("\"format\" : \"peft-lora\"") && text.contains("\"base_model\" : \"models/base\""))
    }
}
