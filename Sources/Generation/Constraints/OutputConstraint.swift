/// Keeps an answer inside a `JSONGrammar` while it is sampled: a token is taken only if its bytes keep
/// the answer a prefix of an accepted document, an end-of-answer token only once the document is whole,
/// and never a token after which the tokens left could not finish the document (each byte can be a
/// token of its own), so that an answer near `max_tokens` closes in time instead of being cut.
public struct OutputConstraint: Sendable {
    public let grammar: JSONGrammar
    private let table: TokenByteTable
    public private(set) var state: JSONGrammarState

    /// Candidates refused one by one before the whole vocabulary is checked at once: the likely tokens
    /// are usually fine, and checking them first avoids walking 50,000 tokens every step.
    static let lazyTries = 8

    public init(_ grammar: JSONGrammar, table: TokenByteTable) {
        self.grammar = grammar
        self.table = table
        state = JSONGrammarState(grammar)
    }

    /// The fewest tokens an answer needs to be a whole document (each byte can be a token of its own).
    public var minimumTokens: Int { state.minimumRemaining }

    /// Whether the document is closed: nothing may follow, the answer ends here.
    public var isFinished: Bool { state.isFinished }

    /// Whether `token` may come next, with `budget` tokens left after it.
    func allows(_ token: Int, budget: Int) -> Bool {
        if table.stopTokenIDs.contains(token) { return state.isComplete }
        let bytes = table.bytes[token]
        guard !bytes.isEmpty else { return false }
        var next = state
        return next.feed(bytes) && next.minimumRemaining <= budget
    }

    /// Sets the logits of every token that may not come next to -infinity.
    func mask(_ logits: inout [Float], budget: Int) {
        var allowed = [Bool](repeating: false, count: logits.count)
        for first in 0..<256 {
            var probe = state
            guard probe.feed(UInt8(first)) else { continue }
            for token in table.byFirstByte[first] where token < logits.count && allows(token, budget: budget) {
                allowed[token] = true
            }
        }
        if state.isComplete { for token in table.stopTokenIDs where token < logits.count { allowed[token] = true } }
        for token in logits.indices where !allowed[token] { logits[token] = -.infinity }
    }

    /// Chooses the next token with `draw` (the sampler), refusing those the grammar does not allow; nil
    /// when no token is allowed at all.
    mutating func choose(_ logits: inout [Float], tokensLeft: Int, draw: (inout [Float]) -> Int) -> Int? {
        let budget = tokensLeft - 1
        for attempt in 0...Self.lazyTries {
            if attempt == Self.lazyTries { mask(&logits, budget: budget) }
            guard logits.contains(where: { $0 > -.infinity }) else { return nil }
            let token = draw(&logits)
            if allows(token, budget: budget) {
                if !table.stopTokenIDs.contains(token) { _ = state.feed(table.bytes[token]) }
                return token
            }
            logits[token] = -.infinity
        }
        return nil
    }
}
