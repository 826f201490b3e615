import Compute
import Foundation
import Testing

/// The real SmolLM2-135M-Instruct GGUF against transformers' reading of the same file: the tokenizer and
/// chat template from its metadata, and the decoder's logits (see Fixtures/gguf/README.md).
@Suite("SmolLM2 from GGUF against transformers", .serialized)
struct SmolLM2GGUFTests {
    @Test("the tokenizer from tokenizer.ggml.* gives transformers' ids on tricky texts")
    func tokenIDs() throws {
        let file = try GGUFFile(contentsOf: try SmolLM2GGUF.require())
        let tokenizer = try ByteLevelBPETokenizer(gguf: file)
        #expect(tokenizer.vocabularySize == 49152)
        #expect(tokenizer.bosTokenID == 1)
        #expect(tokenizer.eosTokenID == 2)
        #expect(tokenizer.id(of: "<|im_start|>") == 1)
        let data = try Data(contentsOf: ReferenceModel.fixtures.appendingPathComponent("gguf/smollm2-tokens.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let texts = try #require(root["texts"] as? [[String: Any]])
        #expect(texts.count == 11)
        for entry in texts {
            let text = try #require(entry["text"] as? String)
            let ids = try #require(entry["ids"] as? [Int])
            #expect(tokenizer.encode(text, addSpecialTokens: false) == ids, "\(text.debugDescription)")
            #expect(tokenizer.decode(ids) == text)
        }
        // add_bos_token is false in this file: special tokens add nothing.
        #expect(tokenizer.encode("Hi", addSpecialTokens: true) == tokenizer.encode("Hi", addSpecialTokens: false))
    }

    @Test("LanguageModel loads the .gguf path: template, prompt ids, exact logits within 1e-3, quantized greedy choices")
    func logits() throws {
        let url = try SmolLM2GGUF.require()
        let exact = try LanguageModel(contentsOf: url, threads: 2, exact: true)
        #expect(exact.stopTokenIDs == [2])
        #expect(exact.chatTemplate != nil)
        let prompts = try SmolLM2GGUF.prompts()
        #expect(prompts.count == 4)
        var chats = SmolLM2GGUF.chatMessages.makeIterator()
        for prompt in prompts {
            if prompt.kind == "chat" {
                let next = chats.next()
                let message = try #require(next)
                let messages = [ChatMessage(role: "user", content: message)]
                #expect(try exact.chatTemplate?.render(messages: messages, addGenerationPrompt: true) == prompt.text)
                #expect(try exact.promptTokens(for: messages) == prompt.ids)
            } else {
                #expect(exact.tokenizer.encode(prompt.text, addSpecialTokens: false) == prompt.ids)
            }
            var cache = exact.decoder.makeCache(capacity: 64)
            let logits = try exact.decoder.logits(for: prompt.ids, cache: &cache)
            #expect(logits.count == prompt.logits.count)
            let distance = zip(logits, prompt.logits).map { abs($0 - $1) }.max() ?? .infinity
            #expect(distance < 1e-3, "\(prompt.text.prefix(30).debugDescription): \(distance)")
        }
        let fast = try LlamaModel(gguf: url, threads: 2)
        for prompt in prompts {
            var cache = fast.makeCache(capacity: 64)
            let logits = try fast.logits(for: prompt.ids, cache: &cache)
            let top = logits.indices.max { logits[$0] < logits[$1] }
            if prompt.topMargin > 0.05 { #expect(top == prompt.greedy.first, "\(prompt.text.prefix(30).debugDescription)") }
            var sampler = TokenSampler.greedy
            let tokens = try TextGenerator(model: fast).generate(
                prompt: prompt.ids, maxTokens: prompt.greedy.count, stopTokens: [], sampler: &sampler
            ) { _ in }
            #expect(tokens == prompt.greedy, "\(prompt.text.prefix(30).debugDescription)")
        }
    }
}
