import CKernels

/// The element-wise and row-wise steps between the encoder's matrix products, on raw row-major buffers.
/// Rows are processed eight floats at a time; the widths of BERT-family models are multiples of eight, and
/// a scalar tail handles any that are not.
enum RowOperations {
    typealias Vector = SIMD8<Float>

    /// `x[r] = row` for every row: the starting value of a product that accumulates onto its bias.
    static func fillRows(_ x: UnsafeMutablePointer<Float>, rows: Int, columns: Int, with row: UnsafePointer<Float>) {
        for index in 0..<rows { (x + index * columns).update(from: row, count: columns) }
    }

    /// `x = gelu(x + bias)` with the exact (erf) GELU that BERT uses: CKernels' AVX2 loop where the
    /// processor has it (the same polynomial, with fused multiply-adds), the Swift one otherwise.
    /// Adds `bias` to every row (the decoder's optional projection biases; the encoder folds its biases into the products instead).
    static func addBias(_ x: UnsafeMutablePointer<Float>, rows: Int, columns: Int, bias: UnsafePointer<Float>) {
        for row in 0..<rows {
            let line = x + row * columns
            var column = 0
            while column + 8 <= columns {
                store(load(line + column) + load(bias + column), line + column)
                column += 8
            }
            while column < columns {
                line[column] += bias[column]
                column += 1
            }
        }
    }

    static func addBiasGELU(_ x: UnsafeMutablePointer<Float>, rows: Int, columns: Int, bias: UnsafePointer<Float>) {
        if NativeKernels.available {
            ck_add_bias_gelu(x, rows, columns, bias)
        } else {
            addBiasGELUPortable(x, rows: rows, columns: columns, bias: bias)
        }
    }

    /// `addBiasGELU` in Swift SIMD, for any processor.
    static func addBiasGELUPortable(
        _ x: UnsafeMutablePointer<Float>, rows: Int, columns: Int, bias: UnsafePointer<Float>
    ) {
        let half = Vector(repeating: 0.5)
        let invSqrt2 = Vector(repeating: 0.707_106_781_186_547_5)
        for row in 0..<rows {
            let line = x + row * columns
            var column = 0
            while column + 8 <= columns {
                let v = load(line + column) + load(bias + column)
                store(half * v * (1 + VectorMath.erf(v * invSqrt2)), line + column)
                column += 8
            }
            while column < columns {
                let v = line[column] + bias[column]
                line[column] = 0.5 * v * (1 + VectorMath.erf(Vector(repeating: v * 0.707_106_781_186_547_5))[0])
                column += 1
            }
        }
    }

    /// `x = layerNorm(x + bias)` in place, the add-and-normalize that closes attention and feed-forward
    /// blocks once their projection has been accumulated into the residual. Statistics are accumulated in
    /// Float, as PyTorch's CPU kernel does for float32 tensors.
    static func addBiasLayerNorm(
        _ x: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>, rows: Int, columns: Int,
        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, epsilon: Float
    ) {
        for row in 0..<rows {
            let line = x + row * columns
            var sum = Vector()
            var column = 0
            while column + 8 <= columns {
                let v = load(line + column) + load(bias + column)
                store(v, line + column)
                sum += v
                column += 8
            }
            var total = sum.sum()
            while column < columns {
                line[column] += bias[column]
                total += line[column]
                column += 1
            }
            normalize(line, columns: columns, mean: total / Float(columns), gamma: gamma, beta: beta, epsilon: epsilon)
        }
    }

    /// `x = layerNorm(x)` in place, row by row.
    static func layerNorm(
        _ x: UnsafeMutablePointer<Float>, rows: Int, columns: Int, gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>,
        epsilon: Float
    ) {
        for row in 0..<rows {
            let line = x + row * columns
            var sum = Vector()
            var column = 0
            while column + 8 <= columns {
                sum += load(line + column)
                column += 8
            }
            var total = sum.sum()
            while column < columns {
                total += line[column]
                column += 1
            }
            normalize(line, columns: columns, mean: total / Float(columns), gamma: gamma, beta: beta, epsilon: epsilon)
        }
    }

    /// Softmax of each of `rows` rows of `columns` scores (row stride `stride`), in place.
    static func softmax(_ x: UnsafeMutablePointer<Float>, rows: Int, columns: Int, stride: Int) {
        for row in 0..<rows {
            let line = x + row * stride
            var highest = -Float.infinity
            for column in 0..<columns { highest = max(highest, line[column]) }
            let top = Vector(repeating: highest)
            var sum = Vector()
            var column = 0
            while column + 8 <= columns {
                let e = VectorMath.exp(load(line + column) - top)
                store(e, line + column)
                sum += e
                column += 8
            }
            var total = sum.sum()
            while column < columns {
                var tail = Vector(repeating: -Float.infinity)
                tail[0] = line[column] - highest
                let e = VectorMath.exp(tail)[0]
                line[column] = e
                total += e
                column += 1
            }
            let scale = Vector(repeating: 1 / total)
            column = 0
            while column + 8 <= columns {
                store(load(line + column) * scale, line + column)
                column += 8
            }
            while column < columns {
                line[column] *= scale[0]
                column += 1
            }
        }
    }

    /// Centres a row on `mean`, scales it to unit variance (biased, as LayerNorm does) and applies gamma, beta.
    @inline(__always)
    private static func normalize(
        _ line: UnsafeMutablePointer<Float>, columns: Int, mean: Float, gamma: UnsafePointer<Float>,
        beta: UnsafePointer<Float>, epsilon: Float
    ) {
        let centre = Vector(repeating: mean)
        var squares = Vector()
        var column = 0
        while column + 8 <= columns {
            let d = load(line + column) - centre
            squares += d * d
            column += 8
        }
        var variance = squares.sum()
        while column < columns {
            let d = line[column] - mean
            variance += d * d
            column += 1
        }
        let inverse = 1 / (variance / Float(columns) + epsilon).squareRoot()
        let scale = Vector(repeating: inverse)
        column = 0
        while column + 8 <= columns {
            let normalized = (load(line + column) - centre) * scale
            store(normalized * load(gamma + column) + load(beta + column), line + column)
            column += 8
        }
        while column < columns {
            line[column] = (line[column] - mean) * inverse * gamma[column] + beta[column]
            column += 1
        }
    }

    @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>) -> Vector {
        UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
    }

    @inline(__always)
    static func load(_ pointer: UnsafeMutablePointer<Float>) -> Vector {
        UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
    }

    @inline(__always)
    static func store(_ value: Vector, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: Vector.self)
    }
}
