import Foundation

/// How a sentence-transformers model turns token embeddings into one sentence embedding, from its
/// pooling module's `config.json` (`1_Pooling/config.json`).
public enum PoolingMode: String, Sendable, Equatable {
    /// The average over the attended tokens (all-MiniLM-L6-v2).
    case mean
    /// The embedding of the first token, `[CLS]`.
    case cls
    /// The element-wise maximum over the attended tokens.
    case max

    /// Reads the pooling configuration: exactly one of `pooling_mode_mean_tokens`, `pooling_mode_cls_token`
    /// and `pooling_mode_max_tokens` must be true, and the other modes sentence-transformers knows must be
    /// off. `dimension` is the hidden size it must agree with.
    public init(contentsOf url: URL, file: String, dimension: Int) throws {
        let config = try JSONObject.load(url, file: file)
        let supported: [(String, PoolingMode)] = [
            ("pooling_mode_mean_tokens", .mean), ("pooling_mode_cls_token", .cls), ("pooling_mode_max_tokens", .max),
        ]
        let unsupported = ["pooling_mode_mean_sqrt_len_tokens", "pooling_mode_weightedmean_tokens", "pooling_mode_lasttoken"]
        for key in unsupported where try config.bool(key, default: false) {
            throw ModelFileError(.unsupported, file: file, message: "'\(key)' is not supported (mean, cls or max pooling only)")
        }
        let chosen = try supported.filter { try config.bool($0.0, default: false) }
        guard chosen.count == 1 else {
            let names = supported.map { "'\($0.0)'" }.joined(separator: ", ")
            throw ModelFileError(
                chosen.isEmpty ? .malformed : .unsupported, file: file,
                message: chosen.isEmpty
                    ? "no pooling mode is on (set one of \(names) to true)"
                    : "\(chosen.count) pooling modes are on (\(chosen.map { $0.1.rawValue }.joined(separator: ", "))); combined modes are not supported"
            )
        }
        if config.has("word_embedding_dimension") {
            let size = try config.int("word_embedding_dimension")
            guard size == dimension else {
                throw ModelFileError(
                    .mismatch, file: file,
                    message: "'word_embedding_dimension' is \(size), but config.json's hidden_size is \(dimension)")
            }
        }
        self = chosen[0].1
    }
}
