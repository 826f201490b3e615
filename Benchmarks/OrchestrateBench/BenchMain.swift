import ArtifactStore
import Foundation
import Orchestrator
import Steps

/// Benchmarks of the engine, run by Benchmarks/run.sh (never by `swift test`).
///
/// usage: orchestrate-bench builtin-chain STEPS
///        orchestrate-bench command-chain STEPS
///        orchestrate-bench lineage-store DIR ARTIFACTS
///        orchestrate-bench lineage-query DIR REPEATS
///        orchestrate-bench dashboard DIR REPEATS
///        orchestrate-bench compare RUNS 'COMMAND' 'PEER COMMAND'...
///        orchestrate-bench embed MODEL FILE [BATCH] [REPEATS]
///        orchestrate-bench embed-vectors MODEL FILE OUT.f32
///        orchestrate-bench sgemm
///        orchestrate-bench index VECTORS QUERIES --dim D [--m M] [--ef-construction E] [--ef-search E] [--k K] [--threads T]
///        orchestrate-bench chunk [CLEANED_DOCUMENTS_JSON [MODEL_DIR [ROUNDS]]]
///        orchestrate-bench crawl LINKS_FILE [CONCURRENCY]
///        orchestrate-bench generate MODEL [PROMPT_TOKENS] [DECODE_TOKENS] [REPEATS]
///        orchestrate-bench train MODEL [BATCH] [LENGTH] [STEPS] [RANK] [THREADS]
///        orchestrate-bench perplexity MODEL ADAPTER_FOLDER CHAT_JSONL [MAX_LENGTH]
@main
enum BenchMain {
    static func main() async {
        do {
            try await dispatch()
        } catch {
            FileHandle.standardError.write(Data("orchestrate-bench: \(error.localizedDescription)\n".utf8))
            exit(1)
        }
    }

    static func dispatch() async throws {
        let arguments = CommandLine.arguments.dropFirst()
        switch arguments.first {
        case "builtin-chain": try await chain(steps: Int(arguments.dropFirst().first ?? "") ?? 1000, command: false)
        case "command-chain": try await chain(steps: Int(arguments.dropFirst().first ?? "") ?? 10, command: true)
        case "lineage-store":
            let rest = Array(arguments.dropFirst())
            try LineageStoreBuilder.build(at: URL(fileURLWithPath: rest[0]), artifacts: Int(rest[1]) ?? 100_000)
        case "compare":
            let rest = Array(arguments.dropFirst())
            try ProcessTimer.compare(Array(rest.dropFirst()), runs: Int(rest.first ?? "") ?? 20)
        case "embed":
            let rest = Array(arguments.dropFirst())
            try EmbedBenchmark.run(
                model: rest[0], file: rest[1], batchSize: Int(rest.dropFirst(2).first ?? "") ?? 32,
                repeats: Int(rest.dropFirst(3).first ?? "") ?? 3)
        case "embed-vectors":
            let rest = Array(arguments.dropFirst())
            try EmbedBenchmark.writeVectors(model: rest[0], file: rest[1], output: rest[2])
        case "sgemm":
            EmbedBenchmark.sgemmPeak()
        case "lineage-query":
            let rest = Array(arguments.dropFirst())
            try lineageQueries(store: URL(fileURLWithPath: rest[0]), repeats: Int(rest[1]) ?? 200)
        case "dashboard":
            let rest = Array(arguments.dropFirst())
            try await DashboardBenchmark.run(
                store: URL(fileURLWithPath: rest[0]), repeats: Int(rest.dropFirst().first ?? "") ?? 50)
        case "index": try IndexBenchmark.run(Array(arguments.dropFirst()))
        case "chunk":
            let rest = Array(arguments.dropFirst())
            try ChunkBenchmark.run(
                documents: URL(fileURLWithPath: rest.first ?? "../shared/data/handbook/artifacts/cleaned_documents.json"),
                model: URL(fileURLWithPath: rest.count > 1 ? rest[1] : "models/all-MiniLM-L6-v2"),
                rounds: rest.count > 2 ? Int(rest[2]) ?? 3 : 3)
        case "crawl":
            let rest = Array(arguments.dropFirst())
            try await CrawlBenchmark.run(
                links: URL(fileURLWithPath: rest[0]), concurrency: Int(rest.dropFirst().first ?? "") ?? 8)
        case "generate": try GenerateBenchmark.run(Array(arguments.dropFirst()))
        case "train": try TrainBenchmark.run(Array(arguments.dropFirst()))
        case "perplexity": try PerplexityBenchmark.run(Array(arguments.dropFirst()))
        default:
            FileHandle.standardError.write(
                Data(
                    "usage: orchestrate-bench builtin-chain N | command-chain N | lineage-store DIR N | lineage-query DIR N | dashboard DIR N | compare RUNS CMD... | index VECTORS QUERIES --dim D ... | chunk [DOCUMENTS [MODEL [ROUNDS]]] | crawl LINKS [CONCURRENCY] | embed MODEL FILE | sgemm | generate MODEL [PROMPT [DECODE [REPEATS]]]\n"
                        .utf8))
            exit(2)
        }
    }

    /// A chain of N steps linked by `after` (noop) or by data (command, each copying its input).
    static func chain(steps: Int, command: Bool) async throws {
        var yaml = "name: chain\nsteps:\n"
        for index in 0..<steps {
            if command {
                let input = index == 0 ? "" : "    inputs: { i: s\(index - 1).o }\n"
                let body =
                    index == 0 ? "echo start > \"$OUTPUT_o\"" : "cat \"$INPUT_i\" > \"$OUTPUT_o\"; echo \(index) >> \"$OUTPUT_o\""
                yaml += "  s\(index):\n    uses: command\n\(input)    run: \(body)\n    outputs: [o]\n"
            } else {
                yaml += "  s\(index):\n    uses: noop\n" + (index == 0 ? "" : "    after: [s\(index - 1)]\n")
            }
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)")
        defer { _ = try? FileSystem.removeTree(folder) }
        let store = try Store(root: folder)
        let plan = try PipelineValidator(catalog: BuiltInSteps.catalog).plan(try SpecParser.parse(yaml, file: "chain.yaml"))
        let engine = RunEngine(store: store)
        let clock = ContinuousClock()
        var fresh = Duration.zero
        var cached = Duration.zero
        for round in 0..<3 {
            let start = clock.now
            _ = try await engine.run(plan, options: RunOptions(useCache: false, maxParallel: 2))
            let middle = clock.now
            _ = try await engine.run(plan, options: RunOptions(useCache: true, maxParallel: 2))
            let end = clock.now
            if round == 0 || middle - start < fresh { fresh = middle - start }
            if round == 0 || end - middle < cached { cached = end - middle }
        }
        func milliseconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        }
        let kind = command ? "command" : "builtin"
        print(
            String(
                format: "%@-chain steps=%d run_ms=%.1f per_step_ms=%.3f cached_run_ms=%.1f cached_per_step_ms=%.3f (best of 3)",
                kind, steps, milliseconds(fresh), milliseconds(fresh) / Double(steps), milliseconds(cached),
                milliseconds(cached) / Double(steps)))
    }

    static func lineageQueries(store root: URL, repeats: Int) throws {
        let store = try Store(root: root)
        let last = try store.resolveArtifact("bench/s9.o@latest")
        let first = try store.resolveArtifact("bench/s0.o@latest")
        let clock = ContinuousClock()
        for (label, artifact, direction) in [
            ("upstream", last, LineageGraph.Direction.upstream), ("downstream", first, .downstream),
        ] {
            var samples: [Double] = []
            var size = 0
            for _ in 0..<repeats {
                let start = clock.now
                let graph = try store.lineage(of: artifact, direction: direction)
                let elapsed = clock.now - start
                size = graph.artifacts.count
                samples.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
            }
            samples.sort()
            print(
                String(
                    format: "lineage-%@ artifacts_in_answer=%d median_ms=%.3f p95_ms=%.3f (n=%d)", label, size,
                    samples[samples.count / 2], samples[samples.count * 95 / 100], repeats))
        }
    }
}
