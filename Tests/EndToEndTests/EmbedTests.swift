import Foundation
import Testing

/// `orchestrate embed`: one JSON array of floats per line of standard input, in input order.
@Suite("embed")
struct EmbedTests {
    struct Reference {
        var text: String
        var vector: [Double]
    }

    /// Single-line texts of the sentence-transformers fixture (Tests/ComputeTests/Fixtures/embeddings).
    static func references() throws -> [Reference] {
        let url = CLI.packageRoot.appendingPathComponent("Tests/ComputeTests/Fixtures/embeddings/reference.jsonl")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").compactMap { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            guard let text = object?["text"] as? String, let vector = object?["vector"] as? [Double],
                !text.contains(where: \.isNewline)
            else { return nil }
            return Reference(text: text, vector: vector)
        }
    }

    @Test("each line becomes its sentence-transformers vector (cosine ≥ 0.9999), in input order, whatever the batch size")
    func matchesReference() throws {
        let model = try TokenizeTests.model()
        let references = Array(try Self.references().prefix(60))
        let input = references.map(\.text).joined(separator: "\n") + "\n"
        for batchSize in ["1", "7", "32"] {
            let result = try CLI.run(
                ["embed", "--model", model.path, "--batch-size", batchSize], in: CLI.packageRoot, input: input)
            #expect(result.status == 0)
            #expect(result.stderr == "")
            let rows = result.stdout.split(separator: "\n").map {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [Double]) ?? []
            }
            #expect(rows.count == references.count)
            for (row, reference) in zip(rows, references) {
                #expect(row.count == 384)
                let dot = zip(row, reference.vector).reduce(0) { $0 + $1.0 * $1.1 }
                let norms = (row.reduce(0) { $0 + $1 * $1 } * reference.vector.reduce(0) { $0 + $1 * $1 }).squareRoot()
                #expect(dot / norms >= 0.9999, "batch \(batchSize): \(String(reflecting: reference.text.prefix(50)))")
            }
        }
    }

    @Test("a bad --batch-size or a missing model is a usage error")
    func usageErrors() throws {
        let project = try TestProject()
        let zero = try CLI.run(["embed", "--batch-size", "0"], in: project.root, input: "hello\n")
        #expect(zero.status == 2)
        #expect(zero.stderr.contains("--batch-size must be at least 1"))
        let missing = try CLI.run(["embed"], in: project.root, input: "hello\n")
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("run ./scripts/setup to fetch all-MiniLM-L6-v2, or pass --model DIR"))
    }
}
