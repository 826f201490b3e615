/// The key of one LoRA matrix in `adapter_model.safetensors`, as PEFT saves a Llama-family model:
/// `base_model.model.model.layers.3.self_attn.q_proj.lora_A.weight`. PEFT strips the adapter's name when it
/// saves; keys that keep it (`lora_A.default.weight`, as a raw state dict has them) are read too.
struct PEFTTensorName: Hashable {
    enum Factor: String {
        case a = "lora_A"
        case b = "lora_B"
    }

    var layer: Int
    var target: LoRATarget
    var factor: Factor

    static let prefix = "base_model.model.model.layers."

    /// The key PEFT writes.
    var key: String { "\(Self.prefix)\(layer).\(target.modulePath).\(factor.rawValue).weight" }

    /// Parses `key`; nil when it is not a LoRA factor of a layer's module.
    init?(_ key: String) {
        guard key.hasPrefix(Self.prefix) else { return nil }
        var parts = key.dropFirst(Self.prefix.count).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 6, parts[4] == "default" { parts.remove(at: 4) }
        guard parts.count == 5, parts[4] == "weight", let layer = Int(parts[0]), layer >= 0, String(layer) == parts[0],
            let target = LoRATarget(rawValue: parts[2]), target.modulePath == "\(parts[1]).\(parts[2])",
            let factor = Factor(rawValue: parts[3])
        else { return nil }
        self.init(layer: layer, target: target, factor: factor)
    }

    init(layer: Int, target: LoRATarget, factor: Factor) {
        self.layer = layer
        self.target = target
        self.factor = factor
    }

    /// Why a key that is not a LoRA factor is refused: what it looks like it is.
    static func reason(forUnexpected key: String) -> String {
        if key.contains("lora_magnitude_vector") { return "a DoRA magnitude vector; DoRA adapters are not supported" }
        if key.contains("lora_embedding") { return "an adapter of the token embeddings, which is not supported" }
        if key.hasSuffix(".bias") { return "a bias, which LoRA adapters with bias \"none\" do not have" }
        if key.contains("lm_head") || key.contains("embed_tokens") {
            return "a whole module saved with the adapter (modules_to_save), which is not supported"
        }
        return
            "not a LoRA factor of a decoder layer (expected keys like \(PEFTTensorName(layer: 0, target: .query, factor: .a).key))"
    }
}
