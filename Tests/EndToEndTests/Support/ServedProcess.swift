import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `orchestrate serve` started as users start it, for tests that talk to it over HTTP while pipelines run.
final class ServedProcess {
    let process = Process()
    private let errors = Pipe()

    init(_ arguments: [String], in folder: URL) throws {
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    /// The port in the line that says where it serves (`serving twin ... on http://127.0.0.1:PORT/v1 ...`).
    func port() throws -> Int {
        let prefix = " on http://127.0.0.1:"
        var text = ""
        while !text.contains("/v1 (loading the model)") {
            let chunk = errors.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("serving ") && $0.contains(prefix) }),
            let range = line.range(of: prefix), let port = Int(line[range.upperBound...].prefix { $0.isNumber })
        else { throw ServedProcessError("the server did not say where it listens: \(text)") }
        return port
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    static func waitForHealth(_ base: String) async throws {
        for _ in 0..<1000 {
            if let (_, response) = try? await URLSession.shared.data(from: URL(string: base + "/health")!),
                (response as? HTTPURLResponse)?.statusCode == 200
            {
                return
            }
            try await Task.sleep(for: .milliseconds(30))
        }
        throw ServedProcessError("\(base) did not become ready")
    }

    /// The revision `/health` reports.
    static func revision(_ base: String) async throws -> String? {
        let (body, _) = try await URLSession.shared.data(from: URL(string: base + "/health")!)
        return (try JSONSerialization.jsonObject(with: body) as? [String: Any])?["revision"] as? String
    }

    /// POSTs `body` as JSON and returns the answer's JSON object (an error's too).
    static func post(_ url: String, _ body: [String: Any]) async throws -> [String: Any] {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        let (data, _) = try await URLSession.shared.data(for: request)
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    static func complete(_ base: String, model: String) async throws -> (status: Int, revision: String?) {
        var request = URLRequest(url: URL(string: base + "/v1/completions")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"{"model": "\#(model)", "prompt": "Once", "max_tokens": 3}"#.utf8)
        let (_, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        return (http?.statusCode ?? 0, http?.value(forHTTPHeaderField: "X-Orchestrate-Model-Revision"))
    }
}

struct ServedProcessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
