import Foundation
import Testing

/// A fixture folder of Fixtures/llama and the logits transformers computed for it (see the README there).
struct LlamaReference {
    struct Sequence {
        var ids: [Int]
        var logits: [[Float]]
    }

    struct Continuation {
        var prompt: [Int]
        var greedy: [Int]
    }

    static let variants = ["tied", "untied"]

    let folder: URL
    let sequences: [Sequence]
    let continuations: [Continuation]

    init(_ variant: String) throws {
        folder = ReferenceModel.fixtures.appendingPathComponent("llama/\(variant)")
        let data = try Data(contentsOf: folder.appendingPathComponent("reference.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let sequences = try #require(object["sequences"] as? [[String: Any]])
        self.sequences = try sequences.map { entry in
            let ids = try #require(entry["ids"] as? [Int])
            let logits = try #require(entry["logits"] as? [[Double]])
            return Sequence(ids: ids, logits: logits.map { $0.map(Float.init) })
        }
        let continuations = try #require(object["continuations"] as? [[String: Any]])
        self.continuations = try continuations.map { entry in
            Continuation(prompt: try #require(entry["prompt"] as? [Int]), greedy: try #require(entry["greedy"] as? [Int]))
        }
    }

    /// The largest absolute difference between two rows of logits.
    static func distance(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).map { abs($0 - $1) }.max() ?? .infinity
    }
}
