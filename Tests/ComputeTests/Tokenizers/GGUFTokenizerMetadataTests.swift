import Foundation
import OrchestrateTesting
import Testing

@testable import Compute

/// A model folder's tokenizer written as `tokenizer.ggml.*` metadata: what it says, and what it refuses.
@Suite("GGUF tokenizer metadata from a folder")
struct GGUFTokenizerMetadataTests {
    func copyOfTinyModel() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        for name in ["config.json", "tokenizer.json", "tokenizer_config.json"] {
            try FileManager.default.copyItem(
                at: TinyChatModel.folder.appendingPathComponent(name), to: folder.url.appendingPathComponent(name))
        }
        return folder
    }

    @Test("ids past the tokenizer's up to the model's vocabulary are [PADn] placeholders; special tokens are control tokens")
    func vocabulary() throws {
        let metadata = try GGUFTokenizerMetadata(folder: TinyChatModel.folder, vocabularySize: 1200)
        let entries = Dictionary(uniqueKeysWithValues: metadata.entries.map { ($0.key, $0.value) })
        let tokens = try #require(entries["tokenizer.ggml.tokens"]?.array)
        let types = try #require(entries["tokenizer.ggml.token_type"]?.array)
        #expect(tokens.count == 1200 && types.count == 1200)
        #expect(tokens[1199] == .string("[PAD1199]") && types[1199] == .int32(5))
        #expect(tokens[1] == .string("<|im_start|>") && types[1] == .int32(3))
        #expect(types[100] == .int32(1))
        #expect(entries["tokenizer.ggml.add_bos_token"] == .bool(false))
        #expect(entries["tokenizer.chat_template"]?.string?.hasPrefix("{% for message in messages %}") == true)
        // The fixture's post-processor puts <|endoftext|> before raw prompts, but its BOS is <|im_start|>.
        #expect(metadata.notes.count == 1)
        #expect(metadata.notes.first?.contains("<|endoftext|> before raw prompts") == true)
    }

    @Test("a pre-tokenizer a GGUF file cannot name is refused, naming tokenizer.json")
    func unknownPreTokenizer() throws {
        let folder = try copyOfTinyModel()
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("tokenizer.json")
        let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "\\\\p{N}{1,3}", with: "\\\\p{N}{1,4}")
        try text.write(to: url, atomically: true, encoding: .utf8)
        #expect {
            try GGUFTokenizerMetadata(folder: folder.url, vocabularySize: 1189)
        } throws: { error in
            let text = "\(error)"
            return text.hasSuffix(
                "tokenizer.json: its pre-tokenizer, normalizer and ignore_merges are not those of a tokenizer GGUF files can name (gpt-2, smollm, llama-bpe, qwen2), so a GGUF reader would split text differently"
            )
        }
    }
}
