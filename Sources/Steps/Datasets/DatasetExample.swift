import ArtifactStore

/// One accepted example and where it came from. `fields` are the example itself (`instruction`,
/// `answer`, or `instruction`, `chosen`, `rejected`); its id is the hash of those, so the same example
/// has the same id in every run.
struct DatasetExample: Sendable {
    let id: String
    let extract: TextExtract
    let fields: [String: String]
    /// What decides the example's split (`DatasetSplit`): the author's passage when the example's answer is
    /// one, else the extract. Never generated text, which another run or generator writes differently, so
    /// the author's text that was held out for testing stays held out in every later version.
    let splitKey: String

    /// An example; `passage` is the author's own text it answers with, if any.
    init(extract: TextExtract, fields: [String: String], passage: String? = nil) {
        self.extract = extract
        self.fields = fields
        self.id = Hashing.sha256(JSONText.compact(.object(fields.mapValues(JSONValue.string))))
        self.splitKey = passage.map { "passage\n\(extract.author)\n\($0)" } ?? "extract\n\(extract.id)"
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

    /// The text that decides whether two examples share `field`: its words, lower-cased.
    func duplicateKey(_ field: String) -> String {
        self[field].lowercased().split { !$0.isLetter && !$0.isNumber }.joined(separator: " ")
    }
}
