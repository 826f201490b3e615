import Compute
import Foundation
import OrchestrateTesting
import Testing

/// A copy of one of the Fixtures/llama folders in a temporary folder, for tests that change or break it.
struct LlamaFixtureCopy {
    let folder: TemporaryFolder
    var url: URL { folder.url }

    init(_ variant: String = "tied") throws {
        folder = try TemporaryFolder()
        let source = ReferenceModel.fixtures.appendingPathComponent("llama/\(variant)")
        for name in ["config.json", "model.safetensors"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: url.appendingPathComponent(name))
        }
    }

    func delete() { folder.remove() }

    /// Rewrites config.json after `change` edits its keys.
    func editConfig(_ change: (inout [String: Any]) -> Void) throws {
        let file = url.appendingPathComponent("config.json")
        var config = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        change(&config)
        try JSONSerialization.data(withJSONObject: config, options: [.sortedKeys]).write(to: file)
    }

    /// Every tensor of the model file as F32 bytes, in the file's order.
    func tensors() throws -> [(name: String, shape: [Int], values: [Float])] {
        let file = try SafetensorsFile(contentsOf: url.appendingPathComponent("model.safetensors"))
        return try file.tensors.map { ($0.name, $0.shape, try file.floats($0.name)) }
    }

    /// Replaces model.safetensors (or writes `name`) with these tensors.
    func writeWeights(_ tensors: [SafetensorsBytes.Tensor], to name: String = "model.safetensors") throws {
        try SafetensorsBytes.file(tensors).write(to: url.appendingPathComponent(name))
    }

    static func f32(_ tensor: (name: String, shape: [Int], values: [Float])) -> SafetensorsBytes.Tensor {
        SafetensorsBytes.Tensor(name: tensor.name, dtype: "F32", shape: tensor.shape, data: SafetensorsBytes.f32(tensor.values))
    }

    /// Loads the folder, expecting failure, and returns the error's description with the folder's path
    /// replaced by `MODEL`.
    func loadError() -> String? {
        do {
            _ = try LlamaModel(folder: url)
            return nil
        } catch {
            return "\(error)".replacingOccurrences(of: url.path, with: "MODEL")
        }
    }
}
