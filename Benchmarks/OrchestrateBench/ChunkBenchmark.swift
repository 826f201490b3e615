import ArtifactStore
import Compute
import Foundation
import Orchestrator
import Steps

/// Cleans and chunks the handbook's cleaned articles in process, timing the two apart: documents
/// per second and megabytes (UTF-8 of the input text) per second, best of `rounds`. Tokenizing the
/// cleaned texts once, whole, is timed too: the floor under chunking, which measures every text
/// about twice (its sentences, then the chunks made of them).
enum ChunkBenchmark {
    static func run(documents url: URL, model: URL, rounds: Int) throws {
        let value = try JSONText.parse(try Data(contentsOf: url))
        let texts = (value["artifact_data"]?.arrayValue ?? []).compactMap { $0["content"]?.stringValue }
        guard !texts.isEmpty else { throw StepFailure("\(url.path): no artifact_data documents with content") }
        let chunker = try DocumentChunker(model: SentenceTransformerFolder(model))
        let clock = ContinuousClock()
        var best = (clean: Duration.zero, chunk: Duration.zero, tokenize: Duration.zero)
        var cleaned: [String] = []
        var chunks = 0
        var tokens = 0
        for round in 0..<rounds {
            let start = clock.now
            cleaned = texts.map(TextCleaner.clean)
            let middle = clock.now
            var counts = (0, 0)
            for text in cleaned {
                for chunk in try chunker.chunks(of: text, kind: "article") {
                    counts.0 += 1
                    counts.1 += chunk.tokens
                }
            }
            let end = clock.now
            for text in cleaned { _ = chunker.counter.count(text[...]) }
            let tokenized = clock.now
            (chunks, tokens) = counts
            if round == 0 || middle - start < best.clean { best.clean = middle - start }
            if round == 0 || end - middle < best.chunk { best.chunk = end - middle }
            if round == 0 || tokenized - end < best.tokenize { best.tokenize = tokenized - end }
        }
        func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
        for (label, duration, inputs) in [
            ("clean", best.clean, texts), ("chunk", best.chunk, cleaned), ("tokenize", best.tokenize, cleaned),
        ] {
            let megabytes = Double(inputs.reduce(0) { $0 + $1.utf8.count }) / 1e6
            print(
                String(
                    format: "%@ documents=%d input_mb=%.2f seconds=%.3f documents_per_s=%.1f mb_per_s=%.2f (best of %d)",
                    label, inputs.count, megabytes, seconds(duration), Double(inputs.count) / seconds(duration),
                    megabytes / seconds(duration), rounds))
        }
        print("chunk chunks=\(chunks) tokens=\(tokens)")
    }
}
