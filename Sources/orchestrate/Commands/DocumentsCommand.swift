import ArgumentParser
import ArtifactStore
import Foundation

struct DocumentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "documents", abstract: "Read the data warehouse: the documents that import steps published.",
        subcommands: [List.self], defaultSubcommand: List.self)

    struct List: ParsableCommand, UsesGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "List warehouse documents by author, then title.")

        @Option(name: .long, help: "Only documents by this author (a name, any case, or an author id).")
        var author: String?

        @Option(name: .long, help: "Only documents of this kind (article, post, repository).")
        var kind: String?

        @Option(name: .long, help: "How many to list.")
        var limit = 100

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard limit > 0 else { throw ValidationError("--limit must be at least 1, got \(limit)") }
        }

        func run() throws {
            let store = try global.openStore()
            let documents = try store.documents(author: author, kind: kind, limit: limit)
            if global.json {
                Terminal.print(JSONText.pretty(.array(documents.map(Self.json))))
                return
            }
            if documents.isEmpty {
                Terminal.print(
                    "no documents" + (author.map { " by '\($0)'" } ?? "") + (kind.map { " of kind '\($0)'" } ?? "")
                        + " in \(global.storePath)/ (a crawl or import step publishes them)")
                return
            }
            var table = Table("ID", "KIND", "PLATFORM", "AUTHOR", "TITLE", "CHARACTERS")
            for document in documents {
                table.add(
                    String(document.id.prefix(8)), document.kind, document.platform ?? "-", document.author,
                    Self.truncated(document.title ?? "-", to: 50), String(document.content.count))
            }
            Terminal.print(table.render())
        }

        /// One line per title, at most `width` characters, with an ellipsis when cut.
        static func truncated(_ text: String, to width: Int) -> String {
            let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
            return line.count <= width ? line : String(line.prefix(width - 1)) + "…"
        }

        static func json(_ document: WarehouseDocument) -> JSONValue {
            let optional: (String?) -> JSONValue = { $0.map(JSONValue.string) ?? .null }
            return [
                "id": .string(document.id), "kind": .string(document.kind), "platform": optional(document.platform),
                "link": optional(document.link), "title": optional(document.title), "author": .string(document.author),
                "author_id": .string(document.authorID), "characters": .int(document.content.count),
                "content_sha256": .string(document.contentSHA256), "source_artifact_id": optional(document.sourceArtifactID),
            ]
        }
    }
}
