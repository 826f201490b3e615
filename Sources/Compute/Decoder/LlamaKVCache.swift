/// The keys and values a decoder has computed for the tokens it has seen, so that each new token attends
/// to them without recomputing them. Preallocated for `capacity` positions by `LlamaModel.makeCache`.
///
/// A value type: a copy is an independent cache (the storage is copied on the first write to either), so a
/// cache that holds a shared prompt can be copied and continued two ways.
public struct LlamaKVCache: Sendable {
    var storage: LlamaCacheStorage

    init(storage: LlamaCacheStorage) { self.storage = storage }

    /// The most positions this cache holds.
    public var capacity: Int { storage.capacity }
    /// The positions filled so far: the tokens processed since creation or the last `truncate`.
    public var count: Int { storage.count }
    public var remaining: Int { storage.capacity - storage.count }

    /// Forgets every position from `count` on (all of them with 0), so that the next tokens are processed
    /// as if they followed the first `count` only.
    public mutating func truncate(to count: Int) {
        let kept = max(0, min(count, storage.count))
        guard kept != storage.count else { return }
        uniqueStorage().count = kept
    }

    /// The storage, copied first if another cache value shares it.
    mutating func uniqueStorage() -> LlamaCacheStorage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }
}
