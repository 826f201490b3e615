import Compute
import Foundation

/// LoRA fine-tuning speed of the native trainer: full updates (forward, backward, AdamW) on micro-batches of
/// `BATCH` samples of `LENGTH` tokens with every token a label, LoRA of rank `RANK` on all seven linear
/// modules, and the process's peak resident memory. The configuration TRL + PEFT is measured with in
/// Benchmarks/training.sh.
///
/// usage: orchestrate-bench train MODEL [BATCH] [LENGTH] [STEPS] [RANK] [THREADS] [ACTIVATION_MIB]
///
/// ACTIVATION_MIB bounds the kept activations (0: every layer recomputed; default: the trainer's own bound).
enum TrainBenchmark {
    static func run(_ arguments: [String]) throws {
        guard let path = arguments.first else {
            throw GenerateBenchmark.Usage(
                "usage: orchestrate-bench train MODEL [BATCH] [LENGTH] [STEPS] [RANK] [THREADS] [ACTIVATION_MIB]")
        }
        func number(_ index: Int, _ fallback: Int) -> Int {
            arguments.count > index ? Int(arguments[index]) ?? fallback : fallback
        }
        let batch = number(1, 4)
        let length = number(2, 256)
        let steps = number(3, 5)
        let rank = number(4, 8)
        let threads = number(5, ProcessInfo.processInfo.activeProcessorCount)
        let activationMemory = number(6, LoRATrainingModel.defaultActivationMemory >> 20) << 20
        let url = URL(fileURLWithPath: path)
        let model =
            url.pathExtension == "gguf"
            ? try LlamaModel(gguf: url, threads: threads) : try LlamaModel(folder: url, threads: threads)
        let config = model.configuration
        let adapter = LoRAAdapter(
            configuration: LoRAConfiguration(rank: rank, alpha: Double(2 * rank)), model: config, baseModel: path, seed: 1)
        let trainer = try LoRATrainingModel(
            model: model, adapter: adapter, maxTokens: batch * length, maxSampleLength: length, threads: threads,
            activationMemory: activationMemory)
        var random = SplitMix64(seed: 5)
        let sequences = (0..<(batch * (steps + 1))).map { _ in
            TrainingSequence(tokens: (0..<length).map { _ in Int.random(in: 0..<config.vocabularySize, using: &random) })
        }
        let settings = TrainingSettings(learningRate: 1e-4, maxSteps: steps + 1, batchSize: batch, maxLength: length)
        let loop = try TrainingLoop(
            model: trainer, task: SupervisedTask(sequences: sequences), settings: settings, checkpointFolder: nil,
            fingerprint: "bench")
        var times: [Double] = []
        var last = DispatchTime.now().uptimeNanoseconds
        _ = try loop.run(onUpdate: { _, _, _ in
            let now = DispatchTime.now().uptimeNanoseconds
            times.append(Double(now - last) / 1e9)
            last = now
        })
        // The first update warms caches and page tables and is not counted.
        let measured = times.dropFirst()
        let seconds = measured.reduce(0, +)
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print(
            String(
                format:
                    "orchestrate train %@: LoRA r %d on 7 modules (%d trainable), batch %d × %d tokens, %d threads, %d of %d layers' activations kept: %.1f tokens/s (%.2f s per update, %d updates), peak resident memory %.0f MB",
                url.lastPathComponent, rank, adapter.parameterCount, batch, length, threads, trainer.keptLayers, config.layers,
                Double(batch * length * measured.count) / seconds, seconds / Double(measured.count), measured.count,
                Double(usage.ru_maxrss) / 1024))
    }
}
