import ArtifactStore
import Foundation
import Orchestrator

/// The authors whose writing a pipeline collects: every pipeline with a `links` parameter (and an `author`
/// one, when it has it) is a collection, its links file edited here and saved in place.
struct AuthorsPage {
    let store: Store
    let folder: PipelineFolder
    let projectDirectory: URL

    /// A pipeline that collects from a links file, and that file.
    struct Collection {
        var entry: PipelineFolder.Entry
        var file: URL
        var author: String
    }

    func collections() -> [Collection] {
        folder.pipelines.values.sorted { $0.spec.name < $1.spec.name }.compactMap { entry in
            guard let links = entry.spec.parameterDefaults["links"]?.stringValue, !links.isEmpty else { return nil }
            let file = links.hasPrefix("/") ? URL(fileURLWithPath: links) : projectDirectory.appendingPathComponent(links)
            return Collection(
                entry: entry, file: file.standardizedFileURL,
                author: entry.spec.parameterDefaults["author"]?.stringValue ?? entry.spec.name)
        }
    }

    func collection(_ pipeline: String) throws -> Collection {
        guard let found = collections().first(where: { $0.entry.spec.name == pipeline }) else {
            throw DashboardError.notFound("no pipeline '\(pipeline)' with a 'links' parameter in \(folder.folder.path)")
        }
        return found
    }

    func context() throws -> [String: Any] {
        let latest = try store.latestRuns()
        return [
            "authors": collections().map { collection -> [String: Any] in
                var item: [String: Any] = [
                    "pipeline": collection.entry.spec.name, "author": collection.author, "file": collection.file.path,
                    "links": (try? String(contentsOf: collection.file, encoding: .utf8)) ?? "",
                ]
                if let run = latest[collection.entry.spec.name] {
                    item["last_run"] = [
                        "id": run.id, "short": Identifier.short(run.id), "status": store.effectiveStatus(of: run).rawValue,
                        "created": Formats.time(run.createdAt),
                    ]
                }
                return item
            }
        ]
    }

    /// Writes the links, one per line, keeping the file's comment lines at its top; a link must be a URL or
    /// a path, on one line.
    func save(_ links: [String], to collection: Collection) throws -> [String] {
        var kept: [String] = []
        for link in links {
            let trimmed = link.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            guard !trimmed.contains(where: \.isNewline), trimmed.count <= 2048 else {
                throw DashboardError.badRequest("link '\(trimmed.prefix(60))' spans lines or is over 2048 characters")
            }
            if trimmed.hasPrefix("#") { continue }
            if !kept.contains(trimmed) { kept.append(trimmed) }
        }
        let existing = (try? String(contentsOf: collection.file, encoding: .utf8)) ?? ""
        let comments = existing.split(separator: "\n", omittingEmptySubsequences: false).prefix { $0.hasPrefix("#") }
        let text = (comments.map(String.init) + kept).joined(separator: "\n") + "\n"
        do {
            try Data(text.utf8).write(to: collection.file, options: .atomic)
        } catch {
            throw DashboardError(.internalServerError, "cannot write the links file \(collection.file.path): \(error)")
        }
        return kept
    }
}
