import Foundation
import OrchestrateTesting
import Testing

@testable import Compute

/// Every adapter this project cannot apply as PEFT would is refused with the file and the field or tensor
/// at fault, never misread.
@Suite("PEFT adapter folders, refused")
struct PEFTAdapterErrorTests {
    func refusal(_ folder: PEFTFolder) throws -> ModelFileError {
        defer { folder.remove() }
        do {
            _ = try LoRAAdapter(contentsOf: folder.url)
        } catch let error as ModelFileError {
            return error
        }
        Issue.record("the adapter was read")
        return ModelFileError(.malformed, file: "", message: "")
    }

    @Test(
        "options that change the computation are refused by their field",
        arguments: [
            (["use_rslora": true], "'use_rslora' is true: rsLoRA"),
            (["use_dora": true], "'use_dora' is true: DoRA"),
            (["bias": "lora_only"], "'bias' is \"lora_only\": adapters that train biases are not supported"),
            (["modules_to_save": ["lm_head"]], "'modules_to_save' is an array: adapters that save whole modules"),
            (["fan_in_fan_out": true], "'fan_in_fan_out' is true"),
            (["layers_to_transform": [0]], "'layers_to_transform' is set"),
            (["rank_pattern": ["q_proj": 8]], "'rank_pattern' is not empty"),
            (["peft_type": "IA3"], "'peft_type' is \"IA3\"; only LoRA adapters"),
            (["task_type": "SEQ_CLS"], "'task_type' is \"SEQ_CLS\""),
            (
                ["target_modules": ["q_proj", "embed_tokens"]],
                "'target_modules' lists \"embed_tokens\", a module this decoder cannot adapt"
            ),
            (["r": 0], "'r' must be a positive integer"),
            (["lora_alpha": "16"], "'lora_alpha' must be a number"),
            (["layer_replication": [[0, 2]]], "'layer_replication' is set: layers replicated from the base"),
            (["use_qalora": true], "'use_qalora' is set"),
            (["trainable_token_indices": [5, 6]], "'trainable_token_indices' is set"),
            (["alora_invocation_tokens": [1, 2]], "'alora_invocation_tokens' is set: activated LoRA"),
        ] as [([String: any Sendable], String)])
    func unsupportedOption(config: [String: any Sendable], message: String) throws {
        let error = try refusal(try PEFTFolder(config: config))
        #expect(error.file.hasSuffix("adapter_config.json"))
        #expect(error.message.contains(message), "\(error)")
    }

    @Test("a missing folder, config or weights file is named, with the hint for adapter_model.bin")
    func missingFiles() throws {
        let none = URL(fileURLWithPath: "/tmp/no-such-adapter-\(UUID().uuidString)")
        #expect(throws: ModelFileError.self) { try LoRAAdapter(contentsOf: none) }

        let folder = try PEFTFolder()
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("adapter_model.safetensors"))
        try Data("x".utf8).write(to: folder.url.appendingPathComponent("adapter_model.bin"))
        let noWeights = try refusal(folder)
        #expect(noWeights.kind == .missing && noWeights.file.hasSuffix("adapter_model.safetensors"))
        #expect(noWeights.message.contains("adapter_model.bin is there"))

        let noConfig = try PEFTFolder()
        try FileManager.default.removeItem(at: noConfig.url.appendingPathComponent("adapter_config.json"))
        let error = try refusal(noConfig)
        #expect(error.kind == .missing && error.file.hasSuffix("adapter_config.json"), "\(error)")
        #expect(try refusal(try PEFTFolder(removing: ["peft_type"])).message.contains("'peft_type' is missing"))
    }

    @Test("a tensor that is not a LoRA factor is named with what it looks like")
    func unexpectedTensors() throws {
        for (name, reason) in [
            ("base_model.model.lm_head.weight", "a whole module saved with the adapter"),
            ("base_model.model.model.layers.0.self_attn.q_proj.lora_magnitude_vector", "DoRA"),
            ("base_model.model.model.embed_tokens.lora_embedding_A", "token embeddings"),
            ("base_model.model.model.layers.0.mlp.q_proj.lora_A.weight", "not a LoRA factor of a decoder layer"),
        ] {
            let tensors = PEFTFolder.tensors() + [PEFTFolder.tensor(name, shape: [2, 2])]
            let error = try refusal(try PEFTFolder(tensors: tensors))
            #expect(error.file.hasSuffix("adapter_model.safetensors"))
            #expect(error.message.contains("tensor '\(name)' is") && error.message.contains(reason), "\(error)")
        }
    }

    @Test("a missing factor, a module the config does not list, and a rank other than r are named by key")
    func inconsistentWeights() throws {
        let missing = PEFTFolder.tensors().filter { $0.name != "base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight" }
        let error = try refusal(try PEFTFolder(tensors: missing))
        #expect(error.message.contains("has no tensor 'base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight'"))

        let extra =
            PEFTFolder.tensors() + [
                PEFTFolder.tensor("base_model.model.model.layers.0.self_attn.k_proj.lora_A.weight", shape: [2, 32])
            ]
        let unlisted = try refusal(try PEFTFolder(tensors: extra))
        #expect(unlisted.message.contains("adapts k_proj, which 'target_modules'"), "\(unlisted)")

        let wrongRank = try refusal(try PEFTFolder(config: ["r": 4]))
        #expect(wrongRank.message.contains("has shape [2, 32], not [r, in] with r = 4"), "\(wrongRank)")
        #expect(try refusal(try PEFTFolder(tensors: [])).message.contains("holds no LoRA tensors"))
    }

    @Test("an adapter for another base: the first tensor whose shape differs is named, with the base's shape")
    func anotherBase() throws {
        let folder = try PEFTFolder()
        defer { folder.remove() }
        let adapter = try LoRAAdapter(contentsOf: folder.url)
        var wider = try TinyChatModel.configuration()
        wider.hiddenSize = 64
        wider.headSize = 16
        #expect {
            try adapter.check(against: wider, adapterFile: "a/adapter_model.safetensors", base: "models/wide")
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix(
                "a/adapter_model.safetensors: tensor 'base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight'")
                && text.contains("q_proj of the base model models/wide is [64, 64]")
                && text.contains(
                    "made for another base model (its adapter_config.json names \"HuggingFaceTB/SmolLM2-135M-Instruct\")")
        }
        var deeper = try TinyChatModel.configuration()
        deeper.layers = 30
        #expect {
            try adapter.check(against: deeper, adapterFile: "a", base: "models/deep")
        } throws: { error in
            "\(error)".contains("adapts 2 layers, but the base model models/deep has 30")
        }
    }
}
