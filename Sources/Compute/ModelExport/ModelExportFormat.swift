/// The forms a `model` artifact (a PEFT adapter) can be exported in.
public enum ModelExportFormat: String, CaseIterable, Sendable {
    /// The PEFT folder as it is: transformers, PEFT, vLLM and Unsloth load it beside the base.
    case peft
    /// A llama.cpp LoRA adapter GGUF, applied at run time to a GGUF base (`llama-cli --lora`).
    case ggufLoRA = "gguf-lora"
    /// A transformers model folder with the adapter merged into the base's weights.
    case mergedSafetensors = "merged-safetensors"
    /// A GGUF model with the adapter merged into the base's weights.
    case mergedGGUF = "merged-gguf"

    /// Whether the export needs the base model (all but `peft`).
    public var needsBase: Bool { self != .peft }

    /// Whether the export is a folder (otherwise one file).
    public var isFolder: Bool { self == .peft || self == .mergedSafetensors }
}
