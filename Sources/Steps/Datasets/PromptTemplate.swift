import Foundation
import Orchestrator

/// A prompt with `{{name}}` placeholders (double braces, so that JSON examples in the prompt keep their
/// single ones). A template must use every placeholder it requires: a prompt that never receives the
/// extract would make the model invent the data.
struct PromptTemplate: Sendable, Equatable {
    let source: String
    let parameter: String

    init(_ source: String, parameter: String, requires: [String], allows: [String]) throws {
        self.source = source
        self.parameter = parameter
        for name in requires where !source.contains("{{\(name)}}") {
            throw StepFailure(
                "parameter '\(parameter)' must contain {{\(name)}}, where the \(name) goes; placeholders: "
                    + allows.map { "{{\($0)}}" }.joined(separator: ", "))
        }
        var rest = Substring(source)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            let name = String(rest[open.upperBound..<close.lowerBound])
            if !allows.contains(name) {
                throw StepFailure(
                    "parameter '\(parameter)' has an unknown placeholder {{\(name)}}; placeholders: "
                        + allows.map { "{{\($0)}}" }.joined(separator: ", "))
            }
            rest = rest[close.upperBound...]
        }
    }

    /// Fills the placeholders in one pass, so a value that itself contains `{{...}}` stays as it is.
    func render(_ values: [String: String]) -> String {
        var text = ""
        var rest = Substring(source)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            text += rest[..<open.lowerBound]
            let name = String(rest[open.upperBound..<close.lowerBound])
            text += values[name] ?? "{{\(name)}}"
            rest = rest[close.upperBound...]
        }
        return text + rest
    }
}
