/// The base model's linear layers in float32 for training. A quantized model's matrices are dequantized
/// once, when training starts: every micro-batch multiplies each of them three times (forward, the
/// recomputation before the backward pass, backward) with hundreds of rows, where dense BLAS products are
/// fastest, and a small model's float32 copy (540 MB for SmolLM2-135M) fits comfortably.
struct DenseWeights: Sendable {
    struct Layer: Sendable {
        let queryKeyValue: WeightMatrix
        let output: WeightMatrix
        let gateUp: WeightMatrix
        let down: WeightMatrix
    }

    let layers: [Layer]
    let head: WeightMatrix

    init(_ weights: LlamaWeights) {
        func dense(_ matrix: WeightMatrix) -> WeightMatrix { matrix.isDense ? matrix : matrix.dequantized() }
        layers = weights.layers.map {
            Layer(
                queryKeyValue: dense($0.queryKeyValue), output: dense($0.output), gateUp: dense($0.gateUp),
                down: dense($0.down))
        }
        head = dense(weights.head)
    }

    /// The bytes of float32 copies this made beyond the model's own weights.
    static func extraBytes(for weights: LlamaWeights) -> Int {
        var matrices = weights.layers.flatMap { [$0.queryKeyValue, $0.output, $0.gateUp, $0.down] }
        matrices.append(weights.head)
        return matrices.filter { !$0.isDense }.reduce(0) { $0 + $1.rows * $1.columns * 4 }
    }
}
