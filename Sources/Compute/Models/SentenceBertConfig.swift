import Foundation

/// `sentence_bert_config.json`: the Transformer module's own settings in sentence-transformers.
struct SentenceBertConfig {
    /// The tokenizer truncates to this many tokens, `[CLS]` and `[SEP]` included.
    var maxSequenceLength: Int
    /// sentence-transformers lower-cases the text itself before tokenizing when this is true.
    var lowercasesInput: Bool

    init(_ url: URL, file: String, maxPositions: Int) throws {
        let config = try JSONObject.load(url, file: file)
        maxSequenceLength = try config.positiveInt("max_seq_length")
        lowercasesInput = try config.bool("do_lower_case", default: false)
        guard maxSequenceLength >= 2 else {
            throw config.malformed("max_seq_length", "at least 2 (room for [CLS] and [SEP])")
        }
        guard maxSequenceLength <= maxPositions else {
            throw ModelFileError(
                .mismatch, file: file,
                message: "'max_seq_length' is \(maxSequenceLength), but config.json has only \(maxPositions) position embeddings")
        }
    }
}
