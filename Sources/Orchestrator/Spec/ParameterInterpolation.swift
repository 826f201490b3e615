import ArtifactStore
import Foundation

/// `${params.NAME}` substitution in step values and scripts.
///
/// A value that is exactly one reference takes the parameter's value with its type (a number
/// stays a number); a reference inside longer text is replaced by the value's text.
/// Shell variables such as `$INPUT_x` or `${HOME}` are left alone: they cannot contain a dot.
public enum ParameterInterpolation {
    public struct UnknownParameter: Error, Sendable {
        public var name: String
    }

    private static let pattern = try! NSRegularExpression(pattern: #"\$\{\s*params\.([A-Za-z_][A-Za-z0-9_]*)\s*\}"#)

    /// Names of the parameters a value refers to, in order of appearance.
    public static func references(in value: JSONValue) -> [String] {
        switch value {
        case .string(let text): return references(in: text)
        case .array(let items): return items.flatMap { references(in: $0) }
        case .object(let members): return members.keys.sorted().flatMap { references(in: members[$0]!) }
        default: return []
        }
    }

    public static func references(in text: String) -> [String] {
        let range = NSRange(text.startIndex..., in: text)
        return pattern.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    public static func resolve(_ value: JSONValue, with parameters: [String: JSONValue]) throws -> JSONValue {
        switch value {
        case .string(let text):
            let range = NSRange(text.startIndex..., in: text)
            if let whole = pattern.firstMatch(in: text, range: range), whole.range == range,
                let nameRange = Range(whole.range(at: 1), in: text)
            {
                let name = String(text[nameRange])
                guard let parameter = parameters[name] else { throw UnknownParameter(name: name) }
                return parameter
            }
            return .string(try resolve(text, with: parameters))
        case .array(let items):
            return .array(try items.map { try resolve($0, with: parameters) })
        case .object(let members):
            return .object(try members.mapValues { try resolve($0, with: parameters) })
        default:
            return value
        }
    }

    public static func resolve(_ text: String, with parameters: [String: JSONValue]) throws -> String {
        var result = ""
        var cursor = text.startIndex
        for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let whole = Range(match.range, in: text), let nameRange = Range(match.range(at: 1), in: text) else { continue }
            let name = String(text[nameRange])
            guard let parameter = parameters[name] else { throw UnknownParameter(name: name) }
            result += text[cursor..<whole.lowerBound]
            result += parameter.interpolationText
            cursor = whole.upperBound
        }
        result += text[cursor...]
        return result
    }
}
