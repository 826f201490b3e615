import ArgumentParser
import Compute
import Foundation

struct EmbedCommand: ParsableCommand, UsesGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "embed", abstract: "Print the sentence embedding of each line of standard input.",
        discussion: """
            Runs the model folder's encoder natively (no Python): one JSON array of floats per input line, in
            input order, normalized to unit length when the model has a Normalize module (all-MiniLM-L6-v2
            does). Lines are read in blocks of a few thousand, so a long input streams.
            """)

    @Option(name: .long, help: ArgumentHelp("A sentence-transformers model folder.", valueName: "dir"))
    var model: String?

    @Option(name: .long, help: "Texts per forward pass.")
    var batchSize: Int = 32

    @Option(name: .long, help: ArgumentHelp("Worker threads (default: all cores).", valueName: "n"))
    var threads: Int?

    /// `--json` is accepted: every line printed is a JSON array already.
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let encoder = try Self.loadEncoder(model)
        var block: [String] = []
        func flush() {
            for vector in encoder.embed(block, batchSize: batchSize, threads: threads) {
                Terminal.print(EmbeddingText.json(vector))
            }
            block.removeAll(keepingCapacity: true)
        }
        while let line = readLine(strippingNewline: true) {
            block.append(line)
            if block.count == Self.blockSize { flush() }
        }
        flush()
    }

    /// Lines embedded per call: enough to fill every core with batches, few enough to start printing soon.
    static let blockSize = 4096

    static func loadEncoder(_ path: String?) throws -> BertEncoder {
        try BertEncoder(try TokenizeCommand.loadModel(path))
    }
}
