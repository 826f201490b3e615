import Foundation

/// A transformers model folder with an adapter merged in: what PEFT's `merge_and_unload` followed by
/// `save_pretrained` gives. The base folder's files are copied (configuration, tokenizer, chat template,
/// generation settings) and `model.safetensors` holds every base tensor, the adapted ones as
/// `W + scale · B·A`, in F32, F16 or BF16.
public enum MergedSafetensorsExport {
    /// The dtypes the merged weights may be written in.
    public static let dtypes: [SafetensorsDType] = [.f32, .f16, .bf16]

    /// Files of a model folder that hold weights, which the merged `model.safetensors` replaces.
    static func isWeightsFile(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasPrefix(".") || lower == "model.safetensors.index.json" || lower == "pytorch_model.bin.index.json"
            || [".safetensors", ".bin", ".pt", ".pth", ".gguf", ".h5", ".msgpack", ".ckpt", ".onnx"].contains {
                lower.hasSuffix($0)
            }
    }

    /// Writes the merged folder at `destination`, which must not exist. The base must be a model folder: a
    /// GGUF base is refused, since its configuration and tokenizer are not written back as transformers
    /// files here (export `merged-gguf` instead).
    public static func write(
        _ adapter: LoRAAdapter, adapterFile: String, base: BaseModel, dtype: SafetensorsDType, to destination: URL
    ) throws {
        precondition(dtypes.contains(dtype), "merged weights are F32, F16 or BF16")
        guard !base.isGGUF else {
            throw ModelFileError(
                .unsupported, file: base.url.relativePath,
                message:
                    "is a GGUF file: merged-safetensors needs the base as a transformers model folder (config.json, tokenizer.json), "
                    + "which a GGUF file's metadata is not written back as; export merged-gguf instead")
        }
        try adapter.check(against: base.configuration, adapterFile: adapterFile, base: base.url.relativePath)
        let tensors = try ShardedSafetensors(folder: base.url)
        try LlamaWeightLayout.check(tensors, against: base.configuration, configFile: base.configurationFile)
        let staged = try StagedFolder(destination)
        try copyFiles(from: base.url, to: staged.url, dtype: dtype)
        var writer = SafetensorsWriter()
        let scale = adapter.configuration.scale
        for file in tensors.files {
            for tensor in file.tensors {
                guard tensor.dtype.convertsToFloat else {
                    throw ModelFileError(
                        .unsupported, file: file.path,
                        message: "tensor '\(tensor.name)' has dtype \(tensor.dtype.rawValue), which a merged model cannot hold")
                }
                let pair = Self.pair(for: tensor.name, in: adapter)
                writer.add(tensor.name, shape: tensor.shape, dtype: dtype) {
                    let floats = try file.floats(tensor.name)
                    return pair.map { $0.merged(into: floats, scale: scale) } ?? floats
                }
            }
        }
        try writer.write(to: staged.url.appendingPathComponent("model.safetensors"))
        try staged.commit()
    }

    /// The adapter's pair for a transformers weight name (`model.layers.3.self_attn.q_proj.weight`).
    static func pair(for name: String, in adapter: LoRAAdapter) -> LoRAAdapter.Pair? {
        let parts = name.split(separator: ".")
        guard parts.count == 6, parts[0] == "model", parts[1] == "layers", let layer = Int(parts[2]), parts[5] == "weight",
            let target = LoRATarget(rawValue: String(parts[4])), target.modulePath == "\(parts[3]).\(parts[4])",
            adapter.layers.indices.contains(layer)
        else { return nil }
        return adapter.layers[layer][target]
    }

    /// Every file of the base folder but its weights; `config.json` with its dtype set to the one written.
    private static func copyFiles(from base: URL, to folder: URL, dtype: SafetensorsDType) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: base.path).sorted()
        for name in names where !isWeightsFile(name) {
            let source = base.appendingPathComponent(name)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: source.path, isDirectory: &isFolder), !isFolder.boolValue else {
                continue
            }
            let target = folder.appendingPathComponent(name)
            if name == "config.json" {
                try configWithDType(source, dtype).write(to: target)
            } else {
                try FileManager.default.copyItem(at: source, to: target)
            }
        }
    }

    /// transformers 4 names the weights' dtype `torch_dtype`, transformers 5 `dtype`.
    private static func configWithDType(_ url: URL, _ dtype: SafetensorsDType) throws -> Data {
        let file = url.relativePath
        guard var object = try JSONFile.value(at: url, file: file) as? [String: Any] else {
            throw ModelFileError(.malformed, file: file, message: "is not a JSON object")
        }
        let name = [SafetensorsDType.f32: "float32", .f16: "float16", .bf16: "bfloat16"][dtype]!
        var wrote = false
        for key in ["torch_dtype", "dtype"] where object[key] != nil {
            object[key] = name
            wrote = true
        }
        if !wrote { object["torch_dtype"] = name }
        return try JSONSerialization.data(
            withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }
}
