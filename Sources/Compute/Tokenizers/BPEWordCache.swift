import Synchronization

/// The ids of words already encoded: text repeats its words, and merging is the costly part of encoding.
/// Bounded, because a tokenizer lives as long as its model and may see unbounded text.
final class BPEWordCache: Sendable {
    private let entries = Mutex<[[UInt8]: [Int]]>([:])
    private let capacity: Int

    init(capacity: Int = 50_000) {
        self.capacity = capacity
    }

    func ids(for word: [UInt8], encode: ([UInt8]) -> [Int]) -> [Int] {
        if let cached = entries.withLock({ $0[word] }) { return cached }
        let ids = encode(word)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[word] = ids
        }
        return ids
    }
}
