/// The element-wise and row-wise steps of a Llama-family decoder between its matrix products, on raw
/// row-major buffers, eight floats at a time with a scalar tail (see `RowOperations`).
enum DecoderRowOperations {
    typealias Vector = SIMD8<Float>

    /// `output[r] = x[r] / √(mean(x[r]²) + ε) · weight`, as transformers' `LlamaRMSNorm` computes it in float32.
    static func rmsNorm(
        _ x: UnsafePointer<Float>, rows: Int, columns: Int, weight: UnsafePointer<Float>, epsilon: Float,
        into output: UnsafeMutablePointer<Float>
    ) {
        for row in 0..<rows {
            let input = x + row * columns
            let target = output + row * columns
            var squares = Vector()
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
            let inverse = 1 / (total / Float(columns) + epsilon).squareRoot()
            let scale = Vector(repeating: inverse)
            column = 0
            while column + 8 <= columns {
                RowOperations.store(
                    RowOperations.load(weight + column) * (RowOperations.load(input + column) * scale), target + column)
                column += 8
            }
            while column < columns {
                target[column] = weight[column] * (input[column] * inverse)
                column += 1
            }
        }
    }

    /// `x += y` over `count` floats: the residual connections.
    static func add(_ y: UnsafePointer<Float>, to x: UnsafeMutablePointer<Float>, count: Int) {
        var index = 0
        while index + 8 <= count {
            RowOperations.store(RowOperations.load(x + index) + RowOperations.load(y + index), x + index)
            index += 8
        }
        while index < count {
            x[index] += y[index]
            index += 1
        }
    }

    /// SwiGLU in place: each row holds `[gate | up]`, `2·inner` wide; its first half becomes
    /// `silu(gate) · up`, which the down projection then reads with the row stride `2·inner`.
    static func gateActivation(_ x: UnsafeMutablePointer<Float>, rows: Int, inner: Int) {
        for row in 0..<rows {
            let gate = x + row * 2 * inner
            let up = gate + inner
            var column = 0
            while column + 8 <= inner {
                let g = RowOperations.load(gate + column)
                let silu = g / (1 + VectorMath.exp(-g))
                RowOperations.store(silu * RowOperations.load(up + column), gate + column)
                column += 8
            }
            while column < inner {
                let g = gate[column]
                var lane = Vector(repeating: 0)
                lane[0] = -g
                gate[column] = g / (1 + VectorMath.exp(lane)[0]) * up[column]
                column += 1
            }
        }
    }

    /// Rotates `heads` heads of each row in place: row `r` is at position `firstPosition + r`. Within a head
    /// the pairs are `(x[i], x[i + d/2])`, the layout `rotate_half` implies.
    static func rotate(
        _ x: UnsafeMutablePointer<Float>, rows: Int, stride: Int, heads: Int, headSize: Int, firstPosition: Int,
        cosines: UnsafePointer<Float>, sines: UnsafePointer<Float>
    ) {
        let half = headSize / 2
        for row in 0..<rows {
            let cosine = cosines + (firstPosition + row) * half
            let sine = sines + (firstPosition + row) * half
            for head in 0..<heads {
                let first = x + row * stride + head * headSize
                let second = first + half
                var pair = 0
                while pair + 8 <= half {
                    let a = RowOperations.load(first + pair)
                    let b = RowOperations.load(second + pair)
                    let c = RowOperations.load(cosine + pair)
                    let s = RowOperations.load(sine + pair)
                    RowOperations.store(a * c - b * s, first + pair)
                    RowOperations.store(b * c + a * s, second + pair)
                    pair += 8
                }
                while pair < half {
                    let a = first[pair]
                    let b = second[pair]
                    first[pair] = a * cosine[pair] - b * sine[pair]
                    second[pair] = b * cosine[pair] + a * sine[pair]
                    pair += 1
                }
            }
        }
    }

    /// Causal softmax: row `r` of the scores (row stride `stride`) sees its first `firstVisible + r` columns,
    /// which are normalized; the columns after them are set to zero, so that a product with the values
    /// gives exactly what the masked softmax would.
    static func causalSoftmax(_ scores: UnsafeMutablePointer<Float>, rows: Int, stride: Int, firstVisible: Int) {
        for row in 0..<rows {
            let visible = firstVisible + row
            RowOperations.softmax(scores + row * stride, rows: 1, columns: visible, stride: stride)
            let line = scores + row * stride
            for column in visible..<stride { line[column] = 0 }
        }
    }
}
