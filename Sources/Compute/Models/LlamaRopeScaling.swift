/// Llama 3.1's rule for stretching rotary embeddings to a longer context (`rope_type: "llama3"`): frequencies
/// whose wavelength exceeds the original context are divided by `factor`, those shorter than
/// `originalContext / highFrequencyFactor` are kept, and those between are blended smoothly.
public struct LlamaRopeScaling: Sendable, Equatable {
    public var factor: Double
    public var lowFrequencyFactor: Double
    public var highFrequencyFactor: Double
    public var originalContext: Int

    public init(factor: Double, lowFrequencyFactor: Double, highFrequencyFactor: Double, originalContext: Int) {
        self.factor = factor
        self.lowFrequencyFactor = lowFrequencyFactor
        self.highFrequencyFactor = highFrequencyFactor
        self.originalContext = originalContext
    }

    /// Reads a `rope_scaling` (transformers 4.x) or `rope_parameters` (transformers 5) object. nil for no
    /// scaling (`default`, or no type at all); any other type is refused rather than silently ignored,
    /// since it changes every position's embedding.
    static func parse(_ object: JSONObject) throws -> LlamaRopeScaling? {
        let typeKey = object.has("rope_type") ? "rope_type" : "type"
        let type = try object.optionalString(typeKey) ?? "default"
        switch type {
        case "default":
            return nil
        case "llama3":
            let scaling = LlamaRopeScaling(
                factor: try object.positiveDouble("factor"),
                lowFrequencyFactor: try object.positiveDouble("low_freq_factor"),
                highFrequencyFactor: try object.positiveDouble("high_freq_factor"),
                originalContext: try object.positiveInt("original_max_position_embeddings"))
            guard scaling.highFrequencyFactor > scaling.lowFrequencyFactor else {
                throw ModelFileError(
                    .malformed, file: object.file,
                    message:
                        "'\(object.path)high_freq_factor' \(scaling.highFrequencyFactor) must exceed 'low_freq_factor' \(scaling.lowFrequencyFactor)"
                )
            }
            return scaling
        default:
            throw ModelFileError(
                .unsupported, file: object.file,
                message: "'\(object.path)\(typeKey)' \"\(type)\" is not supported (only default and llama3)")
        }
    }

    /// The scaled inverse frequency for one unscaled `frequency` (radians per position).
    public func scale(_ frequency: Double) -> Double {
        let wavelength = 2 * Double.pi / frequency
        let lowWavelength = Double(originalContext) / lowFrequencyFactor
        let highWavelength = Double(originalContext) / highFrequencyFactor
        if wavelength < highWavelength { return frequency }
        if wavelength > lowWavelength { return frequency / factor }
        let smooth = (Double(originalContext) / wavelength - lowFrequencyFactor) / (highFrequencyFactor - lowFrequencyFactor)
        return (1 - smooth) * frequency / factor + smooth * frequency
    }
}
