import Compute
import Foundation

/// BERT's forward pass written as plainly as possible, in Double, one text at a time, straight from the
/// safetensors file: the specification the optimized encoder is checked against on small models.
struct NaiveBert {
    let folder: SentenceTransformerFolder

    func tensor(_ name: String) throws -> [Double] {
        try folder.weights.floats(folder.weightPrefix + name).map(Double.init)
    }

    func embed(_ ids: [Int]) throws -> [Double] {
        let config = folder.configuration
        let h = config.hiddenSize
        let words = try tensor("embeddings.word_embeddings.weight")
        let positions = try tensor("embeddings.position_embeddings.weight")
        let types = try tensor("embeddings.token_type_embeddings.weight")
        var x = ids.enumerated().map { position, id in
            (0..<h).map { words[id * h + $0] + positions[position * h + $0] + types[$0] }
        }
        x = try x.map { try layerNorm($0, "embeddings.LayerNorm") }
        for layer in 0..<config.layers {
            let p = "encoder.layer.\(layer)."
            let q = try x.map { try linear($0, p + "attention.self.query") }
            let k = try x.map { try linear($0, p + "attention.self.key") }
            let v = try x.map { try linear($0, p + "attention.self.value") }
            let d = config.headSize
            var context = x.map { _ in [Double](repeating: 0, count: h) }
            for head in 0..<config.attentionHeads {
                let columns = (head * d)..<((head + 1) * d)
                for i in x.indices {
                    let scores = x.indices.map { j in columns.reduce(0) { $0 + q[i][$1] * k[j][$1] } / Double(d).squareRoot() }
                    let top = scores.max()!
                    let e = scores.map { exp($0 - top) }
                    let total = e.reduce(0, +)
                    for column in columns {
                        context[i][column] = x.indices.reduce(0) { $0 + e[$1] / total * v[$1][column] }
                    }
                }
            }
            let attended = try context.map { try linear($0, p + "attention.output.dense") }
            x = try x.indices.map { try layerNorm(zip(attended[$0], x[$0]).map(+), p + "attention.output.LayerNorm") }
            let inner = try x.map { try linear($0, p + "intermediate.dense").map { 0.5 * $0 * (1 + erf($0 / 2.0.squareRoot())) } }
            let outer = try inner.map { try linear($0, p + "output.dense") }
            x = try x.indices.map { try layerNorm(zip(outer[$0], x[$0]).map(+), p + "output.LayerNorm") }
        }
        var pooled: [Double]
        switch folder.pooling {
        case .cls: pooled = x[0]
        case .mean: pooled = (0..<h).map { column in x.reduce(0) { $0 + $1[column] } / Double(x.count) }
        case .max: pooled = (0..<h).map { column in x.map { $0[column] }.max()! }
        }
        if folder.normalizesEmbeddings {
            let norm = pooled.reduce(0) { $0 + $1 * $1 }.squareRoot()
            pooled = pooled.map { $0 / max(norm, 1e-12) }
        }
        return pooled
    }

    private func linear(_ input: [Double], _ name: String) throws -> [Double] {
        let weight = try tensor(name + ".weight")
        let bias = try tensor(name + ".bias")
        return bias.indices.map { row in input.indices.reduce(bias[row]) { $0 + weight[row * input.count + $1] * input[$1] } }
    }

    private func layerNorm(_ input: [Double], _ name: String) throws -> [Double] {
        let gamma = try tensor(name + ".weight")
        let beta = try tensor(name + ".bias")
        let mean = input.reduce(0, +) / Double(input.count)
        let variance = input.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(input.count)
        let scale = 1 / (variance + folder.configuration.layerNormEpsilon).squareRoot()
        return input.indices.map { (input[$0] - mean) * scale * gamma[$0] + beta[$0] }
    }
}
