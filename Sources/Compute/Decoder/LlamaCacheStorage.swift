/// What a `LlamaKVCache` holds: keys and values of every layer for `capacity` positions, the rotary tables
/// for those positions, and the scratch memory of the passes that fill it.
final class LlamaCacheStorage: @unchecked Sendable {
    // Mutated only through a uniquely referenced `LlamaKVCache` held inout by one model call at a time.
    let capacity: Int
    let keyValueWidth: Int
    var count = 0
    /// `[layers, capacity, kvWidth]` each.
    let keys: FloatBuffer
    let values: FloatBuffer
    /// `[capacity, headSize / 2]` each; never written after creation, so copies share them.
    let cosines: FloatBuffer
    let sines: FloatBuffer
    let workspace: DecoderWorkspace
    /// The configuration of the model that made the cache, whose sizes every buffer here has.
    let configuration: LlamaConfiguration
    private let workers: Int

    init(
        configuration config: LlamaConfiguration, capacity: Int, rows: Int, workers: Int, cosines: FloatBuffer,
        sines: FloatBuffer
    ) {
        self.capacity = capacity
        keyValueWidth = config.keyValueWidth
        keys = FloatBuffer(count: config.layers * capacity * config.keyValueWidth)
        values = FloatBuffer(count: config.layers * capacity * config.keyValueWidth)
        self.cosines = cosines
        self.sines = sines
        workspace = DecoderWorkspace(configuration: config, rows: rows, capacity: capacity, workers: workers)
        self.configuration = config
        self.workers = workers
    }

    private init(copying other: LlamaCacheStorage) {
        capacity = other.capacity
        keyValueWidth = other.keyValueWidth
        count = other.count
        keys = other.keys.copy()
        values = other.values.copy()
        cosines = other.cosines
        sines = other.sines
        configuration = other.configuration
        workers = other.workers
        workspace = DecoderWorkspace(
            configuration: other.configuration, rows: other.workspace.rows, capacity: other.capacity, workers: other.workers)
    }

    func copy() -> LlamaCacheStorage { LlamaCacheStorage(copying: self) }

    /// This layer's keys (or values) at `position`.
    func keys(layer: Int, position: Int = 0) -> UnsafeMutablePointer<Float> {
        keys.base + (layer * capacity + position) * keyValueWidth
    }

    func values(layer: Int, position: Int = 0) -> UnsafeMutablePointer<Float> {
        values.base + (layer * capacity + position) * keyValueWidth
    }
}
