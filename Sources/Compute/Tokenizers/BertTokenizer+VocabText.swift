import Foundation

/// Reading the older form of a BERT tokenizer: `vocab.txt` plus the options of `tokenizer_config.json`,
/// built the way `BertTokenizerFast` converts it: the special tokens as added tokens matched in the raw
/// text, and `[CLS] text [SEP]`.
extension BertTokenizer {
    /// `vocab` is `vocab.txt`; `config` is `tokenizer_config.json` and may be absent (BERT's defaults then).
    public static func load(vocabText vocab: URL, file: String, config: URL?, configFile: String, maxLength: Int) throws
        -> BertTokenizer
    {
        let vocabulary = WordPieceVocabulary(lines: try lines(of: vocab, file: file))
        var options = JSONObject([:], file: configFile)
        if let config, FileManager.default.fileExists(atPath: config.path) {
            options = try JSONObject.load(config, file: configFile)
        }
        if try !options.bool("do_basic_tokenize", default: true) {
            throw ModelFileError(.unsupported, file: configFile, message: "do_basic_tokenize false is not supported")
        }
        let lowercase = try options.bool("do_lower_case", default: true)
        let normalizer = BertNormalizer(
            cleanText: true, handleChineseCharacters: try options.bool("tokenize_chinese_chars", default: true),
            stripAccents: try options.optionalBool("strip_accents"), lowercase: lowercase)
        func special(_ key: String, _ fallback: String) throws -> (content: String, id: Int) {
            let content = try specialToken(options, key) ?? fallback
            guard let id = vocabulary.id(content) else {
                throw ModelFileError(.malformed, file: file, message: "has no line for the \(key) '\(content)'")
            }
            return (content, id)
        }
        let unknown = try special("unk_token", "[UNK]")
        let classifier = try special("cls_token", "[CLS]")
        let separator = try special("sep_token", "[SEP]")
        var added = [unknown, separator, classifier]
        for (key, fallback) in [("pad_token", "[PAD]"), ("mask_token", "[MASK]")] {
            if let token = try? special(key, fallback) { added.append(token) }
        }
        return BertTokenizer(
            normalizer: normalizer, wordPiece: WordPiece(vocabulary: vocabulary, unknownID: unknown.id),
            addedTokens: added.map { AddedToken(content: $0.content, id: $0.id) }, prefixIDs: [classifier.id],
            suffixIDs: [separator.id], maxLength: maxLength)
    }

    /// A special token's text in tokenizer_config.json: a string, or an object with `content`.
    private static func specialToken(_ options: JSONObject, _ key: String) throws -> String? {
        guard options.has(key) else { return nil }
        if let text = options.values[key] as? String { return text }
        if let object = options.values[key] as? [String: Any], let text = object["content"] as? String { return text }
        throw options.malformed(key, "a string or an object with content")
    }

    /// The lines of `vocab.txt` as Python's text mode reads them: `\n`, `\r\n` and `\r` all end a line,
    /// and a final line break does not start another line.
    static func lines(of url: URL, file: String) throws -> [Substring] {
        let data = try JSONFile.read(url, file: file)
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ModelFileError(.malformed, file: file, message: "is not valid UTF-8 text")
        }
        var lines: [Substring] = []
        var start = text.unicodeScalars.startIndex
        var index = start
        let scalars = text.unicodeScalars
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar == "\n" || scalar == "\r" {
                lines.append(Substring(scalars[start..<index]))
                index = scalars.index(after: index)
                if scalar == "\r", index < scalars.endIndex, scalars[index] == "\n" { index = scalars.index(after: index) }
                start = index
            } else {
                index = scalars.index(after: index)
            }
        }
        if start < scalars.endIndex { lines.append(Substring(scalars[start...])) }
        guard !lines.isEmpty else { throw ModelFileError(.malformed, file: file, message: "is empty") }
        return lines
    }
}
