extension ChatTemplate {
    /// The chat template a GGUF file stores in `tokenizer.chat_template`, with `bos_token` and `eos_token`
    /// taken from the tokens that `tokenizer.ggml.bos_token_id` and `eos_token_id` name. nil when the file
    /// has no template (a base model).
    public init?(gguf file: GGUFFile) throws {
        guard let source = try file.optionalString("tokenizer.chat_template") else { return nil }
        var variables: [String: TemplateValue] = [:]
        let tokens = file.has("tokenizer.ggml.tokens") ? try file.strings("tokenizer.ggml.tokens") : []
        for (variable, key) in [
            ("bos_token", "bos_token_id"), ("eos_token", "eos_token_id"), ("unk_token", "unknown_token_id"),
            ("pad_token", "padding_token_id"),
        ] {
            if let id = try file.optionalInt("tokenizer.ggml." + key), id < tokens.count {
                variables[variable] = .string(tokens[id])
            }
        }
        do {
            try self.init(source, defaultVariables: variables)
        } catch let error as ChatTemplateError {
            throw ModelFileError(.malformed, file: file.path, message: "'tokenizer.chat_template': \(error)")
        }
    }
}
