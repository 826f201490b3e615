extension LlamaModel {
    /// This model with `adapter` merged into its weights (see `LlamaWeights.merging`): the model that
    /// PEFT's `merge_and_unload` would give. The adapter's shapes are checked first, and one made for
    /// another base is refused with the tensor at fault; `adapterFile` names the adapter's weights in
    /// that error. This model is unchanged and may be dropped once the merged one exists.
    public func merging(_ adapter: LoRAAdapter, adapterFile: String) throws -> LlamaModel {
        try adapter.check(against: configuration, adapterFile: adapterFile, base: source.relativePath)
        return LlamaModel(
            source: source, configuration: configuration, weights: weights.merging(adapter, configuration: configuration),
            threads: threads)
    }
}
