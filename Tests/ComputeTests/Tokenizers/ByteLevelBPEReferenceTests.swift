import Compute
import Foundation
import Testing

/// The two byte-level BPE tokenizers of Fixtures/bpe give exactly the ids and decoded texts of Hugging Face
/// `tokenizers` (how they were made: the README beside them).
@Suite("ByteLevelBPETokenizer against the reference")
struct ByteLevelBPEReferenceTests {
    /// One line of reference.jsonl. Read with `JSONDecoder`: `JSONSerialization` on Linux drops a U+FEFF
    /// inside a string, and one of the texts starts with it.
    struct Case: Decodable {
        var text: String
        var ids: [Int]
        var plainIDs: [Int]
        var decoded: String
        var decodedSkippingSpecials: String
        var prefixSpaceIDs: [Int]?
        var digitsIDs: [Int]?
        var line = 0

        enum CodingKeys: String, CodingKey {
            case text, ids, decoded
            case plainIDs = "ids_plain"
            case decodedSkippingSpecials = "decoded_skip"
            case prefixSpaceIDs = "ids_prefix_space"
            case digitsIDs = "ids_digits"
        }
    }

    static func folder(_ name: String) -> URL {
        ReferenceModel.fixtures.appendingPathComponent("bpe/\(name)")
    }

    static func cases(_ name: String) throws -> [Case] {
        let text = try String(contentsOf: folder(name).appendingPathComponent("reference.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").enumerated().map { index, line in
            var item = try JSONDecoder().decode(Case.self, from: Data(line.utf8))
            item.line = index + 1
            return item
        }
    }

    @Test("ids with and without special tokens, and decoded texts, equal the reference's", arguments: ["gpt2", "chatml"])
    func identical(name: String) throws {
        let tokenizer = try ByteLevelBPETokenizer(folder: Self.folder(name))
        let cases = try Self.cases(name)
        #expect(cases.count >= 100)
        var mismatches = 0
        for item in cases {
            let ids = tokenizer.encode(item.text)
            let plain = tokenizer.encode(item.text, addSpecialTokens: false)
            let decoded = tokenizer.decode(ids)
            let skipped = tokenizer.decode(ids, skipSpecialTokens: true)
            if ids != item.ids || plain != item.plainIDs || decoded != item.decoded || skipped != item.decodedSkippingSpecials {
                mismatches += 1
                if mismatches <= 5 {
                    Issue.record(
                        "\(name) line \(item.line) \(String(reflecting: String(item.text.prefix(60)))): got \(ids.prefix(30)), expected \(item.ids.prefix(30)); decoded \(String(reflecting: decoded.prefix(60)))"
                    )
                }
            }
        }
        #expect(mismatches == 0, "\(mismatches) of \(cases.count) texts differ from the reference")
    }

    @Test("decode(encode(text)) gives the text back, special tokens included")
    func roundTrip() throws {
        for name in ["gpt2", "chatml"] {
            let tokenizer = try ByteLevelBPETokenizer(folder: Self.folder(name))
            // `<mask>` swallows the whitespace before it (lstrip), so only texts without it come back whole.
            for item in try Self.cases(name) where !item.text.contains("<mask>") {
                #expect(
                    tokenizer.decode(tokenizer.encode(item.text, addSpecialTokens: false)) == item.text,
                    "\(name) line \(item.line)")
            }
        }
    }

    /// gpt2's tokenizer.json with its `pre_tokenizer` changed by `edit`.
    static func edited(_ edit: (inout [String: Any]) -> Void) throws -> ByteLevelBPETokenizer {
        let url = folder("gpt2").appendingPathComponent("tokenizer.json")
        var root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var pre = try #require(root["pre_tokenizer"] as? [String: Any])
        edit(&pre)
        root["pre_tokenizer"] = pre
        return try ByteLevelBPETokenizer(json: JSONSerialization.data(withJSONObject: root))
    }

    @Test("add_prefix_space puts a space before every piece between special tokens, as the reference does")
    func prefixSpace() throws {
        let tokenizer = try Self.edited { $0["add_prefix_space"] = true }
        let mismatches = try Self.cases("gpt2").filter { item in tokenizer.encode(item.text) != item.prefixSpaceIDs }
        #expect(mismatches.isEmpty, "first mismatch: line \(mismatches.first?.line ?? 0)")
    }

    @Test("a Digits pre-tokenizer before ByteLevel (SmolLM2's) splits every digit off, as the reference does")
    func digits() throws {
        let tokenizer = try Self.edited { pre in
            pre = ["type": "Sequence", "pretokenizers": [["type": "Digits", "individual_digits": true], pre]]
        }
        let mismatches = try Self.cases("gpt2").filter { item in tokenizer.encode(item.text) != item.digitsIDs }
        #expect(mismatches.isEmpty, "first mismatch: line \(mismatches.first?.line ?? 0)")
    }

    @Test("special tokens are matched whole, BOS comes from the post-processor, BOS and EOS from tokenizer_config.json")
    func specialTokens() throws {
        let chatml = try ByteLevelBPETokenizer(folder: Self.folder("chatml"))
        let start = try #require(chatml.id(of: "<|im_start|>"))
        let end = try #require(chatml.id(of: "<|im_end|>"))
        let text = try #require(chatml.id(of: "<|endoftext|>"))
        #expect(chatml.bosTokenID == start)
        #expect(chatml.eosTokenID == end)
        let ids = chatml.encode("<|im_start|>user\nhi<|im_end|>")
        #expect(ids.first == text)
        #expect(ids[1] == start && ids.last == end)
        #expect(chatml.decode(ids, skipSpecialTokens: true) == "user\nhi")
        #expect(!chatml.encode("<|im_start", addSpecialTokens: false).contains(start))

        let gpt2 = try ByteLevelBPETokenizer(folder: Self.folder("gpt2"))
        let mask = try #require(gpt2.id(of: "<mask>"))
        // `<mask>` has lstrip: the spaces before it belong to it.
        #expect(gpt2.encode("a    <mask>", addSpecialTokens: false) == gpt2.encode("a<mask>", addSpecialTokens: false))
        #expect(gpt2.encode("<mask>").last == mask)
        #expect(gpt2.bosTokenID == gpt2.id(of: "<|endoftext|>"))
        #expect(gpt2.decode([-1, 1_000_000]) == "")
    }
}
