/// How far an answer has come through a `JSONGrammar`: a stack of the values it is inside. `feed` takes
/// one byte and says whether the answer is still a prefix of a document the grammar accepts; the state
/// is a value, so trying a token is copying it and feeding the token's bytes.
public struct JSONGrammarState: Sendable, Equatable {
    enum Frame: Sendable, Equatable {
        /// A value is expected next (whitespace may come first).
        case value(JSONGrammar)
        case object(JSONObjectCursor)
        case array(JSONArrayCursor)
        case string(JSONStringCursor)
        case number(JSONNumberCursor)
        /// One of these texts, `position` bytes of them already written.
        case literal([[UInt8]], position: Int)
        /// A declared key and its colon: the candidates are (property index, key bytes).
        case key([Candidate], position: Int)
    }

    struct Candidate: Sendable, Equatable {
        var property: Int
        var bytes: [UInt8]
    }

    /// The most whitespace bytes in a row: a model that starts to indent forever is stopped there.
    static let whitespaceLimit = 16

    private(set) var stack: [Frame]
    private var whitespaceRun = 0

    public init(_ grammar: JSONGrammar) {
        stack = [.value(grammar)]
    }

    /// Whether the answer is a whole document now (a number could still grow, but may also end here).
    public var isComplete: Bool {
        switch stack.count {
        case 0: return true
        case 1:
            switch stack[0] {
            case .number(let number): return number.canEnd
            case .literal(let texts, let position): return texts.contains { $0.count == position }
            default: return false
            }
        default: return false
        }
    }

    /// Whether no byte can follow: the document is closed.
    public var isFinished: Bool { stack.isEmpty }

    /// The fewest bytes that complete the document from here.
    public var minimumRemaining: Int {
        var total = 0
        for (depth, frame) in stack.enumerated() {
            switch frame {
            case .value(let grammar): total += grammar.minimumLength
            case .object(let object): total += object.remaining
            case .array(let array): total += array.remaining
            case .string(let string): total += string.remaining
            case .number(let number): total += number.canEnd ? 0 : 1
            case .literal(let texts, let position): total += (texts.map(\.count).min() ?? position) - position
            case .key(let candidates, let position):
                guard case .object(let object) = stack[depth - 1] else { continue }
                total +=
                    candidates.map { candidate in
                        let property = object.shape.properties[candidate.property]
                        return candidate.bytes.count - position + property.value.minimumLength
                            + object.shape.requiredLength(from: candidate.property + 1, commaFirst: true)
                    }.min() ?? 0
            }
        }
        return total
    }

    /// Feeds every byte of `bytes`; false (and the state left partway) as soon as one is refused.
    public mutating func feed<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Bool {
        for byte in bytes where !feed(byte) { return false }
        return true
    }

    /// Takes one byte; false when no document of the grammar continues with it.
    public mutating func feed(_ byte: UInt8) -> Bool {
        let whitespace = JSONGrammar.isWhitespace(byte)
        while let top = stack.last {
            switch top {
            case .value(let grammar):
                if whitespace { return takeWhitespace() }
                guard grammar.mayStart(with: byte) else { return false }
                stack.removeLast()
                if start(grammar, with: byte) { return took() }
                continue
            case .number(var number):
                switch number.feed(byte) {
                case .taken:
                    replaceTop(.number(number))
                    return took()
                case .ended:
                    stack.removeLast()
                    continue
                case .refused:
                    return false
                }
            case .literal(let texts, let position):
                let going = texts.filter { $0.count > position && $0[position] == byte }
                if !going.isEmpty {
                    if going.count == 1, going[0].count == position + 1 {
                        stack.removeLast()
                    } else {
                        replaceTop(.literal(going, position: position + 1))
                    }
                    return took()
                }
                guard texts.contains(where: { $0.count == position }) else { return false }
                stack.removeLast()
                continue
            case .string(var string):
                switch string.feed(byte) {
                case .taken: replaceTop(.string(string))
                case .closed: stack.removeLast()
                case .refused: return false
                }
                return took()
            case .key(let candidates, let position):
                let going = candidates.filter { $0.bytes.count > position && $0.bytes[position] == byte }
                guard let first = going.first else { return false }
                if going.count == 1, first.bytes.count == position + 1 {
                    stack.removeLast()
                    guard case .object(var object) = stack.last else { return false }
                    object.next = first.property + 1
                    object.phase = .afterValue
                    replaceTop(.object(object))
                    stack.append(.value(object.shape.properties[first.property].value))
                } else {
                    replaceTop(.key(going, position: position + 1))
                }
                return took()
            case .object(let object):
                return feedObject(object, byte, whitespace: whitespace)
            case .array(var array):
                if whitespace { return takeWhitespace() }
                switch (array.phase, byte) {
                case (.open, UInt8(ascii: "]")) where array.minItems == 0,
                    (.afterValue, UInt8(ascii: "]"))
                where array.count >= array.minItems:
                    stack.removeLast()
                    return took()
                case (.open, _):
                    guard array.items.mayStart(with: byte) else { return false }
                    array.count = 1
                    array.phase = .afterValue
                    replaceTop(.array(array))
                    stack.append(.value(array.items))
                    continue
                case (.afterValue, UInt8(ascii: ",")) where array.maxItems.map { array.count < $0 } ?? true:
                    array.count += 1
                    replaceTop(.array(array))
                    stack.append(.value(array.items))
                    return took()
                default:
                    return false
                }
            }
        }
        return false
    }

    private mutating func feedObject(_ cursor: JSONObjectCursor, _ byte: UInt8, whitespace: Bool) -> Bool {
        var object = cursor
        if whitespace, object.phase != .inKey { return takeWhitespace() }
        let shape = object.shape
        switch (object.phase, byte) {
        case (.open, UInt8(ascii: "}")), (.afterValue, UInt8(ascii: "}")):
            guard !shape.requiresMore(from: object.next) else { return false }
            stack.removeLast()
        case (.open, UInt8(ascii: "\"")), (.afterComma, UInt8(ascii: "\"")):
            if shape.freeKeys {
                object.phase = .afterKey
                replaceTop(.object(object))
                stack.append(.string(JSONStringCursor(minLength: 0, maxLength: nil)))
            } else {
                object.phase = .inKey
                replaceTop(.object(object))
                stack.append(.key(object.keyCandidates(), position: 1))
            }
        case (.afterValue, UInt8(ascii: ",")):
            guard shape.freeKeys || object.next < shape.properties.count else { return false }
            object.phase = .afterComma
            replaceTop(.object(object))
        case (.afterKey, UInt8(ascii: ":")):
            object.phase = .afterValue
            replaceTop(.object(object))
            stack.append(.value(.any(depth: object.anyDepth)))
        default:
            return false
        }
        return took()
    }

    /// Pushes the frame of a value of `grammar` that starts with `byte`; true when that consumed the byte,
    /// false when the new frame must read it (numbers and literals).
    private mutating func start(_ grammar: JSONGrammar, with byte: UInt8) -> Bool {
        switch grammar {
        case .any(let depth):
            switch byte {
            case UInt8(ascii: "{"):
                stack.append(.object(JSONObjectCursor(shape: JSONGrammar.anyObjectShape, anyDepth: depth - 1)))
            case UInt8(ascii: "["):
                stack.append(.array(JSONArrayCursor(items: .any(depth: depth - 1), minItems: 0, maxItems: nil)))
            case UInt8(ascii: "\""): stack.append(.string(JSONStringCursor(minLength: 0, maxLength: nil)))
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                stack.append(.literal([Array("true".utf8), Array("false".utf8), Array("null".utf8)], position: 0))
                return false
            default:
                stack.append(.number(JSONNumberCursor(integer: false)))
                return false
            }
        case .object(let shape): stack.append(.object(JSONObjectCursor(shape: shape, anyDepth: JSONGrammar.nestedDepth)))
        case .array(let items, let minItems, let maxItems):
            stack.append(.array(JSONArrayCursor(items: items, minItems: minItems, maxItems: maxItems)))
        case .string(let minLength, let maxLength):
            stack.append(.string(JSONStringCursor(minLength: minLength, maxLength: maxLength)))
        case .number(let integer):
            stack.append(.number(JSONNumberCursor(integer: integer)))
            return false
        case .boolean:
            stack.append(.literal([Array("true".utf8), Array("false".utf8)], position: 0))
            return false
        case .null:
            stack.append(.literal([Array("null".utf8)], position: 0))
            return false
        case .literals(let texts):
            stack.append(.literal(texts, position: 0))
            return false
        case .union(let shapes):
            guard let shape = shapes.first(where: { $0.mayStart(with: byte) }) else { return false }
            return start(shape, with: byte)
        }
        return true
    }

    private mutating func replaceTop(_ frame: Frame) { stack[stack.count - 1] = frame }

    private mutating func took() -> Bool {
        whitespaceRun = 0
        return true
    }

    private mutating func takeWhitespace() -> Bool {
        whitespaceRun += 1
        return whitespaceRun <= Self.whitespaceLimit
    }
}

extension JSONGrammar {
    /// How deep the free values of an object nest: deep enough for any answer a person would read.
    static let nestedDepth = 6
    static let anyObjectShape = JSONObjectShape(properties: [], required: [], freeKeys: true)
}
