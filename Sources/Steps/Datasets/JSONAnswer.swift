import ArtifactStore

/// Reads the JSON a model was asked for out of its answer. Models wrap JSON in prose or Markdown fences
/// and leave trailing commas; those are forgiven. Anything else is an error whose message can be sent
/// back to the model in the one repair request.
enum JSONAnswer {
    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    static func parse(_ answer: String) throws -> JSONValue {
        let scalars = Array(answer.unicodeScalars)
        guard let start = scalars.firstIndex(where: { $0 == "[" || $0 == "{" }) else {
            throw Malformed(description: "the answer holds no JSON array or object")
        }
        let closing: Unicode.Scalar = scalars[start] == "[" ? "]" : "}"
        guard let end = scalars.lastIndex(of: closing), end > start else {
            throw Malformed(description: "the JSON \(scalars[start] == "[" ? "array" : "object") is never closed")
        }
        let text = withoutTrailingCommas(scalars[start...end])
        do {
            return try JSONText.parse(text)
        } catch {
            throw Malformed(description: "invalid JSON: \(error)")
        }
    }

    /// Drops commas that directly precede a closing bracket, outside strings.
    static func withoutTrailingCommas(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var output = String.UnicodeScalarView()
        var inString = false
        var escaped = false
        var pendingComma: [Unicode.Scalar]? = nil
        for scalar in scalars {
            if inString {
                output.append(scalar)
                if escaped { escaped = false } else if scalar == "\\" { escaped = true } else if scalar == "\"" { inString = false }
                continue
            }
            if var held = pendingComma {
                if scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" {
                    held.append(scalar)
                    pendingComma = held
                    continue
                }
                if scalar != "]" && scalar != "}" { output.append(contentsOf: held) } else { output.append(contentsOf: held.dropFirst()) }
                pendingComma = nil
            }
            if scalar == "," {
                pendingComma = [scalar]
                continue
            }
            if scalar == "\"" { inString = true }
            output.append(scalar)
        }
        if let held = pendingComma { output.append(contentsOf: held) }
        return String(output)
    }

    /// The items of an answer that should be a list: the array itself, the one list inside an object
    /// (`{"pairs": [...]}`), or a single object taken as a list of one.
    static func items(_ value: JSONValue) throws -> [JSONValue] {
        switch value {
        case .array(let items): return items
        case .object(let object):
            let lists = object.values.compactMap(\.arrayValue)
            if lists.count == 1 { return lists[0] }
            return [value]
        default: throw Malformed(description: "expected a JSON array of objects, got \(value.typeName)")
        }
    }
}
