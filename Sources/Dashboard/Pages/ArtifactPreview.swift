import ArtifactStore
import Foundation

/// A look into an artifact's content without downloading it: the first rows of a JSON Lines or JSON
/// array dataset as a table, the start of a text, the files of a folder, and a curve for any list of
/// numbers in the metadata (a training loss).
struct ArtifactPreview {
    let store: Store

    static let rowLimit = 20
    static let textLimit = 8 << 10

    func context(_ artifact: ArtifactRecord) -> [String: Any] {
        var context: [String: Any] = [:]
        let location = store.blobs.location(ofSHA256: artifact.sha256)
        switch artifact.kind {
        case .folder:
            let files = folderFiles(location)
            if !files.isEmpty {
                context["preview_files"] = true
                context["files"] = files
            }
        case .file:
            let head = self.head(location)
            if let table = table(head) {
                context["preview_rows"] = true
                context["columns"] = table.columns
                context["rows"] = table.rows.map { ["cells": $0] }
            } else if let text = String(data: head, encoding: .utf8), !text.isEmpty {
                context["preview_text"] = text
            }
        }
        if let curve = curve(artifact.metadataValue) { context["preview_svg"] = curve }
        context["has_preview"] = !context.isEmpty
        return context
    }

    private func head(_ url: URL) -> Data {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return Data() }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 256 << 10)) ?? Data()
    }

    /// JSON Lines of objects, or a JSON array of objects, as columns and the first rows.
    private func table(_ data: Data) -> (columns: [String], rows: [[String]])? {
        var objects: [[String: JSONValue]] = []
        if let value = try? JSONText.parse(data),
            let array = value.arrayValue ?? value["documents"]?.arrayValue ?? value["chunks"]?.arrayValue
        {
            objects = array.prefix(Self.rowLimit).compactMap(\.objectValue)
        } else {
            let text = String(decoding: data, as: UTF8.self)
            for line in text.split(separator: "\n").prefix(Self.rowLimit) {
                guard let object = (try? JSONText.parse(String(line)))?.objectValue else { break }
                objects.append(object)
            }
        }
        guard !objects.isEmpty else { return nil }
        var columns: [String] = []
        for object in objects { for key in object.keys.sorted() where !columns.contains(key) { columns.append(key) } }
        columns = Array(columns.prefix(8))
        let rows = objects.map { object in
            columns.map { column in
                let text = object[column].map(Formats.value) ?? ""
                return text.count > 160 ? String(text.prefix(159)) + "…" : text
            }
        }
        return (columns, rows)
    }

    private func folderFiles(_ url: URL) -> [[String: Any]] {
        guard let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey])
        else { return [] }
        var files: [[String: Any]] = []
        for case let file as URL in walker {
            guard files.count < 50 else { break }
            let values = try? file.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey])
            guard values?.isRegularFile == true else { continue }
            let path = String(file.path.dropFirst(url.path.count + 1))
            files.append(["path": path, "size": Formats.size(Int64(values?.fileSize ?? 0))])
        }
        return files.sorted { ($0["path"] as? String ?? "") < ($1["path"] as? String ?? "") }
    }

    /// The first list of at least two numbers in the metadata (`loss`, `losses`, `metrics.loss`), drawn as a line.
    private func curve(_ metadata: JSONValue) -> String? {
        func find(_ value: JSONValue, _ name: String) -> (String, [Double])? {
            if let array = value.arrayValue, array.count >= 2 {
                let numbers = array.compactMap { $0.doubleValue ?? $0["loss"]?.doubleValue }
                if numbers.count == array.count { return (name, numbers) }
            }
            for (key, child) in (value.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                if let found = find(child, name.isEmpty ? key : name + "." + key) { return found }
            }
            return nil
        }
        guard let (name, values) = find(metadata, ""), let low = values.min(), let high = values.max() else { return nil }
        let width = 480.0
        let height = 160.0
        let span = high - low == 0 ? 1 : high - low
        let points = values.enumerated().map { index, value in
            let x = 40 + Double(index) / Double(values.count - 1) * (width - 50)
            let y = 10 + (1 - (value - low) / span) * (height - 30)
            return "\(GraphSVG.number(x)),\(GraphSVG.number(y))"
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" class="curve" viewBox="0 0 \(Int(width)) \(Int(height))" width="\(Int(width))" \
            height="\(Int(height))"><title>\(HTML.escape(name))</title>\
            <polyline fill="none" stroke="#3a5bd9" stroke-width="2" points="\(points.joined(separator: " "))"/>\
            <text x="4" y="14" font-size="11">\(HTML.escape(String(format: "%.4g", high)))</text>\
            <text x="4" y="\(Int(height - 20))" font-size="11">\(HTML.escape(String(format: "%.4g", low)))</text>\
            <text x="40" y="\(Int(height - 4))" font-size="11">\(HTML.escape(name)) over \(values.count) points</text></svg>
            """
    }
}
