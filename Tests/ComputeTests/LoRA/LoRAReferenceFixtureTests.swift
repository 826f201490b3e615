import Compute
import Foundation
import OrchestrateTesting
import Testing

/// The adapter PEFT wrote in `Tests/Fixtures/lora-reference` against the project's LoRA types: every key PEFT
/// gives a layer's module is the one `LoRATarget` names, with the shapes `LoRATarget` and `LoRAAdapter` give, and
/// the reference gradients cover every case and matrix in float64.
@Suite("LoRA reference fixture")
struct LoRAReferenceFixtureTests {
    static let folder = ExampleSite.packageRoot.appendingPathComponent("Tests/Fixtures/lora-reference")

    static func model() throws -> LlamaConfiguration {
        let url = ExampleSite.packageRoot.appendingPathComponent("Tests/Fixtures/tiny-chat-model/config.json")
        return try LlamaConfiguration(contentsOf: url, file: url.path)
    }

    static func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent(path))
        return try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// PEFT's key for matrix `matrix` ("lora_A" or "lora_B") of `target` in layer `layer`.
    static func key(layer: Int, _ target: LoRATarget, _ matrix: String) -> String {
        "base_model.model.model.layers.\(layer).\(target.modulePath).\(matrix).weight"
    }

    @Test("adapter_config.json reads as a LoRAConfiguration of rank 4, scale 2, on all seven targets")
    func configuration() throws {
        let config = try Self.json("adapter/adapter_config.json")
        let names = try #require(config["target_modules"] as? [String])
        let targets = names.compactMap(LoRATarget.init(rawValue:))
        #expect(targets.count == names.count, "a target PEFT names that LoRATarget does not know: \(names)")
        let lora = LoRAConfiguration(
            rank: try #require(config["r"] as? Int), alpha: try #require(config["lora_alpha"] as? Double),
            targets: targets)
        #expect(lora.rank == 4 && lora.scale == 2)
        #expect(lora.targets == LoRATarget.allCases)
    }

    @Test("every key PEFT saved is LoRATarget's, shaped A [rank, in] and B [out, rank] as LoRAAdapter lays them out")
    func adapterKeys() throws {
        let model = try Self.model()
        let file = try SafetensorsFile(contentsOf: Self.folder.appendingPathComponent("adapter/adapter_model.safetensors"))
        let fresh = LoRAAdapter(
            configuration: LoRAConfiguration(rank: 4, alpha: 8), model: model, baseModel: "tiny", seed: 1)
        var expected: [String: [Int]] = [:]
        for (layer, pairs) in fresh.layers.enumerated() {
            for (target, pair) in pairs {
                let shape = target.shape(in: model)
                #expect(shape.outFeatures == pair.outFeatures && shape.inFeatures == pair.inFeatures)
                expected[Self.key(layer: layer, target, "lora_A")] = [pair.rank, pair.inFeatures]
                expected[Self.key(layer: layer, target, "lora_B")] = [pair.outFeatures, pair.rank]
            }
        }
        #expect(Set(file.names) == Set(expected.keys))
        for tensor in file.tensors {
            #expect(tensor.dtype == .f32, "\(tensor.name)")
            #expect(tensor.shape == expected[tensor.name], "\(tensor.name)")
        }
    }

    @Test("gradients.safetensors holds an F64 gradient of every adapter matrix for every case of reference.json")
    func gradientCases() throws {
        let reference = try Self.json("reference.json")
        let texts = try #require(reference["texts"] as? [[String: Any]]).compactMap { $0["name"] as? String }
        #expect(texts.count == 5)
        let adapter = try SafetensorsFile(
            contentsOf: Self.folder.appendingPathComponent("adapter/adapter_model.safetensors"))
        let gradients = try SafetensorsFile(contentsOf: Self.folder.appendingPathComponent("gradients.safetensors"))
        let cases = texts + ["batch", "dpo-sigmoid", "dpo-ipo"]
        #expect(gradients.tensors.count == cases.count * adapter.tensors.count)
        for name in cases {
            for matrix in adapter.tensors {
                let gradient = try gradients.tensor("\(name)/\(matrix.name)")
                #expect(gradient.dtype == .f64 && gradient.shape == matrix.shape, "\(gradient.name)")
            }
        }
    }
}
