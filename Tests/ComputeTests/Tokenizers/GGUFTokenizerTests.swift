import Compute
import Foundation
import Testing

/// The tokenizer and chat template read from `tokenizer.*` metadata, on small hand-written vocabularies.
@Suite("ByteLevelBPETokenizer from GGUF")
struct GGUFTokenizerTests {
    /// Bytes as GPT-2's alphabet writes them ("Ġ" for a space), two merges, a control and a user token.
    static func vocabulary(model: String = "gpt2", pre: String? = "gpt-2") -> GGUFBytes {
        var b = GGUFBytes()
        b.add("general.architecture", string: "llama")
        b.add("tokenizer.ggml.model", string: model)
        if let pre { b.add("tokenizer.ggml.pre", string: pre) }
        b.add("tokenizer.ggml.tokens", strings: ["<s>", "</s>", "h", "i", "Ġ", "hi", "Ġhi", "<tool>", "1", "2"])
        let types: [Int32] = [3, 3, 1, 1, 1, 1, 1, 4, 1, 1]
        b.metadata.append(
            (
                "tokenizer.ggml.token_type", 9,
                GGUFBytes.le(UInt32(5)) + GGUFBytes.le(UInt64(types.count)) + types.flatMap(GGUFBytes.le)
            ))
        b.add("tokenizer.ggml.merges", strings: ["h i", "Ġ hi"])
        b.add("tokenizer.ggml.bos_token_id", uint32: 0)
        b.add("tokenizer.ggml.eos_token_id", uint32: 1)
        return b
    }

    func refusal(_ builder: GGUFBytes) throws -> ModelFileError? {
        let file = try GGUFFile(bytes: builder.bytes, path: "tok.gguf")
        let error = #expect(throws: ModelFileError.self) { try ByteLevelBPETokenizer(gguf: file) }
        #expect(error?.file == "tok.gguf")
        return error
    }

    @Test("merges, control and user-defined tokens matched whole, special tokens skipped on decode")
    func encodes() throws {
        let tokenizer = try ByteLevelBPETokenizer(gguf: GGUFFile(bytes: Self.vocabulary().bytes))
        #expect(tokenizer.encode("hi hi", addSpecialTokens: false) == [5, 6])
        #expect(tokenizer.encode("<s>hi<tool></s>", addSpecialTokens: false) == [0, 5, 7, 1])
        #expect(tokenizer.decode([0, 5, 7, 1], skipSpecialTokens: true) == "hi<tool>")
        #expect(tokenizer.decode([6]) == " hi")
        #expect(tokenizer.encode("12", addSpecialTokens: false) == [8, 9])
        #expect(tokenizer.bosTokenID == 0)
        #expect(tokenizer.eosTokenID == 1)
        #expect(tokenizer.encode("hi") == [5], "add_bos_token is absent, so false")
    }

    @Test("tokenizer.ggml.add_bos_token puts the BOS first")
    func addsBOS() throws {
        var builder = Self.vocabulary()
        builder.metadata.append(("tokenizer.ggml.add_bos_token", 7, [1]))
        let tokenizer = try ByteLevelBPETokenizer(gguf: GGUFFile(bytes: builder.bytes))
        #expect(tokenizer.encode("hi") == [0, 5])
    }

    @Test("every supported pre-tokenizer name loads; an unknown one is refused by name")
    func preTokenizers() throws {
        for name in ["default", "gpt-2", "smollm", "llama-bpe", "qwen2"] {
            _ = try ByteLevelBPETokenizer(gguf: GGUFFile(bytes: Self.vocabulary(pre: name).bytes))
        }
        #expect(
            try refusal(Self.vocabulary(pre: "deepseek-coder"))?.message
                == "metadata 'tokenizer.ggml.pre' is \"deepseek-coder\", a pre-tokenizer this build does not know (supported: default, gpt-2, smollm, llama-bpe, qwen2)"
        )
    }

    @Test("a SentencePiece vocabulary is refused as not supported yet")
    func sentencePiece() throws {
        let error = try refusal(Self.vocabulary(model: "llama", pre: nil))
        #expect(error?.kind == .unsupported)
        #expect(
            error?.message
                == "metadata 'tokenizer.ggml.model' is \"llama\": SentencePiece (Llama 2, Mistral v0.1, Gemma) tokenizers are not supported yet; only byte-level BPE (\"gpt2\") is"
        )
    }

    @Test("a merge of tokens the vocabulary lacks, and a special id past the vocabulary")
    func badVocabulary() throws {
        var merges = Self.vocabulary()
        merges.metadata.removeAll { $0.key == "tokenizer.ggml.merges" }
        merges.add("tokenizer.ggml.merges", strings: ["h x"])
        #expect(
            try refusal(merges)?.message
                == "'tokenizer.ggml.merges[0]' (h x) is not two tokens whose concatenation is a token")
        var id = Self.vocabulary()
        id.add("tokenizer.ggml.unknown_token_id", uint32: 99)
        #expect(try refusal(id)?.message == "'tokenizer.ggml.unknown_token_id' 99 is not a token id (there are 10)")
    }

    @Test("the chat template gets bos_token and eos_token from the token ids")
    func chatTemplate() throws {
        var builder = Self.vocabulary()
        builder.add(
            "tokenizer.chat_template", string: "{{ bos_token }}{% for m in messages %}{{ m.content }}{{ eos_token }}{% endfor %}")
        let template = try #require(try ChatTemplate(gguf: GGUFFile(bytes: builder.bytes)))
        #expect(
            try template.render(messages: [ChatMessage(role: "user", content: "hi")], addGenerationPrompt: false) == "<s>hi</s>")
        #expect(try ChatTemplate(gguf: GGUFFile(bytes: Self.vocabulary().bytes)) == nil)
    }

    @Test("seeded mutations of the metadata only ever give a tokenizer or an error")
    func fuzz() throws {
        var builder = Self.vocabulary()
        builder.add("tokenizer.chat_template", string: "{{ bos_token }}{% for m in messages %}{{ m.content }}{% endfor %}")
        let original = builder.bytes
        var generator = SplitMix64(seed: 0x746f_6b)
        var built = 0
        for _ in 0..<2000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            guard let file = try? GGUFFile(bytes: bytes, path: "fuzz.gguf") else { continue }
            do {
                let tokenizer = try ByteLevelBPETokenizer(gguf: file)
                _ = tokenizer.decode(tokenizer.encode("<s>hi hi 12 <tool>"))
                _ = try ChatTemplate(gguf: file)
                built += 1
            } catch is ModelFileError {}
        }
        #expect(built > 0)
    }
}
