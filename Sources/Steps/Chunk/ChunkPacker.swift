import Orchestrator

/// Packs units of a text (sentences or lines) into chunks of at most `maxTokens` tokens, each chunk a
/// contiguous slice of the original text, so nothing but whitespace is ever lost between chunks.
///
/// Consecutive chunks overlap: a chunk starts with the trailing whole units of the one before it,
/// at most `overlapTokens` of them, or, when the last unit alone is longer than that, with its
/// trailing words (unless `overlapsWords` is off). A unit longer than a chunk is cut at word
/// boundaries, and a word longer than a chunk between characters, into pieces short enough to leave
/// room for the overlap.
///
/// Every chunk is tokenized again once made and shrunk until it fits, so the limit holds for the
/// text exactly as it is stored, whatever the tokenizer does at the joins.
struct ChunkPacker {
    let counter: any TokenCounter
    let maxTokens: Int
    let overlapTokens: Int
    /// Whether an overlap may fall back to words: not for code, whose chunks hold whole lines.
    var overlapsWords = true

    /// A unit and its token count.
    struct Unit {
        var range: Range<String.Index>
        var tokens: Int
    }

    /// The chunks of the units `ranges` of `text`, each preceded by `prefix` (which counts against
    /// `maxTokens`; the caller keeps it well under the limit).
    func chunks(of text: String, units ranges: [Range<String.Index>], prefix: String = "") throws -> [TextChunk] {
        let budget = maxTokens - (prefix.isEmpty ? 0 : counter.count(prefix[...]))
        let overlap = prefix.isEmpty ? overlapTokens : min(overlapTokens, budget / 2)
        guard budget > 0, overlap < budget else {
            throw StepFailure("the chunk prefix '\(prefix)' leaves no room in \(maxTokens) tokens")
        }
        var units: [Unit] = []
        for range in ranges {
            try measure(text, range, limit: budget, pieceLimit: budget - overlap, into: &units)
        }

        var chunks: [TextChunk] = []
        var next = 0
        var previous: (start: String.Index, last: Int)? = nil
        while next < units.count {
            let first = units[next]
            var start = first.range.lowerBound
            var tokens = first.tokens
            if let previous, overlap > 0,
                let carried = overlapStart(
                    text, units, after: previous, budget: min(overlap, budget - first.tokens))
            {
                start = carried.start
                tokens += carried.tokens
            }
            var end = next + 1
            while end < units.count, tokens + units[end].tokens <= budget {
                tokens += units[end].tokens
                end += 1
            }
            // Tokenize what will be stored; drop trailing units, then the overlap, until it fits.
            while true {
                let chunk = prefix + text[start..<units[end - 1].range.upperBound]
                let actual = counter.count(chunk[...])
                if actual <= maxTokens {
                    chunks.append(TextChunk(text: chunk, tokens: actual))
                    break
                }
                if end - 1 > next {
                    end -= 1
                } else if start != first.range.lowerBound {
                    start = first.range.lowerBound
                } else {
                    throw StepFailure("a piece of text of \(actual) tokens does not fit in \(maxTokens) tokens")
                }
            }
            previous = (start, end - 1)
            next = end
        }
        return chunks
    }

    /// Where the overlap taken from the previous chunk (from `start` to unit `last`) begins, and its
    /// tokens: its trailing whole units within `budget`, else the trailing words of its last unit.
    func overlapStart(
        _ text: String, _ units: [Unit], after previous: (start: String.Index, last: Int), budget: Int
    ) -> (start: String.Index, tokens: Int)? {
        guard budget > 0 else { return nil }
        var taken = 0
        var start: String.Index? = nil
        var index = previous.last
        while index >= 0, units[index].range.lowerBound >= previous.start, taken + units[index].tokens <= budget {
            taken += units[index].tokens
            start = units[index].range.lowerBound
            index -= 1
        }
        if let start, taken > 0 { return (start, taken) }
        guard overlapsWords else { return nil }
        taken = 0
        let last = units[previous.last].range
        let words = text[max(last.lowerBound, previous.start)..<last.upperBound].split(whereSeparator: \.isWhitespace)
        for word in words.reversed() {
            let tokens = counter.count(word)
            guard taken + tokens <= budget else { break }
            taken += tokens
            start = word.startIndex
        }
        return start.map { ($0, taken) }
    }
}
