import ArtifactStore
import Foundation
import Orchestrator

/// Writes a `dataset` artifact: a folder with the examples in the formats training tools read, split into
/// train and test, and everything needed to audit them.
///
///     chat/train.jsonl, chat/test.jsonl   conversational format (TRL's SFT and DPO trainers, `datasets`)
///     alpaca/...  or  standard/...        Alpaca (instruction, input, output) or prompt/chosen/rejected
///     examples.jsonl                      every example with its split, author, extract and source records
///     extracts.jsonl                      the extracts the prompts were built from
///     rejected.jsonl                      what was left out, and why
///     dataset.json                        counts, tokens, cost, generator, prompts
struct DatasetFolder {
    let url: URL

    /// One training format: a subfolder and how an example is written in it.
    struct Format {
        let folder: String
        let line: (DatasetExample) -> JSONValue
    }

    func write(
        examples: [DatasetExample], testIDs: Set<String>, formats: [Format], extracts: [TextExtract],
        rejections: [Rejection], summary: JSONValue
    ) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: url, withIntermediateDirectories: true)
        for format in formats {
            let folder = url.appendingPathComponent(format.folder)
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
            for split in ["train", "test"] {
                let chosen = examples.filter { testIDs.contains($0.id) == (split == "test") }
                try Self.lines(chosen.map(format.line), to: folder.appendingPathComponent("\(split).jsonl"))
            }
        }
        try Self.lines(
            examples.map { $0.record(split: testIDs.contains($0.id) ? "test" : "train") },
            to: url.appendingPathComponent("examples.jsonl"))
        try Self.lines(extracts.map(\.record), to: url.appendingPathComponent("extracts.jsonl"))
        try Self.lines(rejections.map(\.record), to: url.appendingPathComponent("rejected.jsonl"))
        try Data((JSONText.pretty(summary) + "\n").utf8).write(to: url.appendingPathComponent("dataset.json"))
    }

    private static func lines(_ values: [JSONValue], to file: URL) throws {
        try Data(values.map { JSONText.compact($0) + "\n" }.joined().utf8).write(to: file)
    }

    static func message(_ role: String, _ content: String) -> JSONValue {
        .object(["role": .string(role), "content": .string(content)])
    }
}
