/// Turns a text's token embeddings into one sentence embedding, as sentence-transformers' Pooling and
/// Normalize modules do.
enum SentencePooling {
    /// Mean, first-token or element-wise max of `tokens` rows of `width` floats.
    static func pool(
        _ rows: UnsafePointer<Float>, tokens: Int, width: Int, mode: PoolingMode, into target: UnsafeMutablePointer<Float>
    ) {
        switch mode {
        case .cls:
            target.update(from: rows, count: width)
        case .mean:
            target.update(repeating: 0, count: width)
            for token in 0..<tokens {
                let row = rows + token * width
                for column in 0..<width { target[column] += row[column] }
            }
            let scale = 1 / Float(max(tokens, 1))
            for column in 0..<width { target[column] *= scale }
        case .max:
            target.update(from: rows, count: width)
            for token in 1..<max(tokens, 1) {
                let row = rows + token * width
                for column in 0..<width { target[column] = max(target[column], row[column]) }
            }
        }
    }

    /// Scales to unit length; a zero vector stays zero (the reference divides by max(norm, 1e-12)).
    static func normalize(_ vector: UnsafeMutablePointer<Float>, width: Int) {
        var squares: Float = 0
        for column in 0..<width { squares += vector[column] * vector[column] }
        let scale = 1 / max(squares.squareRoot(), 1e-12)
        for column in 0..<width { vector[column] *= scale }
    }
}
