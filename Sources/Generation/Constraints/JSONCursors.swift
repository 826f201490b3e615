/// An object being written: which declared property may come next and where in its syntax it is.
struct JSONObjectCursor: Sendable, Equatable {
    enum Phase: Sendable, Equatable {
        /// After `{`.
        case open
        /// Inside a declared key (the `.key` frame above reads it).
        case inKey
        /// After a free key's string, before its colon.
        case afterKey
        /// After a value: a comma or the closing brace.
        case afterValue
        /// After a comma: a key.
        case afterComma
    }

    var shape: JSONObjectShape
    /// The first declared property that may still be written.
    var next = 0
    var phase = Phase.open
    /// How deep the values of free keys may nest.
    var anyDepth: Int

    init(shape: JSONObjectShape, anyDepth: Int) {
        self.shape = shape
        self.anyDepth = max(0, anyDepth)
    }

    /// The keys that may come next: the declared properties from `next` up to and including the first
    /// required one, each without its opening quote already written.
    func keyCandidates() -> [JSONGrammarState.Candidate] {
        var candidates: [JSONGrammarState.Candidate] = []
        for index in next..<shape.properties.count {
            candidates.append(JSONGrammarState.Candidate(property: index, bytes: shape.properties[index].key))
            if shape.properties[index].required { break }
        }
        return candidates
    }

    /// The fewest bytes that close this object, not counting a key or value being read above it.
    var remaining: Int {
        switch phase {
        case .open: return shape.requiredLength(from: next, commaFirst: false) + 1
        // The key being read above counts the rest of the properties itself.
        case .inKey: return 1
        // The colon, the shortest value and the brace.
        case .afterKey: return 3
        case .afterValue: return shape.requiredLength(from: next, commaFirst: true) + 1
        case .afterComma:
            if shape.requiresMore(from: next) { return shape.requiredLength(from: next, commaFirst: false) + 1 }
            if shape.freeKeys { return 5 }
            let cheapest = shape.properties[next...].map { $0.key.count + $0.value.minimumLength }.min() ?? 0
            return cheapest + 1
        }
    }
}

/// An array being written.
struct JSONArrayCursor: Sendable, Equatable {
    enum Phase: Sendable, Equatable {
        case open
        case afterValue
    }

    var items: JSONGrammar
    var minItems: Int
    var maxItems: Int?
    /// Items begun so far.
    var count = 0
    var phase = Phase.open

    init(items: JSONGrammar, minItems: Int, maxItems: Int?) {
        self.items = items
        self.minItems = minItems
        self.maxItems = maxItems
    }

    var remaining: Int {
        switch phase {
        case .open: return minItems == 0 ? 1 : minItems * (items.minimumLength + 1)
        case .afterValue: return max(0, minItems - count) * (items.minimumLength + 1) + 1
        }
    }
}

/// A string being written, its opening quote already read. Length is counted in characters (bytes that
/// are not UTF-8 continuation bytes; an escape is one character).
struct JSONStringCursor: Sendable, Equatable {
    enum Escape: Sendable, Equatable {
        case none
        case backslash
        /// After `\u` and this many hex digits.
        case unicode(Int)
    }

    enum Outcome {
        case taken
        case closed
        case refused
    }

    var minLength: Int
    var maxLength: Int?
    var length = 0
    var escape = Escape.none
    /// Continuation bytes the current UTF-8 character still needs: only well-formed UTF-8 is written,
    /// so the length counted here is the length a reader counts.
    var continuation = 0

    init(minLength: Int, maxLength: Int?) {
        self.minLength = minLength
        self.maxLength = maxLength
    }

    private var full: Bool { maxLength.map { length >= $0 } ?? false }

    var remaining: Int {
        let escapeLeft: Int
        switch escape {
        case .none: escapeLeft = continuation
        case .backslash: escapeLeft = 1
        case .unicode(let digits): escapeLeft = 4 - digits
        }
        let pending = escape == .none && continuation == 0 ? 0 : 1
        return escapeLeft + max(0, minLength - length - pending) + 1
    }

    mutating func feed(_ byte: UInt8) -> Outcome {
        if continuation > 0 {
            guard nextContinuation.contains(byte) else { return .refused }
            nextContinuation = 0x80...0xBF
            continuation -= 1
            if continuation == 0 { length += 1 }
            return .taken
        }
        switch escape {
        case .backslash:
            if byte == UInt8(ascii: "u") {
                escape = .unicode(0)
                return .taken
            }
            guard Array("\"\\/bfnrt".utf8).contains(byte) else { return .refused }
            escape = .none
            length += 1
            return .taken
        case .unicode(let digits):
            guard byte.isHexDigit else { return .refused }
            // Surrogates (D800 to DFFF) would need a pair; a lone one is not valid JSON text for most readers.
            if digits == 1, byte.hexValue >= 8, lastHexDigit == 0xD { return .refused }
            lastHexDigit = byte.hexValue
            if digits == 3 {
                escape = .none
                length += 1
            } else {
                escape = .unicode(digits + 1)
            }
            return .taken
        case .none:
            switch byte {
            case UInt8(ascii: "\""): return length >= minLength ? .closed : .refused
            case UInt8(ascii: "\\"):
                guard !full else { return .refused }
                escape = .backslash
                return .taken
            case 0..<0x20, 0x80..<0xC2, 0xF5...0xFF: return .refused
            case 0xC2..<0xE0, 0xE0..<0xF0, 0xF0..<0xF5:
                guard !full else { return .refused }
                continuation = byte < 0xE0 ? 1 : byte < 0xF0 ? 2 : 3
                // The second byte's range rules out overlong forms, surrogates and code points past U+10FFFF.
                switch byte {
                case 0xE0: nextContinuation = 0xA0...0xBF
                case 0xED: nextContinuation = 0x80...0x9F
                case 0xF0: nextContinuation = 0x90...0xBF
                case 0xF4: nextContinuation = 0x80...0x8F
                default: nextContinuation = 0x80...0xBF
                }
                return .taken
            default:
                guard !full else { return .refused }
                length += 1
                return .taken
            }
        }
    }

    private var lastHexDigit: UInt8 = 0
    private var nextContinuation: ClosedRange<UInt8> = 0x80...0xBF
}

/// A number being written, as JSON spells numbers: `-`? (`0` | [1-9][0-9]*) (`.` [0-9]+)? ([eE] [+-]? [0-9]+)?
struct JSONNumberCursor: Sendable, Equatable {
    enum Part: Sendable, Equatable {
        case start, sign, zero, integer, dot, fraction, exponent, exponentSign, exponentDigits
    }

    enum Outcome {
        case taken
        /// The byte is not part of the number, which is whole: the byte belongs to what follows.
        case ended
        case refused
    }

    /// The most digits: a model that writes digits forever is stopped there.
    static let digitLimit = 16
    /// The most exponent digits: past 1e99 readers parse numbers as infinity or refuse them.
    static let exponentDigitLimit = 2

    var integer: Bool
    var part = Part.start
    var digits = 0
    var exponentDigits = 0

    init(integer: Bool) { self.integer = integer }

    var canEnd: Bool { [.zero, .integer, .fraction, .exponentDigits].contains(part) }

    mutating func feed(_ byte: UInt8) -> Outcome {
        let digit = JSONGrammar.isDigit(byte)
        if digit {
            guard digits < Self.digitLimit else { return .refused }
        }
        switch (part, byte) {
        case (.start, UInt8(ascii: "-")): part = .sign
        case (.start, UInt8(ascii: "0")), (.sign, UInt8(ascii: "0")): part = .zero
        case (.start, _) where digit, (.sign, _) where digit: part = .integer
        case (.integer, _) where digit: break
        case (.zero, UInt8(ascii: ".")) where !integer, (.integer, UInt8(ascii: ".")) where !integer: part = .dot
        case (.dot, _) where digit, (.fraction, _) where digit: part = .fraction
        case (.zero, UInt8(ascii: "e")) where !integer, (.zero, UInt8(ascii: "E")) where !integer,
            (.integer, UInt8(ascii: "e")) where !integer, (.integer, UInt8(ascii: "E")) where !integer,
            (.fraction, UInt8(ascii: "e")), (.fraction, UInt8(ascii: "E")):
            part = .exponent
        case (.exponent, UInt8(ascii: "+")), (.exponent, UInt8(ascii: "-")): part = .exponentSign
        case (.exponent, _) where digit, (.exponentSign, _) where digit:
            part = .exponentDigits
            exponentDigits = 1
        case (.exponentDigits, _) where digit:
            guard exponentDigits < Self.exponentDigitLimit else { return .refused }
            exponentDigits += 1
        default:
            return canEnd ? .ended : .refused
        }
        if digit { digits += 1 }
        return .taken
    }
}

extension UInt8 {
    fileprivate var hexValue: UInt8 {
        switch self {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return self - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return self - UInt8(ascii: "a") + 10
        default: return self - UInt8(ascii: "A") + 10
        }
    }

    fileprivate var isHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
    }
}
