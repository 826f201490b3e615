import ArgumentParser
import ArtifactStore
import Compute
import Foundation
import Steps

struct SearchCommand: ParsableCommand, UsesGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Find the chunks most similar to a query in a vector index.",
        discussion: """
            Embeds QUERY with the index's model and prints the top chunks with their score, author, link and a
            snippet. Filters are applied while searching, so a narrow filter still returns k results. Without
            --index it searches the vector-index artifact a run published last.
            """)

    @Argument(help: "What to look for.")
    var query: String

    @Option(name: .long, help: ArgumentHelp("A vector-index artifact (id, name, name@version).", valueName: "ref"))
    var index: String?

    @Option(name: .customShort("k"), help: "How many results.")
    var k = 5

    @Option(name: .long, help: "Only chunks by this author (repeatable).")
    var author: [String] = []

    @Option(name: .long, help: "Only chunks from this platform (repeatable).")
    var platform: [String] = []

    @Option(name: .long, help: "Only chunks of this kind: article, post, repository (repeatable).")
    var kind: [String] = []

    @Option(name: .long, help: ArgumentHelp("The model folder (default: the one the index was built with).", valueName: "dir"))
    var model: String?

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard k > 0 else { throw ValidationError("-k must be at least 1, got \(k)") }
        guard !query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("the query is empty") }
    }

    func run() throws {
        let store = try global.openStore()
        let artifact = try Self.indexArtifact(index, in: store)
        let folder = store.blobs.location(ofSHA256: artifact.sha256)
        let manifest = try Self.manifest(folder, artifact: artifact)
        let encoder = try EmbedCommand.loadEncoder(try modelPath(manifest: manifest, artifact: artifact, store: store))
        let vectorIndex: VectorIndex
        do {
            vectorIndex = try VectorIndex(contentsOf: folder.appendingPathComponent(VectorIndexRecord.indexFile))
        } catch let error as VectorIndexError {
            throw CLIFailure(
                message: "\(Self.label(artifact)): \(error.message)",
                hint: "`orchestrate artifacts verify` checks the stored content")
        }
        guard vectorIndex.dimension == encoder.dimension else {
            throw CLIFailure(
                message:
                    "\(Self.label(artifact)) holds \(vectorIndex.dimension)-dimensional vectors, but the model makes \(encoder.dimension)",
                hint: "pass the --model the index was built with")
        }
        let filter =
            author.isEmpty && platform.isEmpty && kind.isEmpty
            ? nil
            : VectorFilter(
                authors: author.isEmpty ? nil : Set(author), platforms: platform.isEmpty ? nil : Set(platform),
                kinds: kind.isEmpty ? nil : Set(kind))
        let hits = try vectorIndex.search(encoder.embed([query])[0], k: k, filter: filter)
        let records = try Self.records(folder, rows: Set(hits.map(\.position)))
        let results = hits.map { SearchResult(hit: $0, record: records[$0.position] ?? [:]) }
        if global.json {
            Terminal.print(
                JSONText.pretty([
                    "index": ["id": .string(artifact.id), "name": .string(artifact.name), "version": .int(artifact.version)],
                    "query": .string(query), "results": .array(results.enumerated().map { $1.json(rank: $0 + 1) }),
                ]))
            return
        }
        if results.isEmpty {
            Terminal.print("no chunks match" + (filter == nil ? "" : " the filters") + " in \(Self.label(artifact))")
            return
        }
        for (rank, result) in results.enumerated() {
            Terminal.print(result.text(rank: rank + 1))
        }
    }

    static func label(_ artifact: ArtifactRecord) -> String { "\(artifact.name) v\(artifact.version)" }

    /// `--index`, or the vector-index artifact a run published last.
    static func indexArtifact(_ reference: String?, in store: Store) throws -> ArtifactRecord {
        if let reference {
            let artifact = try store.resolveArtifact(reference)
            guard artifact.type == "vector-index" else {
                throw CLIFailure(
                    message: "\(label(artifact)) is a '\(artifact.type)' artifact, not a vector-index",
                    hint: "`orchestrate artifacts list` shows the stored artifacts and their types")
            }
            return artifact
        }
        guard let newest = try store.latestArtifact(type: "vector-index") else {
            throw CLIFailure(
                message: "no vector index in the store",
                hint: "run a pipeline with an index step first, e.g. `orchestrate run pipelines/feature.yaml`")
        }
        return newest
    }

    static func manifest(_ folder: URL, artifact: ArtifactRecord) throws -> [String: JSONValue] {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(VectorIndexRecord.manifestFile).path),
            let object = (try? JSONText.parse(String(decoding: data, as: UTF8.self)))?.objectValue
        else {
            throw CLIFailure(
                message: "\(label(artifact)) has no readable index.json",
                hint: "`orchestrate artifacts verify` checks the stored content")
        }
        return object
    }

    /// `--model`, else the index's model: as written in the pipeline, read from here, then from the
    /// project folder of the run that built the embeddings.
    func modelPath(manifest: [String: JSONValue], artifact: ArtifactRecord, store: Store) throws -> String {
        if let model { return model }
        return try Self.recordedModelPath(manifest: manifest, artifact: artifact, store: store)
    }

    /// The model the index records, found as `modelPath` finds it.
    static func recordedModelPath(manifest: [String: JSONValue], artifact: ArtifactRecord, store: Store) throws -> String {
        guard let recorded = manifest["model"]?.stringValue, !recorded.isEmpty else {
            throw CLIFailure(
                message: "\(label(artifact)) does not say which model built it", hint: "pass --model DIR")
        }
        if recorded.hasPrefix("/") || FileManager.default.fileExists(atPath: recorded) { return recorded }
        if let stepRun = try artifact.producerStepRunId.flatMap({ try store.stepRun(id: $0) }),
            let run = try store.run(id: stepRun.runId)
        {
            let candidate = URL(fileURLWithPath: run.projectDir).appendingPathComponent(recorded).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        throw CLIFailure(
            message: "the index was built with the model '\(recorded)', which is not here",
            hint: "pass --model DIR, or run ./scripts/setup to fetch the default model")
    }

    /// The records at `rows` of records.jsonl: only the hits are parsed.
    static func records(_ folder: URL, rows: Set<Int>) throws -> [Int: [String: JSONValue]] {
        let text = try String(contentsOf: folder.appendingPathComponent(VectorIndexRecord.recordsFile), encoding: .utf8)
        var found: [Int: [String: JSONValue]] = [:]
        for (row, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where rows.contains(row) {
            found[row] = (try? JSONText.parse(String(line)))?.objectValue
        }
        return found
    }
}
