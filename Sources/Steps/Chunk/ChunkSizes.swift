import Orchestrator

/// How long chunks of each document kind are and how much consecutive ones overlap, in tokens.
///
/// Posts are short, so their chunks are too; articles and code fill the model's window. The
/// `max_tokens` and `overlap_tokens` parameters, when given, apply to every kind; the model's window
/// (its `max_seq_length` less `[CLS]` and `[SEP]`) bounds them all.
struct ChunkSizes: Sendable, Equatable {
    struct Size: Sendable, Equatable {
        var maxTokens: Int
        var overlapTokens: Int
    }

    /// The sizes by kind when the parameters leave them open; kinds not listed take `article`'s.
    static let defaults: [String: Size] = [
        "post": Size(maxTokens: 128, overlapTokens: 16),
        "article": Size(maxTokens: 254, overlapTokens: 32),
        "repository": Size(maxTokens: 254, overlapTokens: 16),
    ]
    static let fallbackKind = "article"
    /// Fewer tokens than this leave too little room for a code chunk's file path and for progress.
    static let minimumTokens = 8

    let maxTokens: Int?
    let overlapTokens: Int?
    let window: Int

    /// Checks the parameters against each other and the window of `model` (named in messages).
    init(maxTokens: Int?, overlapTokens: Int?, window: Int, model: String) throws {
        self.maxTokens = maxTokens
        self.overlapTokens = overlapTokens
        self.window = window
        if let maxTokens, maxTokens > window {
            throw StepFailure(
                "parameter 'max_tokens' is \(maxTokens), but \(model) embeds at most \(window) tokens of text at once "
                    + "(max_seq_length \(window + 2) less [CLS] and [SEP]); use \(window) or less")
        }
        if let maxTokens, maxTokens < Self.minimumTokens {
            throw StepFailure("parameter 'max_tokens' is \(maxTokens); it must be at least \(Self.minimumTokens)")
        }
        if let overlapTokens, overlapTokens < 0 {
            throw StepFailure("parameter 'overlap_tokens' is \(overlapTokens); it must be 0 or more")
        }
        guard let overlapTokens else { return }
        for kind in Self.defaults.keys.sorted() {
            let limit = size(for: kind).maxTokens
            if overlapTokens >= limit {
                throw StepFailure(
                    "parameter 'overlap_tokens' is \(overlapTokens), but it must be less than max_tokens (\(limit)"
                        + (maxTokens == nil ? " for kind '\(kind)'; set max_tokens too)" : ")"))
            }
        }
    }

    /// The size for documents of `kind`. An overlap left open is the kind's, at most a quarter of the chunk.
    func size(for kind: String) -> Size {
        let preset = Self.defaults[kind] ?? Self.defaults[Self.fallbackKind]!
        let limit = maxTokens ?? min(preset.maxTokens, window)
        return Size(maxTokens: limit, overlapTokens: overlapTokens ?? min(preset.overlapTokens, limit / 4))
    }
}
