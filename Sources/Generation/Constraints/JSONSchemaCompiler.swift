import Foundation

/// A JSON schema keyword this server cannot enforce, or a value that is not a schema, with where it is.
public struct JSONSchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where in the schema, as a dotted path (`properties.score.maximum`); empty for the root.
    public var path: String
    public var message: String

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// Turns a JSON schema (as `JSONSerialization` reads it) into the `JSONGrammar` decoding follows. It
/// takes what structured output needs: `type` (one or a list), `properties` with `required`, `items`
/// with `minItems`/`maxItems`, `enum`, `const`, `minLength`/`maxLength`, integer ranges small enough to
/// list, `anyOf`/`oneOf` whose alternatives start differently, and `$ref` into `$defs`. A keyword that
/// would constrain the answer in a way it cannot follow (`pattern`, `format`, `allOf`, ...) is refused
/// by name rather than ignored: an answer that silently breaks the schema is worse than an error.
public struct JSONSchemaCompiler {
    /// Integer ranges up to this size are enforced as the list of their values.
    static let largestListedRange = 1024
    /// How deep `$ref`s may nest: recursive schemas are cut off there instead of looping.
    static let referenceDepth = 8

    static let ignored: Set<String> = [
        "$schema", "$id", "title", "description", "default", "examples", "additionalProperties", "$defs",
        "definitions", "strict", "$comment", "readOnly", "writeOnly", "deprecated",
    ]
    static let refused: Set<String> = [
        "pattern", "format", "allOf", "not", "if", "then", "else", "patternProperties", "dependentRequired",
        "dependentSchemas", "propertyNames", "uniqueItems", "contains", "multipleOf", "exclusiveMinimum",
        "exclusiveMaximum", "minProperties", "maxProperties", "prefixItems", "unevaluatedProperties",
    ]

    private let root: [String: Any]

    private init(root: [String: Any]) { self.root = root }

    public static func compile(_ schema: Any) throws(JSONSchemaError) -> JSONGrammar {
        guard let object = schema as? [String: Any] else {
            throw JSONSchemaError(path: "", message: "a schema must be a JSON object")
        }
        return try JSONSchemaCompiler(root: object).grammar(object, path: "", references: 0)
    }

    private func grammar(_ schema: [String: Any], path: String, references: Int) throws(JSONSchemaError) -> JSONGrammar {
        if let keyword = schema.keys.sorted().first(where: { Self.refused.contains($0) }) {
            throw JSONSchemaError(
                path: Self.join(path, keyword), message: "'\(keyword)' cannot be enforced by this server; leave it out")
        }
        if let reference = schema["$ref"] {
            return try resolve(reference, path: Self.join(path, "$ref"), references: references)
        }
        if let value = schema["const"] { return .literals([try Self.serialized(value, path: Self.join(path, "const"))]) }
        if let values = schema["enum"] {
            guard let list = values as? [Any], !list.isEmpty else {
                throw JSONSchemaError(path: Self.join(path, "enum"), message: "'enum' must be a list of at least one value")
            }
            var texts: [[UInt8]] = []
            for (index, value) in list.enumerated() {
                texts.append(try Self.serialized(value, path: Self.join(path, "enum.\(index)")))
            }
            return .literals(texts)
        }
        for keyword in ["anyOf", "oneOf"] {
            guard let alternatives = schema[keyword] else { continue }
            guard let list = alternatives as? [Any], !list.isEmpty else {
                throw JSONSchemaError(path: Self.join(path, keyword), message: "'\(keyword)' must be a list of schemas")
            }
            var shapes: [JSONGrammar] = []
            for (index, alternative) in list.enumerated() {
                let here = Self.join(path, "\(keyword).\(index)")
                guard let object = alternative as? [String: Any] else {
                    throw JSONSchemaError(path: here, message: "a schema must be a JSON object")
                }
                shapes.append(try grammar(object, path: here, references: references))
            }
            return try Self.union(shapes, path: Self.join(path, keyword))
        }
        let types: [String]
        switch schema["type"] {
        case nil: return .any(depth: JSONGrammar.nestedDepth)
        case let name as String: types = [name]
        case let names as [Any] where names.allSatisfy({ $0 is String }) && !names.isEmpty: types = names as! [String]
        default: throw JSONSchemaError(path: Self.join(path, "type"), message: "'type' must be a type name or a list of them")
        }
        let shapes = try types.map { (type) throws(JSONSchemaError) in
            try grammar(type: type, schema, path: path, references: references)
        }
        return shapes.count == 1 ? shapes[0] : try Self.union(shapes, path: Self.join(path, "type"))
    }

    private func grammar(type: String, _ schema: [String: Any], path: String, references: Int) throws(JSONSchemaError)
        -> JSONGrammar
    {
        switch type {
        case "object":
            let declared = try Self.object(schema["properties"], path: Self.join(path, "properties")) ?? [:]
            let required = try Self.names(schema["required"], path: Self.join(path, "required"))
            if let missing = required.first(where: { declared[$0] == nil }), !declared.isEmpty {
                throw JSONSchemaError(
                    path: Self.join(path, "required"), message: "'\(missing)' is required but not among the properties")
            }
            // The properties in the order the schema lists them: JSONSerialization's dictionaries keep none,
            // so the order is read from `required` first, then by name; a schema with an order of its own
            // should list every property in `required`, as OpenAI's strict mode asks anyway.
            let order = required.filter { declared[$0] != nil } + declared.keys.filter { !required.contains($0) }.sorted()
            var properties: [(name: String, value: JSONGrammar)] = []
            for name in order {
                let here = Self.join(path, "properties.\(name)")
                guard let object = declared[name] as? [String: Any] else {
                    throw JSONSchemaError(path: here, message: "a schema must be a JSON object")
                }
                properties.append((name, try grammar(object, path: here, references: references)))
            }
            return .object(JSONObjectShape(properties: properties, required: Set(required), freeKeys: declared.isEmpty))
        case "array":
            let items: JSONGrammar
            switch schema["items"] {
            case nil: items = .any(depth: JSONGrammar.nestedDepth - 1)
            case let object as [String: Any]: items = try grammar(object, path: Self.join(path, "items"), references: references)
            default: throw JSONSchemaError(path: Self.join(path, "items"), message: "'items' must be a schema")
            }
            let minItems = try Self.count(schema["minItems"], path: Self.join(path, "minItems")) ?? 0
            let maxItems = try Self.count(schema["maxItems"], path: Self.join(path, "maxItems"))
            if let maxItems, maxItems < minItems {
                throw JSONSchemaError(path: Self.join(path, "maxItems"), message: "'maxItems' is below 'minItems'")
            }
            return .array(items: items, minItems: minItems, maxItems: maxItems)
        case "string":
            let minLength = try Self.count(schema["minLength"], path: Self.join(path, "minLength")) ?? 0
            let maxLength = try Self.count(schema["maxLength"], path: Self.join(path, "maxLength"))
            if let maxLength, maxLength < minLength {
                throw JSONSchemaError(path: Self.join(path, "maxLength"), message: "'maxLength' is below 'minLength'")
            }
            return .string(minLength: minLength, maxLength: maxLength)
        case "integer", "number":
            let minimum = schema["minimum"] as? NSNumber
            let maximum = schema["maximum"] as? NSNumber
            guard minimum != nil || maximum != nil else { return .number(integer: type == "integer") }
            guard type == "integer", let low = minimum?.intValue, let high = maximum?.intValue, low <= high,
                high - low < Self.largestListedRange
            else {
                throw JSONSchemaError(
                    path: Self.join(path, minimum != nil ? "minimum" : "maximum"),
                    message:
                        "bounds are enforced on integers with both 'minimum' and 'maximum' at most \(Self.largestListedRange) apart; leave them out or narrow them"
                )
            }
            return .literals((low...high).map { Array(String($0).utf8) })
        case "boolean": return .boolean
        case "null": return .null
        default:
            throw JSONSchemaError(
                path: Self.join(path, "type"),
                message: "unknown type '\(type)'; use object, array, string, number, integer, boolean or null")
        }
    }

    private func resolve(_ reference: Any, path: String, references: Int) throws(JSONSchemaError) -> JSONGrammar {
        guard let text = reference as? String, text.hasPrefix("#/") else {
            throw JSONSchemaError(path: path, message: "only references into this schema ('#/$defs/NAME') are followed")
        }
        guard references < Self.referenceDepth else {
            throw JSONSchemaError(
                path: path, message: "references nest deeper than \(Self.referenceDepth): a recursive schema cannot be enforced")
        }
        var node: Any = root
        for part in text.dropFirst(2).split(separator: "/") {
            let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            guard let object = node as? [String: Any], let next = object[key] else {
                throw JSONSchemaError(path: path, message: "'\(text)' points at nothing in this schema")
            }
            node = next
        }
        guard let schema = node as? [String: Any] else {
            throw JSONSchemaError(path: path, message: "'\(text)' is not a schema")
        }
        return try grammar(schema, path: path, references: references + 1)
    }

    private static func union(_ shapes: [JSONGrammar], path: String) throws(JSONSchemaError) -> JSONGrammar {
        // Literals merge into one list; any other two alternatives must start with different bytes.
        var literals: [[UInt8]] = []
        var others: [JSONGrammar] = []
        for shape in shapes {
            if case .literals(let texts) = shape { literals += texts } else { others.append(shape) }
        }
        let all = others + (literals.isEmpty ? [] : [.literals(literals)])
        for byte in UInt8(0)...UInt8(255) where all.filter({ $0.mayStart(with: byte) }).count > 1 {
            throw JSONSchemaError(
                path: path,
                message:
                    "two alternatives can both start with '\(Character(Unicode.Scalar(byte)))': only alternatives of different types can be enforced"
            )
        }
        return all.count == 1 ? all[0] : .union(all)
    }

    private static func serialized(_ value: Any, path: String) throws(JSONSchemaError) -> [UInt8] {
        if let text = value as? String { return JSONObjectShape.quoted(text) }
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]) else {
            throw JSONSchemaError(path: path, message: "not a JSON value")
        }
        return Array(data)
    }

    private static func object(_ value: Any?, path: String) throws(JSONSchemaError) -> [String: Any]? {
        guard let value else { return nil }
        guard let object = value as? [String: Any] else { throw JSONSchemaError(path: path, message: "must be an object") }
        return object
    }

    private static func names(_ value: Any?, path: String) throws(JSONSchemaError) -> [String] {
        guard let value else { return [] }
        guard let list = value as? [Any], let names = list as? [String] else {
            throw JSONSchemaError(path: path, message: "must be a list of property names")
        }
        return names
    }

    private static func count(_ value: Any?, path: String) throws(JSONSchemaError) -> Int? {
        guard let value else { return nil }
        guard let number = value as? NSNumber, number.doubleValue >= 0, number.doubleValue == number.doubleValue.rounded() else {
            throw JSONSchemaError(path: path, message: "must be a whole number, 0 or more")
        }
        return number.intValue
    }

    private static func join(_ path: String, _ part: String) -> String { path.isEmpty ? part : path + "." + part }
}
