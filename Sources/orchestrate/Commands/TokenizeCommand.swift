import ArgumentParser
import Compute
import Foundation

struct TokenizeCommand: ParsableCommand, UsesGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "tokenize", abstract: "Print the token ids of each line of standard input.",
        discussion: """
            Uses the model folder's WordPiece tokenizer exactly as the embedding step will: one JSON array of
            ids per input line, [CLS] first and [SEP] last, truncated to the model's max_seq_length.
            """)

    /// Where `./scripts/setup` puts the default model.
    static let defaultModel = "models/all-MiniLM-L6-v2"

    @Option(name: .long, help: ArgumentHelp("A sentence-transformers model folder.", valueName: "dir"))
    var model: String?

    /// `--json` is accepted: every line printed is a JSON array already.
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let folder = try Self.loadModel(model)
        while let line = readLine(strippingNewline: true) {
            let ids = folder.tokenizer.encode(line).ids
            Terminal.print("[" + ids.map(String.init).joined(separator: ",") + "]")
        }
    }

    /// Loads `--model` or the default folder, turning a missing folder into a hint about `./scripts/setup`.
    static func loadModel(_ path: String?) throws -> SentenceTransformerFolder {
        let folder = path ?? defaultModel
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw CLIFailure(
                message: "no model folder at \(folder)",
                hint: path == nil
                    ? "run ./scripts/setup to fetch all-MiniLM-L6-v2, or pass --model DIR"
                    : "--model takes a sentence-transformers folder")
        }
        return try SentenceTransformerFolder(URL(fileURLWithPath: folder))
    }
}
