import Foundation

@testable import Compute

/// Seeded vectors and metadata for the vector index tests, the same on every run.
enum VectorFixtures {
    /// `count` vectors of `dimension` normally distributed components (so uniformly spread directions).
    static func gaussian(count: Int, dimension: Int, seed: UInt64) -> [[Float]] {
        var generator = SplitMix64(seed: seed)
        func uniform() -> Double { Double((generator.next() >> 11) + 1) * 0x1p-53 }
        return (0..<count).map { _ in
            (0..<dimension).map { _ in Float((-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())) }
        }
    }

    /// `count` vectors of `dimension` components that lie near a random `rank`-dimensional subspace, as
    /// text embeddings do: a Gaussian point of the subspace mapped through a fixed random matrix, plus a
    /// little noise in every dimension.
    static func lowRank(count: Int, dimension: Int, rank: Int, seed: UInt64) -> [[Float]] {
        let basis = gaussian(count: rank, dimension: dimension, seed: 1000)
        let noise = gaussian(count: count, dimension: dimension, seed: seed &+ 1)
        return zip(gaussian(count: count, dimension: rank, seed: seed), noise).map { latent, noise in
            (0..<dimension).map { column in
                zip(latent, basis).reduce(Float(0)) { $0 + $1.0 * $1.1[column] } + 0.1 * noise[column]
            }
        }
    }

    /// Metadata for vector `position`: four authors, three platforms, two kinds, one document per 50
    /// vectors, each cycling at its own period so that the fields vary independently.
    static func metadata(_ position: Int) -> VectorMetadata {
        VectorMetadata(
            author: "author-\(position % 4)", platform: ["web", "mail", "chat"][position % 3],
            kind: position % 2 == 0 ? "post" : "comment", documentID: "doc-\(position / 50)")
    }

    static func id(_ position: Int) -> String { "chunk-\(position)" }

    /// A builder holding `vectors`, with `id` and `metadata` for each.
    static func builder(_ vectors: [[Float]]) throws -> VectorIndexBuilder {
        var builder = try VectorIndexBuilder(dimension: vectors.first?.count ?? 8)
        for (position, vector) in vectors.enumerated() {
            try builder.add(vector: vector, id: id(position), metadata: metadata(position))
        }
        return builder
    }

    /// The true top k by a plain loop over normalized copies, best first, ties to the earlier position.
    static func naiveTop(_ query: [Float], in vectors: [[Float]], k: Int, where admits: (Int) -> Bool = { _ in true })
        -> [Int]
    {
        func unit(_ vector: [Float]) -> [Float] {
            let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return vector.map { $0 / norm }
        }
        let target = unit(query)
        let scored = vectors.enumerated().filter { admits($0.offset) }.map { position, vector in
            (position, zip(unit(vector), target).reduce(Float(0)) { $0 + $1.0 * $1.1 })
        }
        return scored.sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }.prefix(k).map(\.0)
    }
}
