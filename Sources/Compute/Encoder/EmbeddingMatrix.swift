import Synchronization

/// The output of one `embed` call, written row by row by several workers. Each row belongs to exactly one
/// text and so to one worker, which is what makes the unsynchronized writes safe.
final class EmbeddingMatrix: @unchecked Sendable {
    let columns: Int
    private let storage: UnsafeMutablePointer<Float>
    private let count: Int

    init(rows: Int, columns: Int) {
        self.columns = columns
        count = rows
        storage = .allocate(capacity: max(1, rows * columns))
    }

    deinit { storage.deallocate() }

    func row(_ index: Int) -> UnsafeMutablePointer<Float> { storage + index * columns }

    func rows() -> [[Float]] {
        (0..<count).map { Array(UnsafeBufferPointer(start: row($0), count: columns)) }
    }
}

/// Hands out batch numbers to workers, each exactly once.
final class BatchCounter: Sendable {
    private let next = Mutex(0)

    func take(below limit: Int) -> Int? {
        next.withLock { value in
            guard value < limit else { return nil }
            defer { value += 1 }
            return value
        }
    }
}

/// Token ids collected from parallel tokenizer workers, each writing its own indices. A raw buffer, not
/// an array property: concurrent writes through an array would be overlapping accesses to one variable.
final class TokenizedResults: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<TokenizedText>
    private let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: max(1, count))
        storage.initialize(repeating: TokenizedText(ids: []), count: count)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    func set(_ index: Int, _ value: TokenizedText) { storage[index] = value }

    var values: [TokenizedText] { Array(UnsafeBufferPointer(start: storage, count: count)) }
}
