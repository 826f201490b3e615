import Compute

/// A text generator: chat messages in, text out. Backends: an OpenAI-compatible server
/// (`OpenAIChatClient`); the in-process one joins it once the native decoder is built.
public protocol TextGenerating: Sendable {
    /// Generates one answer. `onText` receives the answer piece by piece as it is produced.
    func generate(_ messages: [ChatMessage], options: GenerationOptions, onText: (@Sendable (String) -> Void)?) async throws
        -> GenerationResult
}
