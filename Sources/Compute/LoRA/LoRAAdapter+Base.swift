import Foundation

/// Whether an adapter fits a base model: the same number of layers, and every pair the shapes of the
/// module it adapts.
extension LoRAAdapter {
    /// Throws `ModelFileError` (`.mismatch`) naming the first tensor whose shape differs from the base's
    /// module, or the layer count, so that an adapter trained on another base is refused before anything
    /// is merged. `adapterFile` is the weights file errors name; `base` describes the base model.
    public func check(against configuration: LlamaConfiguration, adapterFile: String, base: String) throws {
        let trainedOn = baseModel.isEmpty ? "" : " (its adapter_config.json names \"\(baseModel)\")"
        guard layers.count == configuration.layers else {
            throw ModelFileError(
                .mismatch, file: adapterFile,
                message:
                    "adapts \(layers.count) layers, but the base model \(base) has \(configuration.layers): "
                    + "the adapter was made for another base model\(trainedOn)")
        }
        for (index, layer) in layers.enumerated() {
            for target in self.configuration.targets {
                guard let pair = layer[target] else { continue }
                let (out, input) = target.shape(in: configuration)
                for (factor, shape, expected) in [
                    (PEFTTensorName.Factor.a, [pair.rank, pair.inFeatures], [pair.rank, input]),
                    (.b, [pair.outFeatures, pair.rank], [out, pair.rank]),
                ] where shape != expected {
                    let key = PEFTTensorName(layer: index, target: target, factor: factor).key
                    throw ModelFileError(
                        .mismatch, file: adapterFile,
                        message:
                            "tensor '\(key)' has shape \(shape), but \(target.rawValue) of the base model \(base) is [\(out), \(input)], "
                            + "so the factor must be \(expected): the adapter was made for another base model\(trainedOn)")
                }
            }
        }
    }

    /// `adapterFile` for the adapter read from `folder`.
    public static func weightsFile(in folder: URL) -> String {
        folder.appendingPathComponent(weightsFileName).relativePath
    }
}
