import ArtifactStore

/// The store refused to record a step's or run's state. The run stops rather than go on from a state
/// its record does not show; once the store takes writes again, `resume` continues it.
public struct StateRecordingError: Error, CustomStringConvertible, Sendable {
    /// `step 'embed'` or `run 3k2j8f0a`.
    public var subject: String
    /// The state that could not be recorded: `failed`, `skipped`, `cancelled`, ...
    public var state: String
    /// Why the subject reached that state, when there is a reason.
    public var detail: String?
    /// The store's own error.
    public var underlying: String

    init(subject: String, state: String, detail: String?, underlying: Error) {
        self.subject = subject
        self.state = state
        self.detail = detail
        self.underlying = (underlying as? StoreError)?.description ?? String(describing: underlying)
    }

    public var description: String {
        "could not record \(subject) as \(state)" + (detail.map { " (\($0))" } ?? "") + ": \(underlying)"
    }
}
