import ArtifactStore
import Yams

/// A YAML node that remembers where it was written. Parsing works on these so that every error,
/// however deep, can name its line and column.
indirect enum SpecNode {
    case scalar(String, plain: Bool, SourceLocation)
    case mapping([(key: String, keyLocation: SourceLocation, value: SpecNode)], SourceLocation)
    case sequence([SpecNode], SourceLocation)

    var location: SourceLocation {
        switch self {
        case .scalar(_, _, let location), .mapping(_, let location), .sequence(_, let location): location
        }
    }

    var kindName: String {
        switch self {
        case .scalar: "a value"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }

    init(_ node: Node, file: String) {
        func location(_ mark: Mark?) -> SourceLocation {
            SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
        }
        switch node {
        case .scalar(let scalar):
            self = .scalar(scalar.string, plain: scalar.style == .plain || scalar.style == .any, location(scalar.mark))
        case .mapping(let mapping):
            self = .mapping(
                mapping.map { pair in
                    (pair.key.string ?? "", location(pair.key.mark), SpecNode(pair.value, file: file))
                }, location(mapping.mark))
        case .sequence(let sequence):
            self = .sequence(sequence.map { SpecNode($0, file: file) }, location(sequence.mark))
        case .alias(let alias):
            self = .scalar("", plain: true, location(alias.mark))
        }
    }

    /// The value with YAML 1.2 core-schema typing: plain `true`, `42`, `1.5`, `null` are typed,
    /// quoted scalars are always strings (so `"1"` stays a string and `no` is just text).
    var value: JSONValue {
        switch self {
        case .scalar(let text, let plain, _):
            return plain ? SpecNode.typed(text) : .string(text)
        case .mapping(let pairs, _):
            var object: [String: JSONValue] = [:]
            for pair in pairs { object[pair.key] = pair.value.value }
            return .object(object)
        case .sequence(let items, _):
            return .array(items.map(\.value))
        }
    }

    static func typed(_ text: String) -> JSONValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        if let number = Int(text) { return .int(number) }
        if text.hasPrefix("0x"), let number = Int(text.dropFirst(2), radix: 16) { return .int(number) }
        let lower = text.lowercased()
        if [".inf", "+.inf"].contains(lower) { return .double(.infinity) }
        if lower == "-.inf" { return .double(-.infinity) }
        if let first = text.first, first.isNumber || first == "-" || first == "+" || first == ".",
            text.contains(where: \.isNumber), let number = Double(text)
        {
            return .double(number)
        }
        return .string(text)
    }
}
