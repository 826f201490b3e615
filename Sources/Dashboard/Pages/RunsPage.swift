import ArtifactStore
import Foundation
import Hummingbird
import Orchestrator

/// The runs list: a page of runs matching the filters in the URL.
struct RunsPage {
    let store: Store

    static let pageSize = 50

    /// The query a URL asks for; a bad value (an empty one included: the pages' forms leave empty fields out,
    /// see `Dashboard.query`) is a 400 naming the parameter.
    static func query(_ parameters: [String: String]) throws -> RunQuery {
        var query = RunQuery(limit: pageSize)
        query.pipeline = parameters["pipeline"].flatMap { $0.isEmpty ? nil : $0 }
        query.trigger = parameters["trigger"].flatMap { $0.isEmpty ? nil : $0 }
        if let status = parameters["status"] {
            guard let value = RunStatus(rawValue: status) else {
                throw DashboardError.badRequest(
                    "status '\(status)' is not a run status (one of \(Self.statuses.joined(separator: ", ")))")
            }
            query.status = value
        }
        query.since = try parameters["since"].flatMap { try day($0, name: "since") }
        query.until = try parameters["until"].flatMap { try day($0, name: "until").map { $0 + 86_400 } }
        if let offset = parameters["offset"] {
            guard let value = Int(offset), value >= 0, value <= 1_000_000_000 else {
                throw DashboardError.badRequest("offset '\(offset)' is not a whole number of 0 or more")
            }
            query.offset = value
        }
        if let limit = parameters["limit"] {
            guard let value = Int(limit), (1...500).contains(value) else {
                throw DashboardError.badRequest("limit '\(limit)' must be a whole number from 1 to 500")
            }
            query.limit = value
        }
        return query
    }

    static let statuses = ["pending", "running", "succeeded", "failed", "cancelled", "interrupted"]

    /// `2026-12-03` as the start of that day in UTC.
    private static func day(_ text: String, name: String) throws -> Double? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        guard let date = formatter.date(from: text) else {
            throw DashboardError.badRequest("\(name) '\(text)' is not a date like 2026-12-03")
        }
        return date.timeIntervalSince1970
    }

    func context(query: RunQuery, parameters: [String: String]) throws -> [String: Any] {
        let page = try store.runs(matching: query)
        let runs = page.rows.map { run -> [String: Any] in
            let status = store.effectiveStatus(of: run)
            return [
                "id": run.id, "short": Identifier.short(run.id), "pipeline": run.pipeline, "status": status.rawValue,
                "trigger": run.trigger, "created": Formats.time(run.createdAt),
                "duration": Formats.duration(run.startedAt, run.finishedAt) ?? (status == .running ? "running" : ""),
            ]
        }
        func link(_ offset: Int) -> String {
            var items = parameters.filter { $0.key != "offset" && !$0.value.isEmpty }.sorted { $0.key < $1.key }
            if offset > 0 { items.append(("offset", String(offset))) }
            let encoded = items.map { key, value in
                "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
            }
            return "/runs" + (encoded.isEmpty ? "" : "?" + encoded.joined(separator: "&"))
        }
        var context: [String: Any] = [
            "runs": runs, "total": page.total, "from": page.total == 0 ? 0 : query.offset + 1,
            "to": query.offset + runs.count, "since": parameters["since"] ?? "", "until": parameters["until"] ?? "",
            "pipelines": try store.runPipelines().map { ["name": $0, "selected": $0 == query.pipeline] },
            "statuses": Self.statuses.map { ["name": $0, "selected": $0 == query.status?.rawValue] },
            "triggers": ["manual", "schedule", "artifact", "reproduce"].map { ["name": $0, "selected": $0 == query.trigger] },
        ]
        if query.offset > 0 { context["previous"] = link(max(0, query.offset - query.limit)) }
        if query.offset + runs.count < page.total { context["next"] = link(query.offset + query.limit) }
        return context
    }

    /// The API's form of a page of runs.
    func json(query: RunQuery) throws -> JSONValue {
        let page = try store.runs(matching: query)
        return .object([
            "total": .int(page.total), "offset": .int(page.offset), "limit": .int(page.limit),
            "runs": .array(
                page.rows.map { run in
                    .object([
                        "id": .string(run.id), "pipeline": .string(run.pipeline),
                        "status": .string(store.effectiveStatus(of: run).rawValue), "trigger": .string(run.trigger),
                        "created_at": .string(Timestamp.iso(run.createdAt)),
                        "started_at": run.startedAt.map { .string(Timestamp.iso($0)) } ?? .null,
                        "finished_at": run.finishedAt.map { .string(Timestamp.iso($0)) } ?? .null,
                    ])
                }),
        ])
    }
}
