/// A low-rank adapter for a Llama-family decoder, in float32: for each layer and each targeted module the
/// pair `A [rank, in]` and `B [out, rank]`, row-major, in the layout of the Hugging Face weights (query and
/// key rows as transformers orders them, not llama.cpp's permutation).
public struct LoRAAdapter: Sendable, Equatable {
    /// One module's adapter.
    public struct Pair: Sendable, Equatable {
        public var a: [Float]
        public var b: [Float]
        public let inFeatures: Int
        public let outFeatures: Int

        public init(a: [Float], b: [Float], inFeatures: Int, outFeatures: Int) {
            precondition(b.count % outFeatures == 0 && a.count == (b.count / outFeatures) * inFeatures)
            self.a = a
            self.b = b
            self.inFeatures = inFeatures
            self.outFeatures = outFeatures
        }

        public var rank: Int { a.count / inFeatures }
    }

    public var configuration: LoRAConfiguration
    /// What the adapter was trained on: `base_model_name_or_path` in PEFT's configuration.
    public var baseModel: String
    /// `layers[i][target]`: the pair of layer `i`'s module, for every target of the configuration.
    public var layers: [[LoRATarget: Pair]]

    public init(configuration: LoRAConfiguration, baseModel: String, layers: [[LoRATarget: Pair]]) {
        self.configuration = configuration
        self.baseModel = baseModel
        self.layers = layers
    }

    /// PEFT's initialization for a fresh adapter: `A` Kaiming-uniform (bound `1/√in`, as `nn.Linear`'s
    /// default with `a = √5` gives), `B` zero, so that the adapted model starts equal to its base.
    public init(
        configuration: LoRAConfiguration, model: LlamaConfiguration, baseModel: String, seed: UInt64
    ) {
        var random = SplitMix64(seed: seed)
        let rank = configuration.rank
        let layers = (0..<model.layers).map { _ in
            Dictionary(
                uniqueKeysWithValues: configuration.targets.map { target -> (LoRATarget, Pair) in
                    let (out, input) = target.shape(in: model)
                    let bound = 1 / Float(input).squareRoot()
                    let a = (0..<(rank * input)).map { _ in Float.random(in: -bound..<bound, using: &random) }
                    return (target, Pair(a: a, b: [Float](repeating: 0, count: out * rank), inFeatures: input, outFeatures: out))
                })
        }
        self.init(configuration: configuration, baseModel: baseModel, layers: layers)
    }

    /// The number of trainable values.
    public var parameterCount: Int {
        layers.reduce(0) { total, layer in total + layer.values.reduce(0) { $0 + $1.a.count + $1.b.count } }
    }
}
