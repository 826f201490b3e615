import ArtifactStore
import Foundation
import OrchestrateTesting
import Testing

/// One input record of the dataset steps' tests: id, document, author, text.
typealias TestChunk = (id: String, document: String, author: String, text: String)

/// What the dataset steps' tests share: four chunks of two authors, a pipeline that feeds them to a dataset
/// step, the replay server as the generator, and the dataset's JSON lines.
protocol DatasetStepTesting {}

/// Two authors, three documents; every chunk is one paragraph long enough to be a passage, and every
/// sentence is long enough to become an answer.
let datasetTestChunks: [TestChunk] = [
    (
        "c1", "d1", "Ada",
        "Retrieval augmented generation looks up passages before the model answers. The passages come from a vector index built over the author's articles."
    ),
    (
        "c2", "d1", "Ada",
        "Chunks are embedded with a small sentence model on the CPU. Each chunk keeps the link of the document it was cut from."
    ),
    (
        "c3", "d2", "Ada",
        "Fine-tuning with LoRA trains small adapter matrices instead of every weight. It needs far less memory than full fine-tuning."
    ),
    (
        "c4", "d3", "Bo",
        "A preference dataset pairs a chosen answer with a rejected one for the same instruction. Direct preference optimization learns from such pairs."
    ),
]

extension DatasetStepTesting {
    static var chunks: [TestChunk] { datasetTestChunks }

    static func chunksFile(_ chunks: [TestChunk]) -> String {
        chunks.map { id, document, author, text in
            JSONText.compact(
                .object([
                    "id": .string(id), "document_id": .string(document), "author": .string(author), "text": .string(text),
                    "link": .string("https://example.com/\(document)"),
                ]))
        }.joined(separator: "\n") + "\n"
    }

    func pipeline(_ step: String, _ with: String) -> String {
        """
        name: datasets
        steps:
          chunks:
            uses: command
            run: cp chunks.jsonl "$OUTPUT_chunks"
            outputs: { chunks: chunks }
          data:
            uses: \(step)
            inputs: { chunks: chunks.chunks }
            with: { extract_words: 20, \(with) }
        """
    }

    func openai(_ site: ExampleSite, _ model: String, extra: String = "") -> String {
        "generator: { backend: openai, base_url: \"\(site.url("/_/openai/v1").absoluteString)\", model: \(model), retries: 0\(extra) }"
    }

    /// A project whose `chunks.jsonl` holds `chunks`.
    func fixture(chunks: [TestChunk] = datasetTestChunks) throws -> PipelineFixture {
        let fixture = try PipelineFixture()
        try write(chunks, to: fixture)
        return fixture
    }

    func write(_ chunks: [TestChunk], to fixture: PipelineFixture) throws {
        try Self.chunksFile(chunks).write(
            to: fixture.project.appendingPathComponent("chunks.jsonl"), atomically: false, encoding: .utf8)
    }

    func lines(_ folder: URL, _ file: String) throws -> [[String: JSONValue]] {
        try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8).split(separator: "\n")
            .map { try #require(try JSONText.parse(String($0)).objectValue) }
    }

    /// The folder of the dataset the step `data` of `run` wrote.
    func datasetFolder(_ fixture: PipelineFixture, _ run: RunRecord) throws -> URL {
        let artifact = try #require(try fixture.artifact("data", "dataset", in: run))
        return fixture.store.blobs.location(ofSHA256: artifact.sha256)
    }
}
