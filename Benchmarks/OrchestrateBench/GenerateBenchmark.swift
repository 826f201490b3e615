import Compute
import Foundation

/// Prompt processing and decoding speed of the native Llama-family decoder on a model folder or a GGUF
/// file (whose quantized blocks are computed directly), and the process's peak resident memory.
///
/// usage: orchestrate-bench generate MODEL [PROMPT_TOKENS] [DECODE_TOKENS] [REPEATS]
///
/// The prompt is a fixed pseudo-random id sequence; decoding is greedy with no stop token, so every run
/// does the same work. Each configuration is timed `REPEATS` times and the median is printed, with one
/// worker and with every core.
enum GenerateBenchmark {
    struct Usage: LocalizedError {
        var message: String
        init(_ message: String) { self.message = message }
        var errorDescription: String? { message }
    }

    static func run(_ arguments: [String]) throws {
        guard let path = arguments.first else {
            throw Usage("usage: orchestrate-bench generate MODEL [PROMPT_TOKENS] [DECODE_TOKENS] [REPEATS]")
        }
        let promptTokens = arguments.count > 1 ? Int(arguments[1]) ?? 100 : 100
        let decodeTokens = arguments.count > 2 ? Int(arguments[2]) ?? 100 : 100
        let repeats = arguments.count > 3 ? Int(arguments[3]) ?? 5 : 5
        let folder = URL(fileURLWithPath: path)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        for threads in Array(Set([1, cores])).sorted() {
            let model =
                folder.pathExtension == "gguf"
                ? try LlamaModel(gguf: folder, threads: threads) : try LlamaModel(folder: folder, threads: threads)
            let config = model.configuration
            let prompt = (0..<promptTokens).map { ($0 * 7919 + 13) % config.vocabularySize }
            guard promptTokens + decodeTokens <= model.contextLimit else {
                throw Usage("\(promptTokens) + \(decodeTokens) tokens exceed the model's context of \(model.contextLimit)")
            }
            var promptSeconds: [Double] = []
            var decodeSeconds: [Double] = []
            for round in 0...repeats {
                var cache = model.makeCache(capacity: promptTokens + decodeTokens)
                let start = DispatchTime.now().uptimeNanoseconds
                var logits = try model.logits(for: prompt, cache: &cache)
                let prompted = DispatchTime.now().uptimeNanoseconds
                var sampler = TokenSampler.greedy
                for _ in 0..<decodeTokens { logits = try model.logits(for: [sampler.sample(logits)], cache: &cache) }
                let decoded = DispatchTime.now().uptimeNanoseconds
                // The first round warms caches and page tables and is not counted.
                if round > 0 {
                    promptSeconds.append(Double(prompted - start) / 1e9)
                    decodeSeconds.append(Double(decoded - prompted) / 1e9)
                }
            }
            let promptMedian = promptSeconds.sorted()[promptSeconds.count / 2]
            let decodeMedian = decodeSeconds.sorted()[decodeSeconds.count / 2]
            print(
                String(
                    format:
                        "%@ (%d layers, hidden %d, vocab %d), %d thread(s): prompt %d tokens %.0f tokens/s (%.2f ms), decode %d tokens %.0f tokens/s (%.3f ms/token)",
                    folder.lastPathComponent, config.layers, config.hiddenSize, config.vocabularySize, threads, promptTokens,
                    Double(promptTokens) / promptMedian, promptMedian * 1000, decodeTokens, Double(decodeTokens) / decodeMedian,
                    decodeMedian * 1000 / Double(decodeTokens)))
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print(String(format: "orchestrate peak resident memory %.0f MB", Double(usage.ru_maxrss) / 1024))
    }
}
