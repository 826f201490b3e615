import ArtifactStore
import Foundation
import OrchestrateTesting

/// The pinned output digests of the built-in steps, `Golden/step-outputs.json`: for each step type
/// and version (`"chunk@1"`), the digest of each of its outputs on the golden fixtures.
///
/// A step's version is part of every cache key, so a change in what a step writes must come with a
/// new version, or stores keep serving outputs the new code would not make. The file makes that
/// deliberate: new output under an old version fails, and so does a new version under old digests.
struct GoldenDigests {
    /// Set this environment variable to 1 to have the test print the file with today's digests.
    static let printVariable = "ORCHESTRATE_PRINT_GOLDEN_DIGESTS"
    static let path = "Tests/StepsTests/Golden/step-outputs.json"
    static var url: URL { ExampleSite.packageRoot.appendingPathComponent(path) }

    /// `"type@version"` → output name → digest.
    var steps: [String: [String: String]]
    /// Why the derived digests are what they are, kept at the top of the file for its readers.
    var about: [String]

    static func key(_ type: String, _ version: Int) -> String { "\(type)@\(version)" }

    static func load(from url: URL = url) throws -> GoldenDigests {
        let value = try JSONText.parse(try Data(contentsOf: url))
        var steps: [String: [String: String]] = [:]
        for (key, outputs) in value["steps"]?.objectValue ?? [:] {
            steps[key] = (outputs.objectValue ?? [:]).compactMapValues(\.stringValue)
        }
        return GoldenDigests(steps: steps, about: (value["about"]?.arrayValue ?? []).compactMap(\.stringValue))
    }

    /// The file's text: pretty JSON with sorted keys, so a changed digest is a one-line diff.
    var text: String {
        let entries = steps.mapValues { outputs in JSONValue.object(outputs.mapValues(JSONValue.string)) }
        return JSONText.pretty(.object(["about": .array(about.map(JSONValue.string)), "steps": .object(entries)])) + "\n"
    }

    /// What is wrong with a step's `actual` output digests at `version`, each problem a sentence
    /// that says what to do; empty when they match the pinned ones.
    func problems(type: String, version: Int, source: String, actual: [String: String]) -> [String] {
        let key = Self.key(type, version)
        let howToPrint = "run the golden test with \(Self.printVariable)=1 to print the new digests"
        guard let pinned = steps[key] else {
            let others = steps.keys.filter { $0.hasPrefix(type + "@") }.sorted()
            if others.isEmpty {
                return ["step '\(type)' has no golden digests: add \"\(key)\" to \(Self.path) (\(howToPrint))"]
            }
            return [
                "step '\(type)' is at version \(version) in \(source), but \(Self.path) pins \(others.joined(separator: ", ")): "
                    + "update the golden digest to \"\(key)\" with the digests of version \(version) (\(howToPrint))"
            ]
        }
        var problems: [String] = []
        for name in Set(pinned.keys).union(actual.keys).sorted() where pinned[name] != actual[name] {
            problems.append(
                "the output '\(name)' of step '\(type)' changed on the golden fixtures "
                    + "(pinned \(pinned[name] ?? "nothing"), now \(actual[name] ?? "nothing")): "
                    + "bump the step's version in \(source) and update the golden digest in \(Self.path) (\(howToPrint))")
        }
        return problems
    }
}
