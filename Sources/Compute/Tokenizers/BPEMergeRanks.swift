/// The BPE model proper: vocabulary ids keyed by the bytes each token stands for, and the merges by rank.
/// Working on ids and bytes rather than strings keeps Swift's Unicode-aware string hashing out of the loop.
struct BPEMergeRanks: Sendable {
    struct Merge: Sendable {
        var rank: Int
        var result: Int
    }

    /// The id of each single byte, or nil where the vocabulary lacks it.
    let byteIDs: [Int?]
    let idsByBytes: [[UInt8]: Int]
    /// Keyed by the two ids packed into one integer.
    let merges: [UInt64: Merge]
    /// A word already in the vocabulary is one token, whatever the merges would make of it (Llama 3).
    let ignoreMerges: Bool
    let unknownID: Int?
    /// Consecutive bytes missing from the vocabulary give one unknown token instead of one each.
    let fuseUnknown: Bool

    static func key(_ left: Int, _ right: Int) -> UInt64 {
        UInt64(UInt32(truncatingIfNeeded: left)) << 32 | UInt64(UInt32(truncatingIfNeeded: right))
    }

    /// The ids of one pre-tokenized word: its bytes, merged pair by pair, lowest rank first and leftmost
    /// first among equals, which is the order of the reference's priority queue.
    func encode(_ word: [UInt8]) -> [Int] {
        if ignoreMerges, let id = idsByBytes[word] { return [id] }
        var symbols: [Int] = []
        symbols.reserveCapacity(word.count)
        var previousUnknown = false
        for byte in word {
            if let id = byteIDs[Int(byte)] {
                symbols.append(id)
            } else if let unknownID, !(fuseUnknown && previousUnknown) {
                symbols.append(unknownID)
            }
            previousUnknown = byteIDs[Int(byte)] == nil
        }
        while symbols.count > 1 {
            var best: (index: Int, merge: Merge)?
            for index in 0..<(symbols.count - 1) {
                guard let merge = merges[Self.key(symbols[index], symbols[index + 1])] else { continue }
                if best == nil || merge.rank < best!.merge.rank { best = (index, merge) }
            }
            guard let best else { break }
            symbols[best.index] = best.merge.result
            symbols.remove(at: best.index + 1)
        }
        return symbols
    }
}
