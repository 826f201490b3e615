import Foundation

/// `adapter_config.json` of a PEFT LoRA adapter: what is read from it, checked field by field, and what
/// is written. Options that change what the adapter computes and that the merge here does not implement
/// (rsLoRA's scale, DoRA's magnitudes, trained biases, whole modules saved beside the adapter, per-module
/// ranks, adapters on only some layers) are refused by the field that asks for them.
struct PEFTAdapterConfig: Equatable {
    var rank: Int
    var alpha: Double
    var dropout: Double
    /// The module names `target_modules` lists; nil when it is a regular expression, in which case the
    /// targets are the modules the weights hold.
    var targets: [LoRATarget]?
    var baseModel: String

    static let fileName = "adapter_config.json"

    init(rank: Int, alpha: Double, dropout: Double, targets: [LoRATarget]?, baseModel: String) {
        self.rank = rank
        self.alpha = alpha
        self.dropout = dropout
        self.targets = targets
        self.baseModel = baseModel
    }

    /// Reads and checks the file at `url`; `file` is the path errors name.
    init(contentsOf url: URL, file: String) throws {
        let config = try JSONObject.load(url, file: file)
        func unsupported(_ message: String) -> ModelFileError { ModelFileError(.unsupported, file: file, message: message) }
        let type = try config.optionalString("peft_type")
        guard type == "LORA" else {
            throw type == nil
                ? config.missing("peft_type", "\"LORA\"")
                : unsupported("'peft_type' is \"\(type!)\"; only LoRA adapters (\"LORA\") are read")
        }
        if let task = try config.optionalString("task_type"), task != "CAUSAL_LM" {
            throw unsupported("'task_type' is \"\(task)\"; only adapters of causal language models (CAUSAL_LM) are read")
        }
        rank = try config.positiveInt("r")
        alpha = try config.double("lora_alpha")
        guard alpha.isFinite else { throw config.malformed("lora_alpha", "a finite number") }
        dropout = config.has("lora_dropout") ? try config.double("lora_dropout") : 0
        baseModel = try config.optionalString("base_model_name_or_path") ?? ""
        if let bias = try config.optionalString("bias"), bias != "none" {
            throw unsupported("'bias' is \"\(bias)\": adapters that train biases are not supported (only \"none\")")
        }
        for (key, what) in [
            ("use_rslora", "rsLoRA (which scales by alpha/√r instead of alpha/r)"),
            ("use_dora", "DoRA (weight-decomposed LoRA, with magnitude vectors)"),
            ("fan_in_fan_out", "fan_in_fan_out (GPT-2's transposed Conv1D weights)"),
            ("lora_bias", "lora_bias (a trained bias in lora_B)"),
        ] where try config.bool(key, default: false) {
            throw unsupported("'\(key)' is true: \(what) is not supported")
        }
        if let modules = config.values["modules_to_save"], !Self.isEmpty(modules) {
            throw unsupported(
                "'modules_to_save' is \(JSONFile.describe(modules)): adapters that save whole modules (an embedding, a head) are not supported"
            )
        }
        if let layers = config.values["layers_to_transform"], !Self.isEmpty(layers) {
            throw unsupported("'layers_to_transform' is set: adapters on only some layers are not supported")
        }
        for key in ["rank_pattern", "alpha_pattern"] {
            if let pattern = config.values[key], !Self.isEmpty(pattern) {
                throw unsupported("'\(key)' is not empty: a rank or alpha per module is not supported")
            }
        }
        // Options of newer PEFT versions that change what the adapter computes, unset in a plain LoRA.
        for (key, what) in [
            ("layer_replication", "layers replicated from the base"),
            ("target_parameters", "LoRA on parameters rather than modules"),
            ("trainable_token_indices", "trained rows of the token embeddings"),
            ("alora_invocation_tokens", "activated LoRA (applied only after its invocation tokens)"),
            ("use_qalora", "QALoRA's pooled inputs"),
        ] {
            if let value = config.values[key], !Self.isEmpty(value), JSONFile.boolean(value) != false {
                throw unsupported("'\(key)' is set: \(what) is not supported")
            }
        }
        targets = try Self.targets(config)
    }

    /// `target_modules`: a list of module names (`q_proj`, or a longer suffix such as `self_attn.q_proj`),
    /// or a string, which PEFT reads as a regular expression over module paths.
    private static func targets(_ config: JSONObject) throws -> [LoRATarget]? {
        guard config.has("target_modules") else { throw config.missing("target_modules", "a list of module names") }
        if config.values["target_modules"] is String { return nil }
        guard let names = config.values["target_modules"] as? [Any] else {
            throw config.malformed("target_modules", "a list of module names or a regular expression")
        }
        var targets: Set<LoRATarget> = []
        for name in names {
            guard let name = name as? String else { throw config.malformed("target_modules", "a list of strings") }
            guard let target = LoRATarget.allCases.first(where: { ".\($0.modulePath)".hasSuffix(".\(name)") })
            else {
                let known = LoRATarget.allCases.map(\.rawValue).joined(separator: ", ")
                throw ModelFileError(
                    .unsupported, file: config.file,
                    message: "'target_modules' lists \"\(name)\", a module this decoder cannot adapt (it adapts \(known))")
            }
            targets.insert(target)
        }
        guard !targets.isEmpty else { throw config.malformed("target_modules", "a non-empty list of module names") }
        return targets.sorted()
    }

    private static func isEmpty(_ value: Any) -> Bool {
        switch value {
        case is NSNull: return true
        case let list as [Any]: return list.isEmpty
        case let object as [String: Any]: return object.isEmpty
        default: return false
        }
    }

    /// The JSON PEFT writes (keys sorted, indented), with every option at the value that matches the
    /// computation here, so PEFT loads the adapter without warnings and computes the same thing.
    func json(targets: [LoRATarget]) throws -> Data {
        let alphaValue: Any = alpha.rounded() == alpha && abs(alpha) < 1e15 ? Int(alpha) : alpha
        let object: [String: Any] = [
            "peft_type": "LORA", "task_type": "CAUSAL_LM", "r": rank, "lora_alpha": alphaValue,
            "target_modules": targets.map(\.rawValue), "base_model_name_or_path": baseModel, "lora_dropout": dropout,
            "bias": "none", "fan_in_fan_out": false, "use_rslora": false, "use_dora": false, "modules_to_save": NSNull(),
            "inference_mode": true, "init_lora_weights": true, "layers_to_transform": NSNull(), "layers_pattern": NSNull(),
            "rank_pattern": [String: Any](), "alpha_pattern": [String: Any](), "revision": NSNull(),
        ]
        return try JSONSerialization.data(
            withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }
}
