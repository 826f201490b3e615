import Orchestrator

extension ChunkPacker {
    /// Appends the unit `range` with its token count when it fits in `limit`; otherwise its words
    /// packed into pieces of at most `pieceLimit` tokens, and a word longer than that cut between
    /// characters.
    func measure(
        _ text: String, _ range: Range<String.Index>, limit: Int, pieceLimit: Int, into units: inout [Unit]
    ) throws {
        let tokens = counter.count(text[range])
        if tokens <= limit {
            units.append(Unit(range: range, tokens: tokens))
            return
        }
        var pending: [Unit] = []
        var pendingTokens = 0
        // Words are measured alone; a piece is measured whole, and kept whole only if it still fits.
        func flush() {
            guard let first = pending.first, let last = pending.last else { return }
            let piece = first.range.lowerBound..<last.range.upperBound
            let actual = counter.count(text[piece])
            if actual <= pieceLimit {
                units.append(Unit(range: piece, tokens: actual))
            } else {
                units += pending
            }
            pending.removeAll(keepingCapacity: true)
            pendingTokens = 0
        }
        for word in text[range].split(whereSeparator: \.isWhitespace) {
            let tokens = counter.count(word)
            if tokens > pieceLimit {
                flush()
                try cut(word, limit: pieceLimit, into: &units)
                continue
            }
            if pendingTokens + tokens > pieceLimit { flush() }
            pending.append(Unit(range: word.startIndex..<word.endIndex, tokens: tokens))
            pendingTokens += tokens
        }
        flush()
    }

    /// Cuts a word into the longest runs of characters that fit in `limit` tokens each, found by
    /// galloping then bisecting on the measured count (which need not grow strictly with length).
    func cut(_ word: Substring, limit: Int, into units: inout [Unit]) throws {
        let bounds = Array(word.indices) + [word.endIndex]
        let last = bounds.count - 1
        var from = 0
        while from < last {
            func fits(_ end: Int) -> Int? {
                let tokens = counter.count(word[bounds[from]..<bounds[end]])
                return tokens <= limit ? tokens : nil
            }
            guard var best = fits(from + 1) else {
                throw StepFailure("the character '\(word[bounds[from]])' alone is more than \(limit) tokens")
            }
            var good = from + 1
            var bad: Int? = nil
            var step = max(1, limit)
            while good < last {
                let end = min(last, good + step)
                if let tokens = fits(end) {
                    (good, best) = (end, tokens)
                    step *= 2
                } else {
                    bad = end
                    break
                }
            }
            if var high = bad {
                while high - good > 1 {
                    let middle = (good + high) / 2
                    if let tokens = fits(middle) { (good, best) = (middle, tokens) } else { high = middle }
                }
            }
            units.append(Unit(range: bounds[from]..<bounds[good], tokens: best))
            from = good
        }
    }
}
