import ArtifactStore

/// `inputs: { preferences: datasets/preference.dataset@3 }`: an artifact another pipeline published.
///
/// The engine resolves it when a run starts (the latest version unless one is named) and pins the
/// artifact id in the run's options, so `resume` and `reproduce` read the same version. Like
/// `trigger.artifact`, it stands in the plan as a pseudo-step, named by `key`, whose one output is
/// the resolved artifact.
public struct ArtifactInput: Sendable, Hashable, CustomStringConvertible {
    /// The name the resolved artifact is filed under, as if the pseudo-step `key` had produced it.
    public static let output = "artifact"

    public var pipeline: String
    /// The artifact's name in that pipeline: `step.output`, or only the output when that is unambiguous.
    public var name: String
    /// A version number, or nil for the latest version when the run starts.
    public var version: Int?
    /// The reference as written.
    public var text: String

    public var description: String { text }

    /// `pipeline/name@VERSION` or `pipeline/name@latest`: one key for every way of writing the same
    /// reference, under which the run's options pin what it resolved to. No step name holds a `/`.
    public var key: String { "\(pipeline)/\(name)@\(version.map(String.init) ?? "latest")" }

    /// Whether an input's text names another pipeline's artifact rather than `step.output`.
    static func looksLikeReference(_ text: String) -> Bool {
        text.contains("/") || text.contains("@")
    }

    /// Parses `pipeline/name`, `pipeline/name@latest` or `pipeline/name@N` with the store's reference
    /// syntax, and checks that each part could be a name; the error says what is wrong.
    init(parsing text: String) throws(Problem) {
        let reference: ArtifactReference
        do {
            reference = try ArtifactReference(parsing: text)
        } catch let StoreError.invalidReference(_, reason) {
            throw Problem(reason)
        } catch {
            throw Problem("\(error)")
        }
        guard case .named(let pipeline, let name, let version) = reference.form else {
            throw Problem("expected pipeline/step.output")
        }
        guard let pipeline else {
            throw Problem(
                "a version is only written for another pipeline's artifact, as pipeline/\(name)@VERSION; this pipeline's own outputs are read as step.output"
            )
        }
        guard NamePattern.pipelineName.matches(pipeline) else {
            throw Problem("pipeline name '\(pipeline)' \(NamePattern.pipelineName.rule)")
        }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let wellFormed =
            switch parts.count {
            case 1: NamePattern.port.matches(parts[0])
            case 2: NamePattern.step.matches(parts[0]) && NamePattern.port.matches(parts[1])
            default: false
            }
        guard wellFormed else {
            throw Problem("'\(name)' is not an artifact name: expected step.output after '\(pipeline)/'")
        }
        self.pipeline = pipeline
        self.name = name
        self.text = text
        switch version {
        case .latest: self.version = nil
        case .number(let number): self.version = number
        }
    }

    /// Why a reference cannot be parsed.
    struct Problem: Error {
        var reason: String

        init(_ reason: String) {
            self.reason = reason
        }
    }
}
