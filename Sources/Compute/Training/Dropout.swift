/// Inverted dropout with masks drawn from a seed, so that the pass that recomputes a layer for its
/// backward pass, and the backward pass itself, see exactly the mask the forward pass used.
struct Dropout: Sendable {
    let rate: Float
    let seed: UInt64

    var isActive: Bool { rate > 0 }

    /// `output[r, c] = input[r, c] · mask[r, c] / (1 − rate)`, the mask the same for every call with this seed.
    func apply(
        _ input: UnsafePointer<Float>, lda: Int, rows: Int, columns: Int, into output: UnsafeMutablePointer<Float>,
        ldo: Int
    ) {
        let keep = 1 - rate
        forEachElement(rows: rows, columns: columns) { row, column, kept in
            output[row * ldo + column] = kept ? input[row * lda + column] / keep : 0
        }
    }

    /// Visits every element with whether the mask keeps it: one generator per row, seeded by the row.
    @inline(__always)
    private func forEachElement(rows: Int, columns: Int, _ body: (Int, Int, Bool) -> Void) {
        let threshold = UInt64(Double(rate) * Double(UInt64.max))
        for row in 0..<rows {
            var random = SplitMix64(seed: seed ^ (UInt64(row) &* 0x9E37_79B9_7F4A_7C15))
            for column in 0..<columns { body(row, column, random.next() >= threshold) }
        }
    }

    /// `output[r, c] += input[r, c] · mask[r, c] / (1 − rate)`: the gradient through the mask `apply` uses.
    func accumulate(
        _ input: UnsafePointer<Float>, lda: Int, rows: Int, columns: Int, into output: UnsafeMutablePointer<Float>,
        ldo: Int
    ) {
        let keep = 1 - rate
        forEachElement(rows: rows, columns: columns) { row, column, kept in
            if kept { output[row * ldo + column] += input[row * lda + column] / keep }
        }
    }

    /// The seed of one module's mask in one layer of one micro-batch.
    static func seed(step: UInt64, layer: Int, target: LoRATarget) -> UInt64 {
        var random = SplitMix64(seed: step &* 0x100_0000_01B3 ^ UInt64(layer) << 8 ^ UInt64(target.hashIndex))
        return random.next()
    }
}

extension LoRATarget {
    /// A stable small number per module, for seeds.
    var hashIndex: Int { LoRATarget.allCases.firstIndex(of: self)! }
}
