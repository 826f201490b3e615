import Foundation

/// A LoRA adapter as a PEFT folder: `adapter_config.json` and `adapter_model.safetensors`, the files
/// `PeftModel.save_pretrained` writes and `PeftModel.from_pretrained` (and llama.cpp's converter) reads.
extension LoRAAdapter {
    public static let weightsFileName = "adapter_model.safetensors"

    /// Writes `adapter_config.json` and `adapter_model.safetensors` (F32, PEFT's key names, `A` as
    /// `[rank, in]` and `B` as `[out, rank]`) into `folder`, creating it if needed.
    public func write(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var writer = SafetensorsWriter()
        for (index, layer) in layers.enumerated() {
            for target in configuration.targets {
                guard let pair = layer[target] else { preconditionFailure("layer \(index) has no \(target.rawValue)") }
                writer.add(
                    PEFTTensorName(layer: index, target: target, factor: .a).key, shape: [pair.rank, pair.inFeatures],
                    values: pair.a)
                writer.add(
                    PEFTTensorName(layer: index, target: target, factor: .b).key, shape: [pair.outFeatures, pair.rank],
                    values: pair.b)
            }
        }
        try writer.write(to: folder.appendingPathComponent(Self.weightsFileName))
        let config = PEFTAdapterConfig(
            rank: configuration.rank, alpha: configuration.alpha, dropout: configuration.dropout,
            targets: configuration.targets, baseModel: baseModel)
        try config.json(targets: configuration.targets).write(
            to: folder.appendingPathComponent(PEFTAdapterConfig.fileName), options: .atomic)
    }

    /// Reads a PEFT adapter folder. The weights may be F32, F16, BF16 or F64; every layer from 0 up must
    /// hold both factors of every targeted module with the configured rank. Anything else (a missing
    /// file, an option that is not supported, a tensor that is not a LoRA factor, a shape that does not
    /// fit) throws `ModelFileError` naming the file and the field or tensor. Shapes are checked against
    /// a base model by `check(against:base:)`.
    public init(contentsOf folder: URL) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw ModelFileError(
                .missing, file: folder.relativePath,
                message: "is not an adapter folder (it does not exist or is a file); a PEFT adapter is a folder")
        }
        let configURL = folder.appendingPathComponent(PEFTAdapterConfig.fileName)
        guard FileManager.default.fileExists(atPath: configURL.path) else {
            throw ModelFileError(
                .missing, file: configURL.relativePath,
                message: "is missing: a PEFT adapter folder holds adapter_config.json and adapter_model.safetensors")
        }
        let config = try PEFTAdapterConfig(contentsOf: configURL, file: configURL.relativePath)
        let weightsURL = folder.appendingPathComponent(Self.weightsFileName)
        guard FileManager.default.fileExists(atPath: weightsURL.path) else {
            let hasBin = FileManager.default.fileExists(atPath: folder.appendingPathComponent("adapter_model.bin").path)
            throw ModelFileError(
                .missing, file: weightsURL.relativePath,
                message: hasBin
                    ? "is missing (adapter_model.bin is there, but only safetensors weights are read; save with safe_serialization=True)"
                    : "is missing: a PEFT adapter folder holds adapter_config.json and adapter_model.safetensors")
        }
        let weights = try SafetensorsFile(contentsOf: weightsURL)
        let factors = try Self.factors(weights, configFile: configURL.relativePath)
        let targets = try Self.targets(factors, configured: config.targets, weights: weights, configFile: configURL.relativePath)
        let layerCount = (factors.keys.map(\.layer).max() ?? -1) + 1
        let layers = try (0..<layerCount).map { layer in
            Dictionary(
                uniqueKeysWithValues: try targets.map { target in
                    (target, try Self.pair(layer, target, factors, rank: config.rank, weights, configURL.relativePath))
                })
        }
        self.init(
            configuration: LoRAConfiguration(rank: config.rank, alpha: config.alpha, dropout: config.dropout, targets: targets),
            baseModel: config.baseModel, layers: layers)
    }

    /// Every tensor of the file, by the factor it is; a tensor that is not one is refused by name.
    private static func factors(_ weights: SafetensorsFile, configFile: String) throws -> [PEFTTensorName: SafetensorsTensor] {
        var factors: [PEFTTensorName: SafetensorsTensor] = [:]
        for tensor in weights.tensors {
            guard let name = PEFTTensorName(tensor.name) else {
                throw ModelFileError(
                    .unsupported, file: weights.path,
                    message: "tensor '\(tensor.name)' is \(PEFTTensorName.reason(forUnexpected: tensor.name))")
            }
            guard factors.updateValue(tensor, forKey: name) == nil else {
                throw ModelFileError(
                    .malformed, file: weights.path,
                    message: "holds \(name.key) twice (once with the adapter name 'default' in the key)")
            }
        }
        guard !factors.isEmpty else {
            throw ModelFileError(.malformed, file: weights.path, message: "holds no LoRA tensors")
        }
        return factors
    }

    /// The configured targets, which the weights must match exactly; or, for a `target_modules` regular
    /// expression, the modules the weights hold, which must be the same in every layer.
    private static func targets(
        _ factors: [PEFTTensorName: SafetensorsTensor], configured: [LoRATarget]?, weights: SafetensorsFile, configFile: String
    ) throws -> [LoRATarget] {
        let present = Set(factors.keys.map(\.target))
        guard let configured else { return present.sorted() }
        if let extra = present.subtracting(configured).sorted().first,
            let key = factors.keys.filter({ $0.target == extra }).map(\.key).sorted().first
        {
            throw ModelFileError(
                .mismatch, file: weights.path,
                message:
                    "tensor '\(key)' adapts \(extra.rawValue), which 'target_modules' in \(configFile) does not list "
                    + "(it lists \(configured.map(\.rawValue).joined(separator: ", ")))")
        }
        return configured
    }

    private static func pair(
        _ layer: Int, _ target: LoRATarget, _ factors: [PEFTTensorName: SafetensorsTensor], rank: Int,
        _ weights: SafetensorsFile, _ configFile: String
    ) throws -> Pair {
        func tensor(_ factor: PEFTTensorName.Factor) throws -> SafetensorsTensor {
            let name = PEFTTensorName(layer: layer, target: target, factor: factor)
            guard let tensor = factors[name] else {
                throw ModelFileError(
                    .missing, file: weights.path,
                    message:
                        "has no tensor '\(name.key)': every layer from 0 to the last one in the file needs both factors of \(target.rawValue)"
                )
            }
            return tensor
        }
        let a = try tensor(.a)
        let b = try tensor(.b)
        guard a.shape.count == 2, a.shape[0] == rank, a.shape[1] > 0 else {
            throw ModelFileError(
                .mismatch, file: weights.path,
                message: "tensor '\(a.name)' has shape \(a.shape), not [r, in] with r = \(rank) as 'r' in \(configFile) says")
        }
        guard b.shape.count == 2, b.shape[1] == rank, b.shape[0] > 0 else {
            throw ModelFileError(
                .mismatch, file: weights.path,
                message: "tensor '\(b.name)' has shape \(b.shape), not [out, r] with r = \(rank) as 'r' in \(configFile) says")
        }
        return Pair(
            a: try weights.floats(a.name), b: try weights.floats(b.name), inFeatures: a.shape[1], outFeatures: b.shape[0])
    }
}
