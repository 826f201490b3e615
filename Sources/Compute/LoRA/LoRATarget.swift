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

    /// The module's tensor name inside a GGUF block (`blk.N.attn_q.weight`), as llama.cpp names it.
    public var ggufName: String {
        switch self {
        case .query: return "attn_q"
        case .key: return "attn_k"
        case .value: return "attn_v"
        case .output: return "attn_output"
        case .gate: return "ffn_gate"
        case .up: return "ffn_up"
        case .down: return "ffn_down"
        }
    }

    /// The layer and module of a GGUF weight name such as `blk.3.attn_q.weight`; nil for any other tensor.
    public static func parse(ggufWeight name: String) -> (layer: Int, target: LoRATarget)? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "blk", parts[3] == "weight", let layer = Int(parts[1]), layer >= 0,
            let target = allCases.first(where: { $0.ggufName == parts[2] })
        else { return nil }
        return (layer, target)
    }

    /// Whether llama.cpp's converter permutes this module's rows in a GGUF file of `architecture`: the
    /// query and key projections of Llama models, for its interleaved rotary embedding.
    public func isPermuted(inGGUF architecture: String) -> Bool {
        architecture == "llama" && (self == .query || self == .key)
    }

    /// The heads whose rows the permutation moves within.
    public func heads(in configuration: LlamaConfiguration) -> Int {
        self == .query ? configuration.attentionHeads : configuration.keyValueHeads
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
