import ArtifactStore
import Compute
import Foundation
import Orchestrator

/// How close answers sit to the author's own writing, with no judge: each answer's embedding against the
/// mean embedding of the author's chunks and of everyone else's. `similarity` is the mean cosine to the
/// author's centroid; `margin` the mean of (author − others), above 0 when the answers read more like the
/// author than like the other writers of the corpus. With a single author the margin is absent.
struct StyleScore {
    let encoder: BertEncoder
    let author: String
    let authorCentroid: [Float]
    let othersCentroid: [Float]?
    let authorChunks: Int
    let otherChunks: Int

    /// Embeds the chunks of `records` (each with `text` and `author`); `author` empty picks the author with
    /// the most chunks.
    init(encoder: BertEncoder, records: [[String: JSONValue]], author requested: String, label: String) throws {
        var byAuthor: [String: [String]] = [:]
        for record in records {
            guard let text = record["text"]?.stringValue, let name = record["author"]?.stringValue else { continue }
            byAuthor[name, default: []].append(text)
        }
        guard !byAuthor.isEmpty else { throw StepFailure("\(label) has no chunks with 'text' and 'author'") }
        let author =
            requested.isEmpty
            ? byAuthor.max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }!.key : requested
        guard let own = byAuthor[author] else {
            throw StepFailure(
                "parameter 'author': no chunks by '\(author)' in \(label); its authors: "
                    + byAuthor.keys.sorted().joined(separator: ", "))
        }
        let others = byAuthor.filter { $0.key != author }.flatMap(\.value)
        self.encoder = encoder
        self.author = author
        authorCentroid = Self.centroid(encoder.embed(own))
        othersCentroid = others.isEmpty ? nil : Self.centroid(encoder.embed(others))
        authorChunks = own.count
        otherChunks = others.count
    }

    /// Per answer: the cosine to the author's centroid, and the margin over the others' when there are others.
    func score(_ answers: [String]) -> [(similarity: Double, margin: Double?)] {
        encoder.embed(answers).map { vector in
            let own = Self.cosine(vector, authorCentroid)
            return (own, othersCentroid.map { own - Self.cosine(vector, $0) })
        }
    }

    static func centroid(_ vectors: [[Float]]) -> [Float] {
        var sum = [Float](repeating: 0, count: vectors.first?.count ?? 0)
        for vector in vectors {
            for index in sum.indices { sum[index] += vector[index] }
        }
        return sum.map { $0 / Float(max(vectors.count, 1)) }
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var dot = 0.0
        var normA = 0.0
        var normB = 0.0
        for index in a.indices {
            dot += Double(a[index]) * Double(b[index])
            normA += Double(a[index]) * Double(a[index])
            normB += Double(b[index]) * Double(b[index])
        }
        return normA > 0 && normB > 0 ? dot / (normA.squareRoot() * normB.squareRoot()) : 0
    }
}
