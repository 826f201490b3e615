import ArtifactStore

/// Reads the JSON a model was asked for out of its answer. Models wrap JSON in prose or Markdown fences
/// and leave trailing commas; those are forgiven. Anything else is an error whose message can be sent
/// back to the model in the one repair request.
enum JSONAnswer {
    struct Malformed: Error, CustomStringConvertible, Equatable {
        let description: String
    }

    static func parse(_ answer: String) throws -> JSONValue {
        let scalars = Array(answer.unicodeScalars)
        guard let start = scalars.firstIndex(where: { $0 == "[" || $0 == "{" }) else {
            throw Malformed(description: "the answer holds no JSON array or object")
        }
        let closing: Unicode.Scalar = scalars[start] == "[" ? "]" : "}"
        let problem: String
        if let end = scalars.lastIndex(of: closing), end > start {
            do {
                return try JSONText.parse(withoutTrailingCommas(scalars[start...end]))
            } catch {
                problem = "invalid JSON: \(error)"
            }
        } else {
            problem = "the JSON \(scalars[start] == "[" ? "array" : "object") is never closed"
        }
        // An answer cut off by the token limit still holds the array's complete leading elements.
        if scalars[start] == "[", let complete = completeElements(scalars[start...]),
            let value = try? JSONText.parse(withoutTrailingCommas(complete[...]))
        {
            return value
        }
        throw Malformed(description: problem)
    }

    /// The array up to its last complete element, closed: `[{...}, {...}, {"a": "cut` gives `[{...}, {...}]`.
    /// Nil when not even one element is complete.
    static func completeElements(_ scalars: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar]? {
        var depth = 0
        var inString = false
        var escaped = false
        var lastEnd: Int?
        for index in scalars.indices {
            let scalar = scalars[index]
            if inString {
                if escaped {
                    escaped = false
                } else if scalar == "\\" {
                    escaped = true
                } else if scalar == "\"" {
                    inString = false
                }
                continue
            }
            switch scalar {
            case "\"": inString = true
            case "[", "{": depth += 1
            case "]", "}":
                depth -= 1
                if depth == 1 { lastEnd = index }
                if depth <= 0 { return nil }  // the array closed: nothing was cut off, the error is elsewhere
            default: break
            }
        }
        guard let lastEnd else { return nil }
        return Array(scalars[scalars.startIndex...lastEnd]) + ["]"]
    }

    /// Mends the two slips models make most in JSON lists, outside strings: a comma right before a closing
    /// bracket (dropped) and a missing comma between two elements (`} {` or `}\n{` gets one).
    static func withoutTrailingCommas(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var output = String.UnicodeScalarView()
        var inString = false
        var escaped = false
        var pendingComma: [Unicode.Scalar]? = nil
        // An element just ended: the next token must be a comma or a closing bracket.
        var afterElement = false
        for scalar in scalars {
            if inString {
                output.append(scalar)
                if escaped {
                    escaped = false
                } else if scalar == "\\" {
                    escaped = true
                } else if scalar == "\"" {
                    inString = false
                }
                continue
            }
            let isSpace = scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r"
            if var held = pendingComma {
                if isSpace {
                    held.append(scalar)
                    pendingComma = held
                    continue
                }
                if scalar != "]" && scalar != "}" {
                    output.append(contentsOf: held)
                } else {
                    output.append(contentsOf: held.dropFirst())
                }
                pendingComma = nil
            }
            if afterElement, !isSpace {
                if scalar == "{" || scalar == "[" { output.append(",") }
                afterElement = false
            }
            if scalar == "," {
                pendingComma = [scalar]
                continue
            }
            if scalar == "\"" { inString = true }
            if scalar == "}" || scalar == "]" { afterElement = true }
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
