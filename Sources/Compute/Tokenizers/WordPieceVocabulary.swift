/// A WordPiece vocabulary: token text ↔ id, with a trie over Unicode scalars for greedy longest-match.
///
/// Tokens are compared scalar by scalar, as the reference compares Rust strings byte by byte. Swift's
/// `String` equality would treat `é` and `e` + U+0301 as one token, which the reference does not.
public struct WordPieceVocabulary: Sendable {
    /// Token text by id; ids without a token (a sparse vocabulary) hold nil.
    public private(set) var tokens: [String?]
    /// The number of ids (highest id + 1).
    public var count: Int { tokens.count }

    /// Trie nodes: the token id ending at each node, or -1. Node 0 is the root.
    private var terminal: [Int32] = [-1]
    /// Trie edges, keyed by `node << 21 | scalar` (scalars fit in 21 bits).
    private var edges: [UInt64: Int32] = [:]

    /// Builds the vocabulary from `(token, id)` pairs. When two entries have the same text, the later one
    /// wins, as when the reference reads `vocab.txt` into a map.
    public init(_ entries: [(token: String, id: Int)]) {
        var tokens = [String?](repeating: nil, count: (entries.map(\.id).max() ?? -1) + 1)
        self.tokens = []
        for entry in entries {
            tokens[entry.id] = entry.token
            let node = insert(entry.token.unicodeScalars)
            terminal[node] = Int32(entry.id)
        }
        self.tokens = tokens
    }

    /// The vocabulary of a `vocab.txt`: one token per line, the line number (from 0) as id.
    public init(lines: [Substring]) {
        self.init(lines.enumerated().map { (String($0.element), $0.offset) })
    }

    /// The id of `token`, matched scalar by scalar.
    public func id(_ token: String) -> Int? {
        var node = 0
        for scalar in token.unicodeScalars {
            guard let next = child(of: node, scalar) else { return nil }
            node = next
        }
        return terminal[node] >= 0 ? Int(terminal[node]) : nil
    }

    /// The trie node reached from `start` by `scalars`, or nil; the node after `##` is where continuations start.
    func node<Scalars: Sequence<Unicode.Scalar>>(after scalars: Scalars, from start: Int = 0) -> Int? {
        var node = start
        for scalar in scalars {
            guard let next = child(of: node, scalar) else { return nil }
            node = next
        }
        return node
    }

    /// The longest token that starts at `word[start]` below trie node `root`: its id and end, or nil.
    func longestMatch(in word: ArraySlice<Unicode.Scalar>, from start: Int, below root: Int) -> (id: Int, end: Int)? {
        var node = root
        var best: (id: Int, end: Int)?
        var index = start
        while index < word.endIndex, let next = child(of: node, word[index]) {
            node = next
            index += 1
            if terminal[node] >= 0 { best = (Int(terminal[node]), index) }
        }
        return best
    }

    private func child(of node: Int, _ scalar: Unicode.Scalar) -> Int? {
        edges[UInt64(node) << 21 | UInt64(scalar.value)].map(Int.init)
    }

    private mutating func insert(_ scalars: String.UnicodeScalarView) -> Int {
        var node = 0
        for scalar in scalars {
            let key = UInt64(node) << 21 | UInt64(scalar.value)
            if let next = edges[key] {
                node = Int(next)
            } else {
                terminal.append(-1)
                let next = terminal.count - 1
                edges[key] = Int32(next)
                node = next
            }
        }
        return node
    }
}
