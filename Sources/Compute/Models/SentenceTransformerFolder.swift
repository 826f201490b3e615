import Foundation

/// A sentence-transformers model folder of a BERT-family encoder, loaded and cross-checked:
///
/// - `modules.json`: a Transformer module, a Pooling module and optionally Normalize, nothing else;
/// - in the Transformer's folder (the root for `"path": ""`): `config.json`, `sentence_bert_config.json`,
///   `tokenizer.json` or `vocab.txt`, and `model.safetensors`;
/// - the Pooling module's `config.json`: mean, CLS or max pooling.
///
/// Every missing or malformed file throws `ModelFileError` (or `SafetensorsError`) naming the file, and
/// the weights are checked against `config.json` by name and shape before anything reads them.
public struct SentenceTransformerFolder: Sendable {
    public let url: URL
    public let configuration: BertConfiguration
    public let tokenizer: BertTokenizer
    public let pooling: PoolingMode
    /// Whether the embeddings are scaled to unit length (a Normalize module), as all-MiniLM-L6-v2's are.
    public let normalizesEmbeddings: Bool
    /// `max_seq_length` of `sentence_bert_config.json`: the tokenizer truncates to it.
    public let maxSequenceLength: Int
    public let weights: SafetensorsFile
    /// What the tensor names start with: `""` or `"bert."` (see `BertWeightLayout`).
    public let weightPrefix: String

    public init(_ url: URL) throws {
        self.url = url
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw ModelFileError(
                .missing, file: url.relativePath, message: "is not a model folder (it does not exist or is a file)")
        }
        let modules = try ModulesList(url.appendingPathComponent("modules.json"), file: Self.name(url, "modules.json"))
        let transformer = modules.transformerPath.isEmpty ? url : url.appendingPathComponent(modules.transformerPath)
        let configFile = Self.name(transformer, "config.json")
        configuration = try BertConfiguration(contentsOf: transformer.appendingPathComponent("config.json"), file: configFile)
        let sentenceConfig = try SentenceBertConfig(
            transformer.appendingPathComponent("sentence_bert_config.json"),
            file: Self.name(transformer, "sentence_bert_config.json"),
            maxPositions: configuration.maxPositionEmbeddings)
        maxSequenceLength = sentenceConfig.maxSequenceLength
        var tokenizer = try BertTokenizer.load(folder: transformer, maxLength: maxSequenceLength)
        tokenizer.lowercasesInput = sentenceConfig.lowercasesInput
        self.tokenizer = tokenizer
        try Self.checkVocabulary(tokenizer, transformer: transformer, against: configuration, configFile: configFile)
        let poolingFolder = url.appendingPathComponent(modules.poolingPath)
        pooling = try PoolingMode(
            contentsOf: poolingFolder.appendingPathComponent("config.json"), file: Self.name(poolingFolder, "config.json"),
            dimension: configuration.hiddenSize)
        normalizesEmbeddings = modules.normalizes
        let weightsURL = transformer.appendingPathComponent("model.safetensors")
        guard FileManager.default.fileExists(atPath: weightsURL.path) else {
            let hasBin = FileManager.default.fileExists(atPath: transformer.appendingPathComponent("pytorch_model.bin").path)
            throw ModelFileError(
                .missing, file: Self.name(transformer, "model.safetensors"),
                message: hasBin ? "is missing (pytorch_model.bin is there, but only safetensors weights are read)" : "is missing")
        }
        weights = try SafetensorsFile(contentsOf: weightsURL)
        weightPrefix = try BertWeightLayout.check(weights, against: configuration, configFile: configFile)
    }

    /// The path of `name` in `folder` as the user would write it (relative when the folder was given so).
    static func name(_ folder: URL, _ name: String) -> String {
        folder.appendingPathComponent(name).relativePath
    }

    /// Every id the tokenizer can produce must have a row in the word embeddings.
    private static func checkVocabulary(
        _ tokenizer: BertTokenizer, transformer: URL, against config: BertConfiguration, configFile: String
    ) throws {
        let source =
            FileManager.default.fileExists(atPath: transformer.appendingPathComponent("tokenizer.json").path)
            ? "tokenizer.json" : "vocab.txt"
        let highest = max(tokenizer.vocabulary.count - 1, tokenizer.addedTokens.map(\.id).max() ?? 0)
        guard highest < config.vocabularySize else {
            throw ModelFileError(
                .mismatch, file: name(transformer, source),
                message: "has token ids up to \(highest), but \(configFile) says vocab_size \(config.vocabularySize)")
        }
    }
}
