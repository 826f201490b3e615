import Foundation

/// Reading a Hugging Face `tokenizer.json` of a BERT-style tokenizer: `BertNormalizer` (or none),
/// `BertPreTokenizer`, a `WordPiece` model, added tokens, and a `TemplateProcessing`, `BertProcessing` or
/// `RobertaProcessing` post-processor. Its `truncation` and `padding` sections are ignored: the caller
/// sets the maximum length (sentence-transformers overrides them too), and texts are encoded one by one.
extension BertTokenizer {
    /// Parses `tokenizer.json` at `url`; `file` names it in errors.
    public static func load(tokenizerJSON url: URL, file: String, maxLength: Int) throws -> BertTokenizer {
        let root = try JSONObject.load(url, file: file)
        let preTokenizer = try root.optionalObject("pre_tokenizer")?.optionalString("type")
        guard preTokenizer == "BertPreTokenizer" else {
            throw ModelFileError(
                .unsupported, file: file,
                message: "pre_tokenizer \(preTokenizer.map { "type '\($0)'" } ?? "null") is not supported (only BertPreTokenizer)"
            )
        }
        let model = try root.object("model")
        let modelType = try model.optionalString("type") ?? "WordPiece"
        guard modelType == "WordPiece" else {
            throw ModelFileError(.unsupported, file: file, message: "model type '\(modelType)' is not supported (only WordPiece)")
        }
        let vocabulary = try vocabulary(model.object("vocab"))
        let unknown = try model.optionalString("unk_token") ?? "[UNK]"
        guard let unknownID = vocabulary.id(unknown) else {
            throw ModelFileError(.malformed, file: file, message: "'model.unk_token' '\(unknown)' is not in 'model.vocab'")
        }
        let wordPiece = WordPiece(
            vocabulary: vocabulary, unknownID: unknownID,
            continuingSubwordPrefix: try model.optionalString("continuing_subword_prefix") ?? "##",
            maxInputCharactersPerWord: try model.int("max_input_chars_per_word", default: 100))
        let (prefix, suffix) = try postProcessor(root.optionalObject("post_processor"), vocabulary: vocabulary)
        return BertTokenizer(
            normalizer: try normalizer(root.optionalObject("normalizer")), wordPiece: wordPiece,
            addedTokens: try AddedTokenEntries.read(root).map(\.token), prefixIDs: prefix, suffixIDs: suffix, maxLength: maxLength
        )
    }

    private static func vocabulary(_ vocab: JSONObject) throws -> WordPieceVocabulary {
        var entries: [(token: String, id: Int)] = []
        entries.reserveCapacity(vocab.values.count)
        for (token, value) in vocab.values {
            guard let id = JSONFile.integer(value), id >= 0 else { throw vocab.malformed(token, "a non-negative integer id") }
            entries.append((token, id))
        }
        guard !entries.isEmpty else { throw ModelFileError(.malformed, file: vocab.file, message: "'model.vocab' is empty") }
        return WordPieceVocabulary(entries)
    }

    private static func normalizer(_ object: JSONObject?) throws -> BertNormalizer {
        guard let object else {
            return BertNormalizer(cleanText: false, handleChineseCharacters: false, stripAccents: false, lowercase: false)
        }
        let type = try object.optionalString("type")
        guard type == "BertNormalizer" else {
            throw ModelFileError(
                .unsupported, file: object.file,
                message: "normalizer type '\(type ?? "none")' is not supported (only BertNormalizer or null)")
        }
        return BertNormalizer(
            cleanText: try object.bool("clean_text", default: true),
            handleChineseCharacters: try object.bool("handle_chinese_chars", default: true),
            stripAccents: try object.optionalBool("strip_accents"),
            lowercase: try object.bool("lowercase", default: true))
    }

    /// The ids the post-processor puts before and after a single text.
    private static func postProcessor(_ object: JSONObject?, vocabulary: WordPieceVocabulary) throws -> (
        prefix: [Int], suffix: [Int]
    ) {
        guard let object else { return ([], []) }
        switch try object.optionalString("type") {
        case "TemplateProcessing":
            return try TemplateProcessingIDs.single(object)
        case "BertProcessing", "RobertaProcessing":
            let cls = try pair(object, "cls")
            let sep = try pair(object, "sep")
            return ([cls], [sep])
        case let other:
            throw ModelFileError(
                .unsupported, file: object.file,
                message:
                    "post_processor type '\(other ?? "none")' is not supported (TemplateProcessing, BertProcessing or RobertaProcessing)"
            )
        }
    }

    /// `["[CLS]", 101]` in BertProcessing's `cls` and `sep`.
    private static func pair(_ object: JSONObject, _ key: String) throws -> Int {
        let value = try object.array(key)
        guard value.count == 2, value[0] is String, let id = JSONFile.integer(value[1]) else {
            throw object.malformed(key, "a [token, id] pair")
        }
        return id
    }
}
