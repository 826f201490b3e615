import Compute
import Dispatch
import Foundation
import Hummingbird

/// `POST /v1/embeddings`: sentence embeddings from the native encoder, as floats or base64 of
/// little-endian float32s (what the official client asks for by default).
struct EmbeddingsRoute: Sendable {
    /// The most texts one request may embed.
    static let maxInputs = 2048

    func respond(_ request: Request, served: ServedEncoder) async throws(APIError) -> Response {
        let body = try await JSONBody.object(of: request)
        let fields = RequestFields(body)
        guard let model = try fields.string("model") else {
            throw APIError.invalid("model", "'model' is required: the name GET /v1/models lists")
        }
        guard model == served.name else {
            throw APIError(
                .notFound, "the embedding model '\(model)' does not exist; this server embeds with '\(served.name)'",
                param: "model", code: "model_not_found")
        }
        let texts: [String]
        switch body["input"] {
        case let text as String: texts = [text]
        case let list as [Any] where !list.isEmpty && list.allSatisfy({ $0 is String }): texts = list.map { $0 as! String }
        case nil, is NSNull: throw APIError.invalid("input", "'input' is required: a string or an array of strings")
        default:
            throw APIError.invalid(
                "input", "'input' must be a string or a non-empty array of strings (token arrays are not supported)")
        }
        guard texts.count <= Self.maxInputs else {
            throw APIError.invalid("input", "'input' holds \(texts.count) texts; send at most \(Self.maxInputs) per request")
        }
        let format = try fields.string("encoding_format") ?? "float"
        guard format == "float" || format == "base64" else {
            throw APIError.invalid("encoding_format", "'encoding_format' must be float or base64, got '\(format)'")
        }
        let encoder = served.encoder
        // The encoder blocks its threads for the whole batch: off Swift's cooperative pool.
        let (vectors, tokens) = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let tokenized = texts.map { encoder.folder.tokenizer.encode($0) }
                let vectors = encoder.embed(tokenized: tokenized)
                continuation.resume(returning: (vectors, tokenized.reduce(0) { $0 + $1.ids.count }))
            }
        }
        let data: [[String: Any]] = vectors.enumerated().map { index, vector in
            [
                "object": "embedding", "index": index,
                "embedding": format == "float" ? vector.map(Double.init) : Self.base64(vector),
            ]
        }
        return JSONBody.response([
            "object": "list", "data": data, "model": served.name,
            "usage": ["prompt_tokens": tokens, "total_tokens": tokens],
        ])
    }

    static func base64(_ vector: [Float]) -> String {
        var bytes = Data(capacity: vector.count * 4)
        for value in vector { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        return bytes.base64EncodedString()
    }
}
