import ArtifactStore

/// One accepted example and where it came from. `fields` are the example itself (`instruction`,
/// `answer`, or `instruction`, `chosen`, `rejected`); its id is the hash of those, so the same example
/// has the same id in every run.
struct DatasetExample: Sendable {
    let id: String
    let extract: TextExtract
    let fields: [String: String]

    init(extract: TextExtract, fields: [String: String]) {
        self.extract = extract
        self.fields = fields
        self.id = Hashing.sha256(JSONText.compact(.object(fields.mapValues(JSONValue.string))))
    }

    subscript(field: String) -> String { fields[field] ?? "" }

    /// The provenance record in `examples.jsonl`: the example, its split, and the extract and input records
    /// it was made from.
    func record(split: String) -> JSONValue {
        var record = fields.mapValues(JSONValue.string)
        record["id"] = .string(id)
        record["split"] = .string(split)
        record["author"] = .string(extract.author)
        record["extract"] = .string(extract.id)
        record["sources"] = .array(extract.sources.map(JSONValue.string))
        return .object(record)
    }

    /// The text that decides whether two examples are the same: the instruction, lower-cased, words only.
    var duplicateKey: String {
        self["instruction"].lowercased().split { !$0.isLetter && !$0.isNumber }.joined(separator: " ")
    }
}
