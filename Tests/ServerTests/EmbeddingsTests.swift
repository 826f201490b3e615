import Compute
import Foundation
import OrchestrateTesting
import Testing

@testable import Server

/// `POST /v1/embeddings` with the native all-MiniLM-L6-v2, when `./scripts/setup` has fetched it.
struct EmbeddingsTests {
    static let folder = ExampleSite.packageRoot.appendingPathComponent("models/all-MiniLM-L6-v2")

    @Test func embeddingsAreTheEncodersAsFloatsOrBase64() async throws {
        guard FileManager.default.fileExists(atPath: Self.folder.path) else {
            try Test.cancel("models/all-MiniLM-L6-v2 is missing: run ./scripts/setup")
        }
        let encoder = try BertEncoder(SentenceTransformerFolder(Self.folder))
        let server = try await TestServer(load: { ServerModels(model: TestServer.model, encoder: encoder) })
        try await server.waitUntilReady()
        let texts = ["The twin writes about LoRA.", "Retrieval first, then generation."]
        let floats = try await server.post("/v1/embeddings", ["model": "all-MiniLM-L6-v2", "input": texts])
        let encoded = try await server.post(
            "/v1/embeddings", ["model": "all-MiniLM-L6-v2", "input": texts[0], "encoding_format": "base64"])
        let models = try await server.get("/v1/models")
        let bad = try await server.post("/v1/embeddings", ["model": "all-MiniLM-L6-v2", "input": [1, 2]])
        await server.stop()
        let expected = encoder.embed(texts)
        #expect(floats.status == 200)
        #expect(floats.json["object"] as? String == "list")
        let data = try #require(floats.json["data"] as? [[String: Any]])
        #expect(data.map { $0["index"] as? Int } == [0, 1])
        for (item, vector) in zip(data, expected) {
            let values = (item["embedding"] as? [Double] ?? []).map(Float.init)
            // Equal to the float's precision: the server's batch and thread split may round last bits differently.
            #expect(values.count == vector.count && zip(values, vector).allSatisfy { abs($0 - $1) <= 1e-6 })
        }
        let tokens = texts.map { encoder.folder.tokenizer.encode($0).ids.count }.reduce(0, +)
        #expect((floats.json["usage"] as? [String: Any])?["prompt_tokens"] as? Int == tokens)
        let base64 = try #require((encoded.json["data"] as? [[String: Any]])?.first?["embedding"] as? String)
        let bytes = try #require(Data(base64Encoded: base64))
        let decoded = (0..<(bytes.count / 4)).map { index in
            Float(
                bitPattern: UInt32(
                    littleEndian: bytes[(index * 4)..<(index * 4 + 4)].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }))
        }
        // The base64 request embeds one text where `expected` embeds two together: a matrix of another
        // shape may round its last bits differently, so the bytes are compared to the float's precision.
        #expect(decoded.count == expected[0].count)
        #expect(zip(decoded, expected[0]).allSatisfy { abs($0 - $1) <= 1e-6 }, "base64 is the same vector")
        let names = (models.json["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
        #expect(names == [TestServer.modelName, "all-MiniLM-L6-v2"])
        #expect(bad.status == 400)
        #expect(bad.error["param"] as? String == "input")
    }
}
