import Foundation

/// The element-wise and row-wise steps of training that the forward pass does not need: RMSNorm with its
/// inverse root mean square kept, the backward passes of RMSNorm, SwiGLU and the rotary embedding, and
/// inverted dropout. Plain loops: they are a few percent of a step, whose time goes to matrix products.
enum TrainingRowOperations {
    /// `output[r] = x[r] · inverse[r] · weight`, with `inverse[r] = 1 / √(mean(x[r]²) + ε)` kept for the
    /// backward pass.
    static func rmsNorm(
        _ x: UnsafePointer<Float>, rows: Int, columns: Int, weight: UnsafePointer<Float>, epsilon: Float,
        into output: UnsafeMutablePointer<Float>, inverse: UnsafeMutablePointer<Float>
    ) {
        for row in 0..<rows {
            let input = x + row * columns
            let target = output + row * columns
            var squares = SIMD8<Float>()
            var column = 0
            while column + 8 <= columns {
                let v = RowOperations.load(input + column)
                squares += v * v
                column += 8
            }
            var total = squares.sum()
            while column < columns {
                total += input[column] * input[column]
                column += 1
            }
            let scale = 1 / (total / Float(columns) + epsilon).squareRoot()
            inverse[row] = scale
            for column in 0..<columns { target[column] = weight[column] * (input[column] * scale) }
        }
    }

    /// Adds to `dx` the gradient through `y = x · inverse · weight` given `dy`: with `n = x · inverse`,
    /// `dx = inverse · (dy·weight − n · mean(dy·weight · n))`.
    static func rmsNormBackward(
        _ dy: UnsafePointer<Float>, x: UnsafePointer<Float>, rows: Int, columns: Int, weight: UnsafePointer<Float>,
        inverse: UnsafePointer<Float>, addingTo dx: UnsafeMutablePointer<Float>
    ) {
        for row in 0..<rows {
            let g = dy + row * columns
            let input = x + row * columns
            let target = dx + row * columns
            let scale = inverse[row]
            var dot: Float = 0
            for column in 0..<columns { dot += g[column] * weight[column] * input[column] * scale }
            let mean = dot / Float(columns)
            for column in 0..<columns {
                target[column] += scale * (g[column] * weight[column] - input[column] * scale * mean)
            }
        }
    }

    /// `output = silu(gate) · up` for rows of `[gate | up]` (`2·inner` wide), into rows `inner` wide.
    static func gateActivation(
        _ gateUp: UnsafePointer<Float>, rows: Int, inner: Int, into output: UnsafeMutablePointer<Float>
    ) {
        for row in 0..<rows {
            let gate = gateUp + row * 2 * inner
            let up = gate + inner
            let target = output + row * inner
            var column = 0
            while column + 8 <= inner {
                let g = RowOperations.load(gate + column)
                RowOperations.store(g / (1 + VectorMath.exp(-g)) * RowOperations.load(up + column), target + column)
                column += 8
            }
            while column < inner {
                let g = gate[column]
                target[column] = g / (1 + Foundation.exp(-g)) * up[column]
                column += 1
            }
        }
    }

    /// The gradient of `silu(gate) · up` with respect to `[gate | up]`, given the gradient `d` of its output:
    /// `d·up·σ(g)·(1 + g·(1 − σ(g)))` and `d·silu(g)`.
    static func gateActivationBackward(
        _ d: UnsafePointer<Float>, gateUp: UnsafePointer<Float>, rows: Int, inner: Int,
        into dGateUp: UnsafeMutablePointer<Float>
    ) {
        let one = SIMD8<Float>(repeating: 1)
        for row in 0..<rows {
            let gate = gateUp + row * 2 * inner
            let up = gate + inner
            let g = d + row * inner
            let dGate = dGateUp + row * 2 * inner
            let dUp = dGate + inner
            var column = 0
            while column + 8 <= inner {
                let x = RowOperations.load(gate + column)
                let sigmoid = one / (one + VectorMath.exp(-x))
                let gradient = RowOperations.load(g + column)
                RowOperations.store(gradient * x * sigmoid, dUp + column)
                RowOperations.store(
                    gradient * RowOperations.load(up + column) * sigmoid * (one + x * (one - sigmoid)), dGate + column)
                column += 8
            }
            while column < inner {
                let x = gate[column]
                let sigmoid = 1 / (1 + Foundation.exp(-x))
                dUp[column] = g[column] * x * sigmoid
                dGate[column] = g[column] * up[column] * sigmoid * (1 + x * (1 - sigmoid))
                column += 1
            }
        }
    }

    /// Row `r`'s softmax of the scores in place (row stride `stride`) over its first `r + 1` columns, the
    /// rest set to zero: attention within one causal sample.
    static func causalSoftmax(_ scores: UnsafeMutablePointer<Float>, rows: Int, stride: Int) {
        DecoderRowOperations.causalSoftmax(scores, rows: rows, stride: stride, firstVisible: 1)
    }

    /// The softmax's backward pass in place on `dP`: `dS = P ⊙ (dP − rowsum(P ⊙ dP))`.
    static func softmaxBackward(_ p: UnsafePointer<Float>, _ dP: UnsafeMutablePointer<Float>, rows: Int, stride: Int) {
        for row in 0..<rows {
            let probabilities = p + row * stride
            let gradient = dP + row * stride
            let visible = row + 1
            var dot: Float = 0
            for column in 0..<visible { dot += probabilities[column] * gradient[column] }
            for column in 0..<visible { gradient[column] = probabilities[column] * (gradient[column] - dot) }
            for column in visible..<stride { gradient[column] = 0 }
        }
    }
}
