import ArtifactStore
import Foundation
import Orchestrator

/// Brings documents in from files: the book's warehouse export folder, or a JSON / JSONL file of
/// documents. Writes them as a `documents` JSONL artifact and publishes them to the warehouse.
public struct ImportStep: Step {
    public init() {}

    public var descriptor: StepDescriptor {
        StepDescriptor(
            type: "import", version: 2,
            summary:
                "Imports documents from a warehouse export folder or a JSON/JSONL file into a documents artifact and the warehouse.",
            parameters: [
                ParameterDescriptor(
                    "path", .string, "A warehouse export folder or a JSON/JSONL file; relative to the project folder."),
                ParameterDescriptor(
                    "format", .string, default: "auto",
                    "auto, warehouse, json or jsonl (auto: a folder is a warehouse export, else by extension)."),
                ParameterDescriptor(
                    "publish", .bool, default: true, "Also upsert the documents into the store's warehouse (documents list)."),
            ],
            outputs: [PortDescriptor("documents", type: "documents", "One document per line (JSONL).")],
            isSource: true)
    }

    /// The imported file or folder's content hash joins the cache key: an edited export is imported again.
    public func externalFingerprints(_ parameters: StepParameters, projectDirectory: URL) throws -> [JSONValue] {
        let url = Self.source(try parameters.string("path"), in: projectDirectory)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw StepFailure(
                "\(url.path): no such file or folder (parameter 'path'; relative paths are read from the project folder)")
        }
        return [.array(["path", .string(try ContentHash.of(url).sha256)])]
    }

    static func source(_ path: String, in projectDirectory: URL) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : projectDirectory.appendingPathComponent(path)
    }

    public func run(_ context: StepContext) async throws -> StepResult {
        let path = try context.parameters.string("path")
        let url = Self.source(path, in: context.projectDirectory)
        let format = try ImportFormat.resolve(try context.parameters.string("format"), for: url)
        let documents = format == .warehouse ? try WarehouseExport.read(url) : try DocumentList.read(url, format: format)
        if let duplicate = Dictionary(grouping: documents, by: \.id).first(where: { $0.value.count > 1 })?.key {
            throw StepFailure("\(url.path): document id '\(duplicate)' appears more than once")
        }

        let output = context.outputURL("documents")
        try DocumentsFile.write(documents, to: output)
        if try context.parameters.bool("publish") {
            context.warehouse?.publish(documents, from: "documents")
        }
        let perKind = Dictionary(grouping: documents, by: \.kind).mapValues { JSONValue.int($0.count) }
        let authors = Set(documents.map(\.authorID)).count
        context.log.write("imported \(documents.count) documents by \(authors) authors from \(url.path) (\(format.rawValue))")
        return StepResult(outputs: [
            "documents": StepOutput(
                url: output,
                metadata: [
                    "count": .int(documents.count), "per_kind": .object(perKind), "authors": .int(authors),
                ])
        ])
    }
}
