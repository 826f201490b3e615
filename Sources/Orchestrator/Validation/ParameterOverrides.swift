import ArtifactStore

/// Applies `--param key=value` overrides to a pipeline's defaults, keeping each parameter's type.
public enum ParameterOverrides {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
        /// How the override should be written.
        public var hint: String?
    }

    public static func apply(_ overrides: [(String, String)], to spec: PipelineSpec) throws -> [String: JSONValue] {
        var values = spec.parameterDefaults
        for (key, text) in overrides {
            guard let current = values[key] else {
                let known = spec.parameters.map(\.name)
                var message = "pipeline '\(spec.name)' has no parameter '\(key)'"
                if let hint = Suggestion.hint(for: key, in: known) {
                    message += " (\(hint))"
                } else {
                    message += known.isEmpty ? " (it declares none)" : " (it has: \(known.joined(separator: ", ")))"
                }
                throw Failure(
                    description: message, hint: "use one it declares, or add it under `parameters:` in the pipeline file")
            }
            values[key] = try convert(text, like: current, key: key)
        }
        return values
    }

    /// Parses `text` as the default's type: `--param size=500` stays an int if the default is one.
    static func convert(_ text: String, like current: JSONValue, key: String) throws -> JSONValue {
        func fail(_ expected: String) -> Failure {
            Failure(
                description:
                    "parameter '\(key)' must be \(expected) (its default is \(JSONText.compact(current))), got '\(text)'",
                hint: "--param \(key)=VALUE is read as the type of the parameter's default")
        }
        switch current {
        case .string: return .string(text)
        case .null: return SpecNode.typed(text)
        case .int:
            guard let number = Int(text) else { throw fail("a whole number") }
            return .int(number)
        case .double:
            guard let number = Double(text) else { throw fail("a number") }
            return .double(number)
        case .bool:
            switch text.lowercased() {
            case "true", "yes", "1": return .bool(true)
            case "false", "no", "0": return .bool(false)
            default: throw fail("true or false")
            }
        case .array, .object:
            guard let parsed = try? JSONText.parse(text), parsed.typeName == current.typeName else {
                throw fail("a JSON \(current.typeName)")
            }
            return parsed
        }
    }
}
