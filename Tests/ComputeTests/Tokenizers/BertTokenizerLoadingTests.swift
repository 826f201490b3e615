import Compute
import Foundation
import OrchestrateTesting
import Testing

/// Loading a tokenizer from a model folder: tokenizer.json first, else vocab.txt with tokenizer_config.json,
/// and an error that names the file for each thing that is wrong.
@Suite("BertTokenizer loading")
struct BertTokenizerLoadingTests {
    static let vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", "café", "##s", "!"]

    static func tokenizerJSON(
        normalizer: String =
            #"{"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true, "strip_accents": null, "lowercase": true}"#,
        preTokenizer: String = #"{"type": "BertPreTokenizer"}"#,
        model: String? = nil,
        postProcessor: String =
            #"{"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "[SEP]", "type_id": 0}}], "special_tokens": {"[CLS]": {"id": "[CLS]", "ids": [2], "tokens": ["[CLS]"]}, "[SEP]": {"id": "[SEP]", "ids": [3], "tokens": ["[SEP]"]}}}"#
    ) -> String {
        let entries = vocab.enumerated().map { "\"\($0.element)\": \($0.offset)" }.joined(separator: ", ")
        let model =
            model
            ?? ###"{"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100, "vocab": {"###
            + entries + "}}"
        let added = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"].enumerated().map {
            #"{"id": \#($0.offset), "content": "\#($0.element)", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}"#
        }.joined(separator: ", ")
        return """
            {"version": "1.0", "truncation": {"max_length": 128}, "padding": null, "added_tokens": [\(added)],
             "normalizer": \(normalizer), "pre_tokenizer": \(preTokenizer), "post_processor": \(postProcessor), "decoder": null, "model": \(model)}
            """
    }

    @Test("tokenizer.json gives the normalizer options, the vocabulary, added tokens and the [CLS]/[SEP] frame")
    func fromTokenizerJSON() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write(Self.tokenizerJSON(), to: "tokenizer.json")
        let tokenizer = try BertTokenizer.load(folder: folder.url, maxLength: 16)
        #expect(tokenizer.encode("Hello [MASK] worlds!").ids == [2, 5, 4, 6, 8, 9, 3])
        #expect(tokenizer.maxLength == 16)
        #expect(
            tokenizer.normalizer
                == BertNormalizer(cleanText: true, handleChineseCharacters: true, stripAccents: nil, lowercase: true))
    }

    @Test("tokenizer.json's BertProcessing and a cased normalizer are honoured")
    func bertProcessing() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write(
            Self.tokenizerJSON(
                normalizer: #"{"type": "BertNormalizer", "lowercase": false}"#,
                postProcessor: #"{"type": "BertProcessing", "sep": ["[SEP]", 3], "cls": ["[CLS]", 2]}"#),
            to: "tokenizer.json")
        let tokenizer = try BertTokenizer.load(folder: folder.url, maxLength: 16)
        #expect(tokenizer.encode("hello Hello café").ids == [2, 5, 1, 7, 3])
    }

    @Test("without tokenizer.json, vocab.txt and tokenizer_config.json give the same tokenizer")
    func fromVocabText() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write(Self.vocab.joined(separator: "\r\n") + "\r\n", to: "vocab.txt")
        try folder.write(
            #"{"do_lower_case": true, "model_max_length": 32, "mask_token": {"content": "[MASK]"}}"#, to: "tokenizer_config.json")
        let tokenizer = try BertTokenizer.load(folder: folder.url)
        #expect(tokenizer.encode("Hello [MASK] worlds!").ids == [2, 5, 4, 6, 8, 9, 3])
        #expect(tokenizer.maxLength == 32)
        #expect(tokenizer.vocabulary.count == Self.vocab.count)
    }

    @Test("do_lower_case false keeps case and accents")
    func cased() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write(Self.vocab.joined(separator: "\n"), to: "vocab.txt")
        try folder.write(
            #"{"do_lower_case": false, "model_max_length": 1000000000000000019884624838656}"#, to: "tokenizer_config.json")
        let tokenizer = try BertTokenizer.load(folder: folder.url)
        #expect(tokenizer.encode("Hello café").ids == [2, 1, 7, 3])
        #expect(tokenizer.maxLength == 512)  // transformers' "no limit" placeholder
    }

    func refusal(_ files: [String: String]) throws -> ModelFileError? {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for (name, text) in files { try folder.write(text, to: name) }
        let error = #expect(throws: ModelFileError.self) { try BertTokenizer.load(folder: folder.url, maxLength: 8) }
        if let error, files.isEmpty == false {
            #expect(error.file.hasPrefix(folder.url.path), "\(error)")
        }
        return error
    }

    @Test("each broken tokenizer file is named with what is wrong")
    func errors() throws {
        #expect(try refusal([:])?.message == "has neither tokenizer.json nor vocab.txt")
        #expect(try refusal(["tokenizer.json": "{not json"])?.message == "is not valid JSON")
        #expect(
            try refusal(["tokenizer.json": Self.tokenizerJSON(preTokenizer: #"{"type": "Metaspace"}"#)])?.message
                == "pre_tokenizer type 'Metaspace' is not supported (only BertPreTokenizer)")
        #expect(try refusal(["tokenizer.json": Self.tokenizerJSON(normalizer: #"{"type": "NFKC"}"#)])?.kind == .unsupported)
        #expect(
            try refusal(["tokenizer.json": Self.tokenizerJSON(model: #"{"type": "BPE", "vocab": {}}"#)])?.message
                == "model type 'BPE' is not supported (only WordPiece)")
        #expect(
            try refusal([
                "tokenizer.json": Self.tokenizerJSON(model: #"{"type": "WordPiece", "unk_token": "<unk>", "vocab": {"a": 0}}"#)
            ])?.message
                == "'model.unk_token' '<unk>' is not in 'model.vocab'")
        #expect(
            try refusal(["tokenizer.json": Self.tokenizerJSON(model: #"{"type": "WordPiece", "vocab": {"[UNK]": "zero"}}"#)])?
                .message
                == "'model.vocab.[UNK]' must be a non-negative integer id, not \"zero\"")
        #expect(
            try refusal(["tokenizer.json": Self.tokenizerJSON(normalizer: #"{"type": "BertNormalizer", "lowercase": "yes"}"#)])?
                .message
                == "'normalizer.lowercase' must be true or false, not \"yes\"")
        #expect(try refusal(["vocab.txt": "hello\nworld\n"])?.message == "has no line for the unk_token '[UNK]'")
        #expect(try refusal(["vocab.txt": ""])?.message == "is empty")
        #expect(
            try refusal(["vocab.txt": Self.vocab.joined(separator: "\n"), "tokenizer_config.json": "[]"])?.message
                == "is not a JSON object")
    }
}
