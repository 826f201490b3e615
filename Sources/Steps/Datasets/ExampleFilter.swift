import ArtifactStore

/// The checks every example passes before it is kept: length bounds, the wanted language, and no field of
/// `uniqueFields` the same as a kept example's (the first one seen is kept).
struct ExampleFilter {
    let limits: LengthLimits
    /// The fields whose text must be in the wanted language, guessed together.
    let languageFields: [String]
    let uniqueFields: [String]

    func apply(_ candidates: [DatasetExample], settings: DatasetSettings) -> (kept: [DatasetExample], rejected: [Rejection]) {
        var kept: [DatasetExample] = []
        var rejected: [Rejection] = []
        var seen: [String: [String: String]] = [:]
        for example in candidates {
            let item = JSONValue.object(example.fields.mapValues { Rejection.snippet($0) })
            func reject(_ kind: Rejection.Kind, _ reason: String) {
                rejected.append(Rejection(extract: example.extract.id, kind: kind, reason: reason, item: item))
            }
            if let (kind, reason) = limits.problem(example) {
                reject(kind, reason)
            } else if let reason = settings.languageProblem(languageFields.map { example[$0] }.joined(separator: "\n")) {
                reject(.language, reason)
            } else if let (field, first) = uniqueFields.lazy.compactMap({ field in
                seen[field]?[example.duplicateKey(field)].map { (field, $0) }
            }).first {
                reject(.duplicate, "same \(field) as example \(first.prefix(12))")
            } else {
                for field in uniqueFields { seen[field, default: [:]][example.duplicateKey(field)] = example.id }
                kept.append(example)
            }
        }
        return (kept, rejected)
    }
}
