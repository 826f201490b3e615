import Compute
import Foundation
import Testing

/// A small hand-written tokenizer.json: merges in both spellings, ignore_merges, and an error naming the
/// file and the problem for each thing that is wrong or unsupported.
@Suite("ByteLevelBPETokenizer loading")
struct ByteLevelBPELoadingTests {
    /// Every byte's character, then `ab`, `abc`, `Ġa` and the word `ca` that no merge makes.
    static func json(
        model: String? = nil, preTokenizer: String? = nil, merges: String = #"["a b", ["ab", "c"], "Ġ a"]"#,
        ignoreMerges: Bool = false
    )
        -> String
    {
        let alphabet = (0...255).map { byte -> String in
            let scalar = byteCharacter(byte)
            let escaped = scalar == "\"" ? "\\\"" : scalar == "\\" ? "\\\\" : scalar
            return "\"\(escaped)\": \(byte)"
        }
        let vocab = (alphabet + [#""ab": 256"#, #""abc": 257"#, #""Ġa": 258"#, #""ca": 259"#]).joined(separator: ", ")
        let model =
            model ?? #"{"type": "BPE", "ignore_merges": \#(ignoreMerges), "vocab": {\#(vocab)}, "merges": \#(merges)}"#
        let pre = preTokenizer ?? #"{"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true}"#
        return """
            {"version": "1.0", "added_tokens": [{"id": 260, "content": "<s>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}],
             "normalizer": null, "pre_tokenizer": \(pre), "post_processor": {"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}], "pair": [], "special_tokens": {"<s>": {"id": "<s>", "ids": [260], "tokens": ["<s>"]}}},
             "decoder": {"type": "ByteLevel"}, "model": \(model)}
            """
    }

    static func byteCharacter(_ byte: Int) -> String {
        let printable = (0x21...0x7E).contains(byte) || (0xA1...0xAC).contains(byte) || (0xAE...0xFF).contains(byte)
        if printable { return String(UnicodeScalar(UInt8(byte))) }
        let others = (0...255).filter {
            !((0x21...0x7E).contains($0) || (0xA1...0xAC).contains($0) || (0xAE...0xFF).contains($0))
        }
        return String(UnicodeScalar(UInt32(0x100 + others.firstIndex(of: byte)!))!)
    }

    static func load(_ text: String) throws -> ByteLevelBPETokenizer {
        try ByteLevelBPETokenizer(json: Data(text.utf8), file: "models/x/tokenizer.json")
    }

    static func error(_ text: String) -> ModelFileError? {
        do {
            _ = try load(text)
            return nil
        } catch {
            return error as? ModelFileError
        }
    }

    @Test("merges written as strings and as pairs apply by rank; the post-processor's BOS comes first")
    func merges() throws {
        let tokenizer = try Self.load(Self.json())
        #expect(tokenizer.encode("abc a ca") == [260, 257, 258, 32, 99, 97])
        #expect(tokenizer.encode("abc", addSpecialTokens: false) == [257])
        #expect(tokenizer.decode([260, 257, 258]) == "<s>abc a")
        #expect(tokenizer.bosTokenID == 260)
        #expect(tokenizer.vocabularySize == 261)
        #expect(tokenizer.id(of: "Ġa") == 258)
    }

    @Test("a Sequence post-processor of ByteLevel and TemplateProcessing, as Llama 3 writes it, puts the BOS first")
    func sequencePostProcessor() throws {
        let template =
            #"{"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}], "pair": [], "special_tokens": {"<s>": {"id": "<s>", "ids": [260], "tokens": ["<s>"]}}}"#
        let json = Self.json().replacingOccurrences(
            of: template,
            with: #"{"type": "Sequence", "processors": [{"type": "ByteLevel", "trim_offsets": false}, \#(template)]}"#)
        #expect(json.contains("\"processors\""))
        let tokenizer = try Self.load(json)
        #expect(tokenizer.encode("abc") == [260, 257])
        #expect(tokenizer.bosTokenID == 260)
    }

    @Test("ignore_merges takes a word that is in the vocabulary whole")
    func ignoreMerges() throws {
        #expect(try Self.load(Self.json(ignoreMerges: true)).encode("ca", addSpecialTokens: false) == [259])
        #expect(try Self.load(Self.json(ignoreMerges: false)).encode("ca", addSpecialTokens: false) == [99, 97])
    }

    @Test("a Split with behavior Removed drops what it matches")
    func splitRemoved() throws {
        let pre =
            #"{"type": "Sequence", "pretokenizers": [{"type": "Split", "pattern": {"String": "c"}, "behavior": "Removed", "invert": false}, {"type": "ByteLevel", "add_prefix_space": false, "use_regex": false}]}"#
        #expect(try Self.load(Self.json(preTokenizer: pre)).encode("abcab", addSpecialTokens: false) == [256, 256])
    }

    @Test("other tokenizer models, byte fallback and foreign pre-tokenizers are refused by name")
    func unsupported() {
        let unigram = Self.error(Self.json(model: #"{"type": "Unigram", "vocab": [["a", 0.0]]}"#))
        #expect(unigram?.kind == .unsupported)
        #expect(unigram?.description.contains("models/x/tokenizer.json: model type 'Unigram' is not supported") == true)
        let wordPiece = Self.error(Self.json(model: #"{"type": "WordPiece", "vocab": {"a": 0}}"#))
        #expect(wordPiece?.message.contains("'WordPiece' is not supported") == true)
        let fallback = Self.error(Self.json(model: #"{"type": "BPE", "byte_fallback": true, "vocab": {"a": 0}, "merges": []}"#))
        #expect(fallback?.message.contains("byte_fallback") == true)
        let metaspace = Self.error(Self.json(preTokenizer: #"{"type": "Metaspace", "replacement": "▁"}"#))
        #expect(metaspace?.message.contains("pre_tokenizer type 'Metaspace' is not supported") == true)
    }

    @Test("missing and malformed pieces name the key")
    func malformed() {
        #expect(Self.error("{}")?.message == "'model' is missing (an object expected)")
        #expect(Self.error("[1]")?.message == "is not a JSON object")
        #expect(Self.error("{")?.message == "is not valid JSON")
        #expect(Self.error(Self.json(merges: #"["a b c"]"#))?.message == "'model.merges[0]' must name exactly two tokens")
        #expect(Self.error(Self.json(merges: #"["a zz"]"#))?.kind == .mismatch)
        #expect(Self.error(Self.json(merges: "[3]"))?.message.contains("must be \"a b\"") == true)
        let hugeID = Self.error(Self.json(model: #"{"type": "BPE", "vocab": {"a": 9223372036854775807}, "merges": []}"#))
        #expect(hugeID?.message.contains("an integer id from 0 to") == true)
        let badRegex =
            #"{"type": "Sequence", "pretokenizers": [{"type": "Split", "pattern": {"Regex": "(unclosed"}, "behavior": "Isolated"}, {"type": "ByteLevel"}]}"#
        #expect(Self.error(Self.json(preTokenizer: badRegex))?.message.contains("cannot be compiled") == true)
        let missing = URL(fileURLWithPath: "/nonexistent/folder")
        #expect(throws: ModelFileError.self) { try ByteLevelBPETokenizer(folder: missing) }
    }
}
