import Orchestrator

/// Where a training step computes its updates: this binary's own trainer on the CPU, or Hugging Face TRL and
/// PEFT in a Python environment, for real models on GPU hosts. Both read the same dataset files and the same
/// parameters and write the same `model` artifact, a PEFT adapter folder.
enum TrainingBackend: String, CaseIterable {
    case native, trl

    static let descriptors = [
        // Only a non-default backend joins the cache key, so native outputs cached before the parameter
        // existed stay cached.
        ParameterDescriptor(
            "backend", .string, default: "native",
            "native (the built-in trainer, on the CPU) or trl (Hugging Face TRL + PEFT in Python, for GPU hosts).",
            keying: .exceptDefault),
        ParameterDescriptor(
            "python", .string, default: "",
            "For backend trl: a Python whose packages match scripts/trl_requirements.txt; empty: a virtual "
                + "environment made once with pip under ORCHESTRATE_PYTHON_ENVS (default ~/.cache/orchestrate/python-envs).",
            keying: .never),
    ]

    init(_ parameters: StepParameters) throws {
        let name = try parameters.string("backend")
        guard let backend = TrainingBackend(rawValue: name) else {
            throw StepFailure("parameter 'backend' must be native or trl, got '\(name)'")
        }
        if backend == .native, try !parameters.string("python").isEmpty {
            throw StepFailure("parameter 'python' is for backend trl; remove it or set backend: trl")
        }
        self = backend
    }
}
