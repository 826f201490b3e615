extension LoRANetwork {
    /// `c += scale · (dropout(x)·Aᵀ)·Bᵀ` for one module, if the adapter targets it.
    func addAdapter(
        _ target: LoRATarget, layer: Int, x: UnsafePointer<Float>, ldx: Int, rows: Int, into c: UnsafeMutablePointer<Float>,
        ldc: Int, dropoutStep: UInt64?
    ) {
        guard let slot = parameters.slots[layer][target] else { return }
        let rank = parameters.configuration.rank
        let (input, ld) = adapterInput(target, layer: layer, x: x, ldx: ldx, rows: rows, slot: slot, step: dropoutStep)
        let values = parameters.values.base
        MatrixProduct.timesTransposed(
            input, lda: ld, values + slot.a, ldb: slot.inFeatures, into: workspace.low.base, ldc: rank, m: rows, n: rank,
            k: slot.inFeatures)
        MatrixProduct.timesTransposed(
            workspace.low.base, lda: rank, values + slot.b, ldb: rank, into: c, ldc: ldc, m: rows, n: slot.outFeatures,
            k: rank, alpha: parameters.configuration.scale, beta: 1)
    }

    /// The gradients of one module's adapter from the gradient `dy` of the module's output, added to the
    /// parameters' gradients, and the adapter's share of the input gradient added to `dx`.
    func adapterBackward(
        _ target: LoRATarget, layer: Int, x: UnsafePointer<Float>, ldx: Int, dy: UnsafePointer<Float>, ldy: Int,
        rows: Int, addingTo dx: UnsafeMutablePointer<Float>, lddx: Int, dropoutStep: UInt64?
    ) {
        guard let slot = parameters.slots[layer][target] else { return }
        let rank = parameters.configuration.rank
        let scale = parameters.configuration.scale
        let values = parameters.values.base
        let gradients = parameters.gradients.base
        let low = workspace.low.base
        let lowGradient = workspace.lowGradient.base
        let (input, ld) = adapterInput(target, layer: layer, x: x, ldx: ldx, rows: rows, slot: slot, step: dropoutStep)
        MatrixProduct.timesTransposed(
            input, lda: ld, values + slot.a, ldb: slot.inFeatures, into: low, ldc: rank, m: rows, n: rank,
            k: slot.inFeatures)
        // dB += scale · dyᵀ·low;  dLow = scale · dy·B;  dA += dLowᵀ·input.
        TrainingProducts.transposedTimes(
            dy, lda: ldy, low, ldb: rank, into: gradients + slot.b, ldc: rank, m: slot.outFeatures, n: rank, k: rows,
            alpha: scale, beta: 1)
        TrainingProducts.times(
            dy, lda: ldy, values + slot.b, ldb: rank, into: lowGradient, ldc: rank, m: rows, n: rank,
            k: slot.outFeatures, alpha: scale)
        TrainingProducts.transposedTimes(
            lowGradient, lda: rank, input, ldb: ld, into: gradients + slot.a, ldc: slot.inFeatures, m: rank,
            n: slot.inFeatures, k: rows, beta: 1)
        if let dropout = dropout(target, layer: layer, step: dropoutStep) {
            let scratch = workspace.dropped.base
            TrainingProducts.times(
                lowGradient, lda: rank, values + slot.a, ldb: slot.inFeatures, into: scratch, ldc: slot.inFeatures,
                m: rows, n: slot.inFeatures, k: rank)
            dropout.accumulate(scratch, lda: slot.inFeatures, rows: rows, columns: slot.inFeatures, into: dx, ldo: lddx)
        } else {
            TrainingProducts.times(
                lowGradient, lda: rank, values + slot.a, ldb: slot.inFeatures, into: dx, ldc: lddx, m: rows,
                n: slot.inFeatures, k: rank, beta: 1)
        }
    }

    /// The module's input after its dropout (in the workspace's scratch), or `x` itself without dropout.
    private func adapterInput(
        _ target: LoRATarget, layer: Int, x: UnsafePointer<Float>, ldx: Int, rows: Int, slot: LoRAParameters.Slot,
        step: UInt64?
    ) -> (UnsafePointer<Float>, Int) {
        guard let dropout = dropout(target, layer: layer, step: step) else { return (x, ldx) }
        dropout.apply(x, lda: ldx, rows: rows, columns: slot.inFeatures, into: workspace.dropped.base, ldo: slot.inFeatures)
        return (UnsafePointer(workspace.dropped.base), slot.inFeatures)
    }
}
