/// The linear layers of a Llama-family decoder layer that an adapter can change, by the module names PEFT
/// and transformers give them (`target_modules` in `adapter_config.json`).
public enum LoRATarget: String, Sendable, Codable, CaseIterable, Comparable {
    case query = "q_proj"
    case key = "k_proj"
    case value = "v_proj"
    case output = "o_proj"
    case gate = "gate_proj"
    case up = "up_proj"
    case down = "down_proj"

    /// The module's path inside a layer, as in PEFT's key names (`self_attn.q_proj`, `mlp.down_proj`).
    public var modulePath: String {
        switch self {
        case .query, .key, .value, .output: return "self_attn.\(rawValue)"
        case .gate, .up, .down: return "mlp.\(rawValue)"
        }
    }

    /// `(out, in)` of the module's weight in a model of `configuration`.
    public func shape(in configuration: LlamaConfiguration) -> (outFeatures: Int, inFeatures: Int) {
        let hidden = configuration.hiddenSize
        switch self {
        case .query: return (configuration.queryWidth, hidden)
        case .key, .value: return (configuration.keyValueWidth, hidden)
        case .output: return (hidden, configuration.queryWidth)
        case .gate, .up: return (configuration.intermediateSize, hidden)
        case .down: return (hidden, configuration.intermediateSize)
        }
    }

    public static func < (lhs: LoRATarget, rhs: LoRATarget) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
