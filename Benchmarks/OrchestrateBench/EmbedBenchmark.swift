import COpenBLAS
import Compute
import Foundation

/// `orchestrate-bench embed MODEL FILE [BATCH] [REPEATS]`: sentences per second of the native encoder on
/// the lines of FILE, timed the way the PyTorch peer script times sentence-transformers (model loaded and
/// warmed up first, best of REPEATS), plus the FLOP rate that implies.
///
/// `orchestrate-bench sgemm`: the float32 rate OpenBLAS reaches on a large product on all cores, the
/// practical peak the encoder's rate is compared with.
enum EmbedBenchmark {
    static func run(model: String, file: String, batchSize: Int, repeats: Int) throws {
        let folder = try SentenceTransformerFolder(URL(fileURLWithPath: model))
        let encoder = try BertEncoder(folder)
        let texts = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map(String.init)
        _ = encoder.embed(Array(texts.prefix(64)), batchSize: batchSize)
        var best = Double.infinity
        for _ in 0..<max(1, repeats) {
            let start = ContinuousClock.now
            _ = encoder.embed(texts, batchSize: batchSize)
            best = min(best, (ContinuousClock.now - start) / .seconds(1))
        }
        let lengths = texts.map { folder.tokenizer.encode($0).ids.count }
        let flops = lengths.reduce(0.0) { $0 + flopsPerText(tokens: $1, config: folder.configuration) }
        print(
            String(
                format:
                    #"{"texts": %d, "tokens": %d, "seconds": %.3f, "per_second": %.1f, "gflops": %.1f, "batch_size": %d, "threads": %d}"#,
                texts.count, lengths.reduce(0, +), best, Double(texts.count) / best, flops / best / 1e9, batchSize,
                ProcessInfo.processInfo.activeProcessorCount))
    }

    /// Multiply-adds of one text through the encoder, counted as two FLOPs each: the four hidden×hidden
    /// projections and the two feed-forward products per token, and attention's two L×L×hidden products.
    static func flopsPerText(tokens: Int, config: BertConfiguration) -> Double {
        let h = Double(config.hiddenSize), i = Double(config.intermediateSize), l = Double(tokens)
        let perLayer = 2 * l * (4 * h * h + 2 * h * i) + 2 * 2 * l * l * h
        return perLayer * Double(config.layers)
    }

    /// `orchestrate-bench embed-vectors MODEL FILE OUT`: the embeddings of FILE's lines as raw little-endian
    /// float32 rows, the input format of `orchestrate-bench index` and the hnswlib peer.
    static func writeVectors(model: String, file: String, output: String) throws {
        let encoder = try BertEncoder(try SentenceTransformerFolder(URL(fileURLWithPath: model)))
        let texts = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map(String.init)
        var data = Data(capacity: texts.count * encoder.dimension * 4)
        for vector in encoder.embed(texts) {
            for value in vector { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        }
        try data.write(to: URL(fileURLWithPath: output))
    }

    static func sgemmPeak() {
        let n = 2048
        let a = [Float](repeating: 0.5, count: n * n), b = [Float](repeating: 0.25, count: n * n)
        var c = [Float](repeating: 0, count: n * n)
        openblas_set_num_threads(Int32(ProcessInfo.processInfo.activeProcessorCount))
        var best = Double.infinity
        for _ in 0..<5 {
            let start = ContinuousClock.now
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasNoTrans, blasint(n), blasint(n), blasint(n), 1, a, blasint(n), b, blasint(n), 0,
                &c, blasint(n))
            best = min(best, (ContinuousClock.now - start) / .seconds(1))
        }
        print(
            String(
                format: #"{"sgemm_n": %d, "gflops": %.1f, "threads": %d}"#, n, 2 * pow(Double(n), 3) / best / 1e9,
                ProcessInfo.processInfo.activeProcessorCount))
    }
}
