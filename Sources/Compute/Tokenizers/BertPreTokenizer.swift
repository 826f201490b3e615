/// Splits normalized text into words as Hugging Face's `BertPreTokenizer` does: whitespace separates words
/// and is dropped; each punctuation character becomes a word of its own.
public enum BertPreTokenizer {
    /// The words of `scalars`, as ranges into it, in order. Never returns an empty range.
    public static func words(_ scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var words: [Range<Int>] = []
        var start = 0
        for (index, scalar) in scalars.enumerated() {
            if BertCharacters.isWhitespace(scalar) {
                if start < index { words.append(start..<index) }
                start = index + 1
            } else if BertCharacters.isPunctuation(scalar) {
                if start < index { words.append(start..<index) }
                words.append(index..<index + 1)
                start = index + 1
            }
        }
        if start < scalars.count { words.append(start..<scalars.count) }
        return words
    }
}
