/// One problem found in a pipeline file, printed as `FILE:LINE:COL: message (hint)`.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation?
    public var message: String
    /// A suggestion such as "did you mean 'clean'?".
    public var hint: String?

    public init(_ message: String, at location: SourceLocation?, hint: String? = nil) {
        self.location = location
        self.message = message
        self.hint = hint
    }

    public var description: String {
        let prefix = location.map { "\($0): " } ?? ""
        return prefix + message + (hint.map { " (\($0))" } ?? "")
    }
}

/// A pipeline that cannot run, with every problem found, in file order.
public struct PipelineError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.sorted {
            ($0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.line ?? 0, $1.location?.column ?? 0)
        }
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
