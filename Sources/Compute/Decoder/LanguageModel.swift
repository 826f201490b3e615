import Foundation

/// A generative model ready to use: the decoder, its tokenizer and its chat template, loaded together from
/// one place so that prompts are formatted the same way wherever the model is used.
public struct LanguageModel: Sendable {
    /// Where the model was loaded from.
    public let source: URL
    public let decoder: LlamaModel
    public let tokenizer: ByteLevelBPETokenizer
    /// The model's chat template; nil for a base model that has none (it can only take raw prompts).
    public let chatTemplate: ChatTemplate?
    /// Tokens that end an answer: the configuration's end-of-sequence ids and the tokenizer's.
    public let stopTokenIDs: Set<Int>

    public init(
        source: URL, decoder: LlamaModel, tokenizer: ByteLevelBPETokenizer, chatTemplate: ChatTemplate?,
        stopTokenIDs: Set<Int>
    ) {
        self.source = source
        self.decoder = decoder
        self.tokenizer = tokenizer
        self.chatTemplate = chatTemplate
        self.stopTokenIDs = stopTokenIDs
    }

    /// Loads a Hugging Face model folder (`config.json`, safetensors, `tokenizer.json`, and a chat template
    /// in `chat_template.jinja` or `tokenizer_config.json` when the model has one), or a `.gguf` file (see
    /// `init(gguf:threads:exact:)`). `exact` matters only for GGUF files: folders hold float weights already.
    public init(contentsOf url: URL, threads: Int? = nil, exact: Bool = false) throws {
        if GGUFFile.isGGUF(url) {
            try self.init(gguf: url, threads: threads, exact: exact)
            return
        }
        let decoder = try LlamaModel(folder: url, threads: threads)
        let tokenizer = try ByteLevelBPETokenizer(folder: url)
        let template = Self.hasChatTemplate(folder: url) ? try ChatTemplate(folder: url) : nil
        self.init(
            source: url, decoder: decoder, tokenizer: tokenizer, chatTemplate: template,
            stopTokenIDs: Set(decoder.configuration.eosTokenIDs + (tokenizer.eosTokenID.map { [$0] } ?? [])))
    }

    /// Loads a GGUF file: the decoder from its tensors and `<architecture>.*` metadata, the tokenizer and chat
    /// template from its `tokenizer.*` metadata. Quantized weights stay quantized unless `exact`, which
    /// dequantizes them to float32 (see `LlamaModel.init(gguf:threads:exact:)`).
    public init(gguf url: URL, threads: Int? = nil, exact: Bool = false) throws {
        let file = try GGUFFile(contentsOf: url)
        // The tokenizer and template first: they are quick to read, and refusing a SentencePiece vocabulary
        // should not wait for hundreds of megabytes of weights to be copied.
        let tokenizer = try ByteLevelBPETokenizer(gguf: file)
        let template = try ChatTemplate(gguf: file)
        let decoder = try LlamaModel(gguf: file, source: url, threads: threads, exact: exact)
        self.init(
            source: url, decoder: decoder, tokenizer: tokenizer, chatTemplate: template,
            stopTokenIDs: Set(decoder.configuration.eosTokenIDs + (tokenizer.eosTokenID.map { [$0] } ?? [])))
    }

    /// The prompt tokens for a conversation, through the chat template with the generation prompt added,
    /// and `answerPrefix` after it: the start of the assistant's answer, for the model to continue.
    public func promptTokens(for messages: [ChatMessage], answerPrefix: String = "") throws -> [Int] {
        guard let chatTemplate else {
            throw ModelFileError(
                .missing, file: source.relativePath,
                message: "has no chat template, so it cannot take chat messages; send a raw prompt instead")
        }
        let text = try chatTemplate.render(messages: messages, addGenerationPrompt: true) + answerPrefix
        // The template writes the special tokens itself; adding them again would double the BOS token.
        return tokenizer.encode(text, addSpecialTokens: false)
    }

    /// The prompt tokens for plain text sent without the chat template, with the tokenizer's own special
    /// tokens (a BOS token where the model expects one).
    public func rawPromptTokens(for text: String) -> [Int] {
        tokenizer.encode(text, addSpecialTokens: true)
    }

    private static func hasChatTemplate(folder: URL) -> Bool {
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent("chat_template.jinja").path) { return true }
        let config = folder.appendingPathComponent("tokenizer_config.json")
        guard let data = try? Data(contentsOf: config),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return false }
        return object["chat_template"] != nil
    }
}
