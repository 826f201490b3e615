import ArtifactStore
import Foundation
import Orchestrator

/// The artifacts list, newest first, filtered by pipeline, name and type.
struct ArtifactsPage {
    let store: Store

    static func query(_ parameters: [String: String]) throws -> ArtifactQuery {
        var query = ArtifactQuery(limit: RunsPage.pageSize)
        query.pipeline = parameters["pipeline"].flatMap { $0.isEmpty ? nil : $0 }
        query.name = parameters["name"].flatMap { $0.isEmpty ? nil : $0 }
        query.type = parameters["type"].flatMap { $0.isEmpty ? nil : $0 }
        let runs = try RunsPage.query(parameters.filter { $0.key == "offset" || $0.key == "limit" })
        query.offset = runs.offset
        query.limit = runs.limit
        return query
    }

    func context(query: ArtifactQuery, parameters: [String: String]) throws -> [String: Any] {
        let page = try store.artifacts(matching: query)
        func link(_ offset: Int) -> String {
            var items = parameters.filter { $0.key != "offset" && !$0.value.isEmpty }.sorted { $0.key < $1.key }
            if offset > 0 { items.append(("offset", String(offset))) }
            let encoded = items.map { "\($0)=\($1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
            return "/artifacts" + (encoded.isEmpty ? "" : "?" + encoded.joined(separator: "&"))
        }
        var context: [String: Any] = [
            "artifacts": page.rows.map { artifact -> [String: Any] in
                [
                    "id": artifact.id, "label": artifact.qualifiedName, "type": artifact.type,
                    "size": Formats.size(artifact.size), "created": Formats.time(artifact.createdAt),
                    "sha_short": String(artifact.sha256.prefix(12)),
                ]
            },
            "total": page.total, "from": page.total == 0 ? 0 : query.offset + 1, "to": query.offset + page.rows.count,
            "pipeline": query.pipeline ?? "", "name": query.name ?? "", "type": query.type ?? "",
        ]
        if query.offset > 0 { context["previous"] = link(max(0, query.offset - query.limit)) }
        if query.offset + page.rows.count < page.total { context["next"] = link(query.offset + query.limit) }
        return context
    }

    func json(query: ArtifactQuery) throws -> JSONValue {
        let page = try store.artifacts(matching: query)
        return .object([
            "total": .int(page.total), "offset": .int(page.offset), "limit": .int(page.limit),
            "artifacts": .array(page.rows.map { ArtifactJSON.object($0) }),
        ])
    }
}
