import Compute

/// Counts the tokens a text becomes for the embedding model, without the special tokens that frame
/// it. The chunker measures every piece of text through it and checks every chunk it makes with it.
public protocol TokenCounter: Sendable {
    func count(_ text: Substring) -> Int
}

extension BertTokenizer: TokenCounter {
    public func count(_ text: Substring) -> Int {
        pieces(String(text)).count
    }
}
