/// An adapter's trainable values in one flat buffer, with a gradient buffer of the same shape, so that the
/// optimizer, the gradient norm and checkpoints treat them as one vector. `slots` locate each module's `A`
/// (`[rank, in]`) and `B` (`[out, rank]`) in it.
final class LoRAParameters: @unchecked Sendable {
    // Written only by the trainer that owns it, one step at a time.
    struct Slot: Sendable {
        let a: Int
        let b: Int
        let inFeatures: Int
        let outFeatures: Int
    }

    let configuration: LoRAConfiguration
    let values: FloatBuffer
    let gradients: FloatBuffer
    /// `slots[layer][target]`.
    let slots: [[LoRATarget: Slot]]

    var count: Int { values.count }

    init(_ adapter: LoRAAdapter) {
        configuration = adapter.configuration
        var offset = 0
        var slots: [[LoRATarget: Slot]] = []
        for layer in adapter.layers {
            var layerSlots: [LoRATarget: Slot] = [:]
            for target in configuration.targets {
                guard let pair = layer[target] else { preconditionFailure("the adapter has no \(target.rawValue)") }
                layerSlots[target] = Slot(
                    a: offset, b: offset + pair.a.count, inFeatures: pair.inFeatures, outFeatures: pair.outFeatures)
                offset += pair.a.count + pair.b.count
            }
            slots.append(layerSlots)
        }
        self.slots = slots
        values = FloatBuffer(count: offset)
        gradients = FloatBuffer(count: offset)
        for (index, layer) in adapter.layers.enumerated() {
            for (target, slot) in slots[index] {
                let pair = layer[target]!
                (values.base + slot.a).update(from: pair.a, count: pair.a.count)
                (values.base + slot.b).update(from: pair.b, count: pair.b.count)
            }
        }
    }

    /// The values as an adapter again.
    func adapter(baseModel: String) -> LoRAAdapter {
        let rank = configuration.rank
        let layers = slots.map { layer in
            layer.mapValues { slot in
                LoRAAdapter.Pair(
                    a: Array(UnsafeBufferPointer(start: values.base + slot.a, count: rank * slot.inFeatures)),
                    b: Array(UnsafeBufferPointer(start: values.base + slot.b, count: slot.outFeatures * rank)),
                    inFeatures: slot.inFeatures, outFeatures: slot.outFeatures)
            }
        }
        return LoRAAdapter(configuration: configuration, baseModel: baseModel, layers: layers)
    }

    func zeroGradients() { gradients.base.update(repeating: 0, count: count) }
}
