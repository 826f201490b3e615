import ArgumentParser

struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models", abstract: "Export fine-tuned models (LoRA adapters) for other tools.",
        discussion: """
            A model is a PEFT adapter folder (adapter_config.json, adapter_model.safetensors, and model.json naming
            its base model), given as a path or as an artifact reference (name, name@VERSION, sha256:PREFIX, ...).
            """,
        subcommands: [Export.self])
}
