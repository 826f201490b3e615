import ArtifactStore
import Compute
import Foundation
import Orchestrator

/// The `trl` backend of the training steps: `trl_train.py`, shipped inside the binary, run by a Python that
/// has TRL and PEFT, on the step's dataset file and parameters as one JSON configuration. Its JSON lines on
/// stdout become the step's log lines and progress while it trains (what the libraries print goes to the
/// log as it is), its checkpoints live under the engine's checkpoint folder so `resume` continues from the
/// last one, and its adapter becomes the same `model` artifact the native trainer writes.
struct TRLTrainingRun {
    let context: StepContext
    let kind: String
    let baseURL: URL

    static let script = String(decoding: PackageResources.trl_train_py, as: UTF8.self)
    static let requirements = String(decoding: PackageResources.trl_requirements_txt, as: UTF8.self)

    /// What the backend adds to the cache key: the script and the pinned packages, so a change to either
    /// trains again.
    static var fingerprint: JSONValue {
        .array(["trl_train", .string(Hashing.sha256(script + "\u{0}" + requirements))])
    }

    /// The configuration fields both steps take straight from their parameters.
    static func configuration(_ parameters: StepParameters, names: [String]) throws -> [String: JSONValue] {
        var configuration: [String: JSONValue] = [:]
        for name in names {
            configuration[name] = parameters[name]
        }
        if let maxSteps = parameters["max_steps"]?.intValue {
            configuration["max_steps"] = maxSteps > 0 ? .int(maxSteps) : .null
        }
        return configuration
    }

    static let sharedNames = [
        "dropout", "learning_rate", "epochs", "max_steps", "batch_size", "gradient_accumulation", "max_length",
        "scheduler", "warmup_ratio", "weight_decay", "adam_beta1", "adam_beta2", "adam_epsilon", "max_grad_norm",
        "seed", "logging_steps", "checkpoint_steps",
    ]

    /// Trains with `configuration` (the script's fields beyond the files and folders, which are set here) on
    /// `trainFile` and writes the model artifact.
    func train(configuration: [String: JSONValue], trainFile: URL, examples: [String: JSONValue]) async throws
        -> StepResult
    {
        let python = try await interpreter()
        let work = context.workDirectory.appendingPathComponent("trl")
        try? FileManager.default.removeItem(at: work)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let adapterFolder = work.appendingPathComponent("adapter")
        var configuration = configuration
        configuration["kind"] = .string(kind)
        configuration["base_model"] = .string(baseURL.path)
        configuration["base_model_name"] = .string(try context.parameters.string("base_model"))
        configuration["train_file"] = .string(trainFile.path)
        configuration["output_dir"] = .string(adapterFolder.path)
        configuration["checkpoint_dir"] = try checkpointFolder().map { .string($0.path) } ?? .null
        let configurationFile = work.appendingPathComponent("config.json")
        try Data(JSONText.pretty(.object(configuration)).utf8).write(to: configurationFile)
        let scriptFile = work.appendingPathComponent("trl_train.py")
        try Data(Self.script.utf8).write(to: scriptFile)
        let eventsFile = work.appendingPathComponent("events.jsonl")
        _ = FileManager.default.createFile(atPath: eventsFile.path, contents: nil)

        var environment = ProcessInfo.processInfo.environment
        environment["TRL_TRAIN_EXIT_WITH_PARENT"] = "1"
        environment["PYTHONUNBUFFERED"] = "1"
        var child = ChildProcess(
            executable: python.path, arguments: [scriptFile.path, configurationFile.path], environment: environment,
            workingDirectory: work, outputFile: context.log.path)
        child.standardOutputFile = eventsFile
        let process = child
        context.log.write("\(kind): backend trl, \(python.path) \(scriptFile.path) \(configurationFile.path)")
        let relay = TRLEventRelay(kind: kind, context: context, tail: JSONLinesTail(url: eventsFile))
        let termination = try await withThrowingTaskGroup(of: ChildProcess.Termination?.self) { group in
            group.addTask { try await process.run() }
            group.addTask {
                while true {
                    try await Task.sleep(for: .milliseconds(250))
                    relay.relay()
                }
            }
            let first = try await group.next()!
            group.cancelAll()
            return first!
        }
        relay.relay()
        guard termination == .exited(0) else {
            throw StepFailure("\(kind): backend trl: trl_train.py \(termination.phrase)\(Self.errorLine(context.log.path))")
        }
        guard let done = relay.done else {
            throw StepFailure(
                "\(kind): backend trl: \(python.path) ended without reporting a finished training; see the step's log")
        }
        return try write(adapterFolder: adapterFolder, relay: relay, done: done, examples: examples)
    }

    /// The interpreter: the `python` parameter's, or the pinned environment's, made on first use.
    private func interpreter() async throws -> URL {
        let given = try context.parameters.string("python")
        if !given.isEmpty {
            let path = given.contains("/") ? given : (PythonEnvironment.onPath(given) ?? given)
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw StepFailure("parameter 'python': '\(given)' is not an executable; give a path to a Python with TRL")
            }
            return URL(fileURLWithPath: path)
        }
        let environment = PythonEnvironment(
            name: "trl", requirements: Self.requirements, root: PythonEnvironment.defaultRoot())
        return try await environment.prepare(log: context.log)
    }

    /// The checkpoint folder of this run, emptied when it holds another run's checkpoints.
    private func checkpointFolder() throws -> URL? {
        guard let root = context.checkpointDirectory, try context.parameters.int("checkpoint_steps") > 0 else { return nil }
        let folder = root.appendingPathComponent("trl")
        let mark = folder.appendingPathComponent("fingerprint")
        let fingerprint = Data(TrainingRun.fingerprint(context).utf8)
        if FileManager.default.contents(atPath: mark.path) != fingerprint {
            try? FileManager.default.removeItem(at: folder)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try fingerprint.write(to: mark)
        }
        return folder
    }

    /// The script's own error line ("trl_train: error: ..."), else the log's last lines.
    static func errorLine(_ log: URL) -> String {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        if let line = text.split(separator: "\n").last(where: { $0.hasPrefix("trl_train: error: ") }) {
            return ": " + line.dropFirst("trl_train: error: ".count)
        }
        return LogTail.lines(of: log)
    }

    private func write(adapterFolder: URL, relay: TRLEventRelay, done: [String: JSONValue], examples: [String: JSONValue])
        throws -> StepResult
    {
        let folder = context.outputURL("model")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in ["adapter_config.json", "adapter_model.safetensors"] {
            let source = adapterFolder.appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: source.path) else {
                throw StepFailure("\(kind): backend trl wrote no \(file) in \(adapterFolder.path)")
            }
            try FileManager.default.copyItem(at: source, to: folder.appendingPathComponent(file))
        }
        let baseModel = try context.parameters.string("base_model")
        try ModelArtifactManifest(baseModel: baseModel, baseModelSHA256: try ContentHash.of(baseURL).sha256).write(to: folder)
        try Data(relay.history.map { JSONText.compact(.object($0)) + "\n" }.joined().utf8)
            .write(to: folder.appendingPathComponent("training_log.jsonl"))
        let settings =
            (try? JSONText.parse(String(contentsOf: folder.appendingPathComponent("adapter_config.json"), encoding: .utf8)))?
            .objectValue ?? [:]
        let seconds = done["train_runtime"]?.doubleValue ?? 0
        let tokens = relay.history.last?["num_tokens"]?.doubleValue.map { Int($0) }
        var metadata: [String: JSONValue] = [
            "kind": .string(kind), "format": "peft-lora", "backend": "trl", "base_model": .string(baseModel),
            "rank": settings["r"] ?? .null, "alpha": settings["lora_alpha"] ?? .null,
            "target_modules": settings["target_modules"] ?? .null,
            "steps": done["steps"] ?? .null, "seconds": .double((seconds * 1000).rounded() / 1000),
            "final_loss": relay.history.last(where: { $0["loss"] != nil })?["loss"] ?? .null,
            "device": done["device"] ?? .null,
        ]
        if let tokens {
            metadata["tokens"] = .int(tokens)
            metadata["tokens_per_second"] = .double(seconds > 0 ? (Double(tokens) / seconds).rounded() : 0)
        }
        metadata.merge(examples) { $1 }
        if let resumed = relay.resumedFrom { metadata["resumed_from_step"] = .int(resumed) }
        return StepResult(
            outputs: ["model": StepOutput(url: folder, metadata: metadata)],
            metadata: [
                "training": .object([
                    "backend": "trl", "history": .array(relay.history.map { .object($0) }),
                    "resumed_from_step": relay.resumedFrom.map { .int($0) } ?? .null,
                ])
            ])
    }
}
