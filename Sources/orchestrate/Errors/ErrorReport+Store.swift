import ArtifactStore

extension ErrorReport {
    /// The store's errors: what is missing or wrong, and which command shows what is there.
    init(_ failure: StoreError) {
        switch failure {
        case .notFound(let kind, let reference, let hint):
            self.init(message: "no \(kind) matches '\(reference)'", hint: hint)
        case .ambiguous(let kind, let reference, let candidates):
            let shown = candidates.prefix(5).joined(separator: ", ") + (candidates.count > 5 ? ", ..." : "")
            self.init(
                message: "'\(reference)' matches \(candidates.count) \(kind)s: \(shown)",
                hint: "give more characters of the \(kind == "run" ? "id" : "reference")")
        case .invalidReference(let reference, let reason):
            self.init(
                message: "'\(reference)' is not a valid reference: \(reason)",
                hint: "name an artifact by id prefix, name, name@3, pipeline/name@latest or sha256:PREFIX")
        case .database(let path, let reason):
            self.init(
                message: "store database \(path): \(reason)",
                hint: "is this folder an orchestrate store? --store or ORCHESTRATE_STORE choose another")
        case .io(let path, let reason):
            self.init(message: "\(path): \(reason)", hint: Self.ioHint(reason))
        case .unsupportedContent(let path, let reason):
            self.init(
                message: "\(path): \(reason)", hint: "write the file or folder itself where the step expects its output")
        }
    }

    private static func ioHint(_ reason: String) -> String? {
        if reason.contains("another process") { return "wait for it to finish, or stop it first" }
        if reason.contains("in the way") { return "move the file away, or choose another folder with --store" }
        if reason.contains("ermission") || reason.contains("cannot create") {
            return "check that the folder exists and is writable, or choose another with --store"
        }
        if reason.contains("space") { return "free some disk space, or run `orchestrate gc` to remove unreferenced blobs" }
        return nil
    }
}
