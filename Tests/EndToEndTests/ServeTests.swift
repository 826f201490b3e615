import Foundation
import OrchestrateTesting
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `orchestrate serve` as users start it.
@Suite("serve")
struct ServeTests {
    static let tinyModel = ExampleSite.packageRoot.appendingPathComponent("Tests/Fixtures/tiny-chat-model").path

    @Test("refuses to listen beyond loopback without a key, and names a missing model or key variable")
    func refusals() throws {
        let folder = try TestProject()
        let open = try CLI.run(["serve", "--host", "0.0.0.0", "--model", Self.tinyModel], in: folder.root)
        #expect(open.status == 2)
        #expect(open.stderr.contains("--host 0.0.0.0 listens beyond this machine: pass --api-key-env"))
        let missing = try CLI.run(["serve", "--model", "nowhere.gguf"], in: folder.root)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no model at"))
        let keyless = try CLI.run(
            ["serve", "--model", Self.tinyModel, "--api-key-env", "NO_SUCH_KEY_VARIABLE"], in: folder.root)
        #expect(keyless.status == 2)
        #expect(keyless.stderr.contains("environment variable NO_SUCH_KEY_VARIABLE is not set"))
    }

    @Test("serves the model on the port it reports, and stops cleanly on SIGTERM")
    func servesAndStops() async throws {
        let folder = try TestProject()
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["serve", "--port", "0", "--model", Self.tinyModel, "--model-name", "tiny"]
        process.currentDirectoryURL = folder.root
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var text = ""
        while !text.contains("/v1 (loading the model)") {
            let chunk = errors.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("serving tiny on http://127.0.0.1:") })
        let port = try #require(Int(line.split(separator: ":").last?.split(separator: "/").first ?? ""))
        var status = 0
        for _ in 0..<200 {
            let (_, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/health")!)
            status = (response as? HTTPURLResponse)?.statusCode ?? 0
            if status == 200 { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/completions")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"{"model": "tiny", "prompt": "Once", "max_tokens": 3}"#.utf8)
        let (body, _) = try await URLSession.shared.data(for: request)
        process.terminate()
        process.waitUntilExit()
        #expect(status == 200)
        let answer = try JSONSerialization.jsonObject(with: body) as? [String: Any]
        #expect((answer?["usage"] as? [String: Any])?["completion_tokens"] as? Int ?? 0 > 0)
        #expect(process.terminationStatus == 0)
    }
}
