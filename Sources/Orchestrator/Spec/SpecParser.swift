import ArtifactStore
import Foundation
import Yams

/// Turns pipeline YAML into a `PipelineSpec`, collecting every structural problem with its
/// location instead of stopping at the first. Cross-references (steps, outputs, step types,
/// parameter types) are checked later by `PipelineValidator`.
public struct SpecParser {
    static let topLevelKeys = ["name", "description", "parameters", "steps", "schedule", "triggers", "executor"]
    static let stepKeys = [
        "uses", "description", "with", "inputs", "outputs", "after", "retries", "retry_delay", "timeout", "cache",
        "when", "run", "register", "executor", "resources",
    ]

    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) {
        self.file = file
    }

    /// Reads and parses a pipeline file; the error lists every problem found.
    public static func load(path: String) throws -> PipelineSpec {
        try parse(try readText(path), file: path)
    }

    /// The file's text, or an error that says whether it is missing or unreadable.
    static func readText(_ path: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read as UTF-8 text" : "no such file"
            throw PipelineError([Diagnostic("\(path): \(reason)", at: nil)])
        }
    }

    public static func parse(_ text: String, file: String) throws -> PipelineSpec {
        var parser = SpecParser(file: file)
        let spec = parser.parseDocument(text)
        if let spec, parser.diagnostics.isEmpty { return spec }
        throw PipelineError(parser.diagnostics)
    }

    mutating func report(_ message: String, at location: SourceLocation?, hint: String? = nil) {
        diagnostics.append(Diagnostic(message, at: location, hint: hint))
    }

    mutating func parseDocument(_ text: String) -> PipelineSpec? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            let problem = yamlProblem(error)
            let hint =
                problem.contains("mapping values are not allowed")
                ? "a ': ' inside a plain value starts a mapping; quote the value or write it as a block (run: |)" : nil
            report(problem, at: yamlLocation(error), hint: hint)
            return nil
        } catch {
            report("not valid YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
            return nil
        }
        guard let root else {
            report("the file is empty: a pipeline needs 'name' and 'steps'", at: SourceLocation(file: file, line: 1, column: 1))
            return nil
        }
        guard case .mapping(let pairs, let rootLocation) = SpecNode(root, file: file) else {
            report("a pipeline file is a mapping with 'name' and 'steps'", at: SpecNode(root, file: file).location)
            return nil
        }
        var locations: [String: SourceLocation] = ["pipeline": rootLocation]
        var name: String?
        var description: String?
        var parameters: [(name: String, value: JSONValue)] = []
        var steps: [StepSpec] = []
        var schedule: ScheduleSpec?
        var triggers: [TriggerSpec] = []
        var executor: ExecutorSpec?
        var sawSteps = false
        for (key, keyLocation, value) in pairs {
            locations[key] = keyLocation
            switch key {
            case "name":
                name = identifier(value, what: "pipeline name", pattern: .pipelineName)
                locations["name"] = value.location
            case "description":
                description = string(value, what: "description")
            case "parameters":
                parameters = parseParameters(value)
            case "steps":
                sawSteps = true
                steps = parseSteps(value)
            case "schedule":
                schedule = parseSchedule(value)
            case "triggers":
                triggers = parseTriggers(value)
            case "executor":
                executor = parseExecutor(value, of: "the pipeline")
            default:
                report(
                    "unknown key '\(key)'", at: keyLocation,
                    hint: Suggestion.hint(for: key, in: Self.topLevelKeys)
                        ?? "expected one of: \(Self.topLevelKeys.joined(separator: ", "))")
            }
        }
        if name == nil, !pairs.contains(where: { $0.key == "name" }) {
            report("missing 'name': every pipeline needs a name", at: rootLocation)
        }
        if !sawSteps {
            report("missing 'steps': a pipeline needs at least one step", at: rootLocation)
        }
        return PipelineSpec(
            name: name ?? "", description: description, parameters: parameters, steps: steps, schedule: schedule,
            triggers: triggers, executor: executor, text: text, file: file, locations: locations)
    }

    private mutating func parseParameters(_ node: SpecNode) -> [(name: String, value: JSONValue)] {
        guard case .mapping(let pairs, _) = node else {
            report("'parameters' must be a mapping of names to default values", at: node.location)
            return []
        }
        var result: [(name: String, value: JSONValue)] = []
        for (key, keyLocation, value) in pairs {
            guard NamePattern.parameter.matches(key) else {
                report("parameter name '\(key)' must start with a letter and use letters, digits and '_'", at: keyLocation)
                continue
            }
            result.append((key, value.value))
        }
        return result
    }

    private mutating func parseSteps(_ node: SpecNode) -> [StepSpec] {
        guard case .mapping(let pairs, let location) = node else {
            report("'steps' must be a mapping of step names to steps", at: node.location)
            return []
        }
        if pairs.isEmpty { report("'steps' is empty: a pipeline needs at least one step", at: location) }
        return pairs.compactMap { key, keyLocation, value in
            guard NamePattern.step.matches(key) else {
                report("step name '\(key)' must start with a letter or '_' and use letters, digits, '_' and '-'", at: keyLocation)
                return nil
            }
            return parseStep(name: key, at: keyLocation, value)
        }
    }

    mutating func string(_ node: SpecNode, what: String) -> String? {
        guard case .scalar(let text, _, _) = node else {
            report("\(what) must be text, not \(node.kindName)", at: node.location)
            return nil
        }
        return text
    }

    mutating func identifier(_ node: SpecNode, what: String, pattern: NamePattern) -> String? {
        guard let text = string(node, what: what) else { return nil }
        guard pattern.matches(text) else {
            report("\(what) '\(text)' \(pattern.rule)", at: node.location)
            return nil
        }
        return text
    }

    private func yamlLocation(_ error: YamlError) -> SourceLocation {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return SourceLocation(file: file, line: mark.line, column: mark.column)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let first = SourceLocation(file: file, line: context.mark.line, column: context.mark.column)
            return Self.repeatedKey(duplicates.first ?? "", after: first, in: context.text) ?? first
        default:
            return SourceLocation(file: file, line: 1, column: 1)
        }
    }

    /// libyaml reports a duplicate key where it first appears; users need the second place,
    /// the one they just added: the next line with the same key at the same column.
    static func repeatedKey(_ key: String, after first: SourceLocation, in text: String) -> SourceLocation? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard first.line < lines.count else { return nil }
        for index in first.line..<lines.count {
            let characters = Array(lines[index])
            let column = first.column - 1
            guard column < characters.count, characters[..<column].allSatisfy({ $0 == " " || $0 == "-" }) else { continue }
            let rest = String(characters[column...])
            if rest.hasPrefix(key + ":") || rest.hasPrefix("\"\(key)\":") || rest.hasPrefix("'\(key)':") {
                return SourceLocation(file: first.file, line: index + 1, column: first.column)
            }
        }
        return nil
    }

    private func yamlProblem(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
            .composer(let context, let problem, _, _):
            let location = context.map { " \($0.text) at line \($0.mark.line)" } ?? ""
            return "YAML syntax error: \(problem)\(location)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return
                "\(names) is defined more than once in the same mapping (first at line \(context.mark.line)); names must be unique"
        default:
            return "not valid YAML: \(error)"
        }
    }
}

/// The shapes names must have, with the rule to print when they do not.
enum NamePattern {
    case pipelineName, step, port, parameter

    func matches(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, text.count <= 100 else { return false }
        let letters = CharacterSet.letters.union(.decimalDigits)
        switch self {
        case .pipelineName:
            return CharacterSet.alphanumerics.contains(first)
                && text.unicodeScalars.allSatisfy { letters.contains($0) || "-_.".unicodeScalars.contains($0) }
        case .step:
            return (first.properties.isAlphabetic || first == "_")
                && text.unicodeScalars.allSatisfy { $0.isASCII && (letters.contains($0) || $0 == "_" || $0 == "-") }
        case .port, .parameter:
            return (first.properties.isAlphabetic || first == "_")
                && text.unicodeScalars.allSatisfy { $0.isASCII && (letters.contains($0) || $0 == "_") }
        }
    }

    var rule: String {
        switch self {
        case .pipelineName: "must use letters, digits, '-', '_' and '.'"
        case .step: "must start with a letter and use letters, digits, '_' and '-'"
        case .port, .parameter: "must start with a letter and use letters, digits and '_'"
        }
    }
}
