/// Finds added tokens in a run of scalars: leftmost match first, the longest one where several start at the
/// same place (the reference's Aho-Corasick `LeftmostLongest`), with `lstrip`/`rstrip` applied.
struct AddedTokenMatcher: Sendable {
    enum Segment: Equatable {
        /// Text between matches, to be tokenized normally.
        case text(Range<Int>)
        case token(id: Int)
    }

    private struct Pattern {
        var scalars: [Unicode.Scalar]
        var token: AddedToken
    }

    private let patterns: [Pattern]
    private let firstScalars: Set<UInt32>

    /// `normalize` gives the form a token's content is matched in (identity for raw-text tokens).
    init(_ tokens: [AddedToken], normalize: ([Unicode.Scalar]) -> [Unicode.Scalar] = { $0 }) {
        patterns = tokens.compactMap { token in
            let scalars = normalize(Array(token.content.unicodeScalars))
            return scalars.isEmpty ? nil : Pattern(scalars: scalars, token: token)
        }
        firstScalars = Set(patterns.map(\.scalars[0].value))
    }

    var isEmpty: Bool { patterns.isEmpty }

    /// Splits `scalars[range]` into text and matched tokens, in order; empty text segments are left out.
    func split(_ scalars: [Unicode.Scalar], in range: Range<Int>) -> [Segment] {
        guard !patterns.isEmpty else { return [.text(range)] }
        var segments: [Segment] = []
        var textStart = range.lowerBound
        var index = range.lowerBound
        while index < range.upperBound {
            guard firstScalars.contains(scalars[index].value),
                let pattern = longestMatch(scalars, at: index, limit: range.upperBound)
            else {
                index += 1
                continue
            }
            var start = index
            var end = index + pattern.scalars.count
            if pattern.token.leftStrip {
                while start > textStart, BertCharacters.isWhitespace(scalars[start - 1]) { start -= 1 }
            }
            if pattern.token.rightStrip {
                while end < range.upperBound, BertCharacters.isWhitespace(scalars[end]) { end += 1 }
            }
            if textStart < start { segments.append(.text(textStart..<start)) }
            segments.append(.token(id: pattern.token.id))
            textStart = end
            index = end
        }
        if textStart < range.upperBound { segments.append(.text(textStart..<range.upperBound)) }
        return segments
    }

    private func longestMatch(_ scalars: [Unicode.Scalar], at index: Int, limit: Int) -> Pattern? {
        var best: Pattern?
        for pattern in patterns where pattern.scalars.count <= limit - index && pattern.scalars.count > (best?.scalars.count ?? 0)
        {
            if scalars[index..<index + pattern.scalars.count].elementsEqual(pattern.scalars) { best = pattern }
        }
        return best
    }
}
