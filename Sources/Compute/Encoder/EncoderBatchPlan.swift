/// Groups texts into forward passes: sorted by token count, longest first, then cut into runs of at most
/// `batchSize` texts and `tokenBudget` tokens. Sorting keeps each pass's attention work even and hands the
/// largest batches out first, so the workers finish together.
struct EncoderBatchPlan {
    /// Each batch lists indices into the original texts.
    let batches: [[Int]]
    let largestBatchTokens: Int
    let longestSequence: Int

    init(lengths: [Int], batchSize: Int, tokenBudget: Int) {
        let order = lengths.indices.sorted { lengths[$0] != lengths[$1] ? lengths[$0] > lengths[$1] : $0 < $1 }
        var batches: [[Int]] = []
        var current: [Int] = []
        var tokens = 0
        var largest = 0
        for index in order {
            let length = lengths[index]
            if !current.isEmpty && (current.count == batchSize || tokens + length > tokenBudget) {
                batches.append(current)
                largest = max(largest, tokens)
                current = []
                tokens = 0
            }
            current.append(index)
            tokens += length
        }
        if !current.isEmpty {
            batches.append(current)
            largest = max(largest, tokens)
        }
        self.batches = batches
        largestBatchTokens = largest
        longestSequence = lengths.max() ?? 0
    }
}
