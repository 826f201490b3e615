import Foundation

/// Reading a Hugging Face `tokenizer.json` whose model is byte-level BPE. Errors name the file and the key
/// at fault; tokenizers of another kind (Unigram, WordPiece, SentencePiece-style BPE with byte fallback)
/// are refused with a message that says so.
extension ByteLevelBPETokenizer {
    public init(tokenizerJSON url: URL) throws {
        try self.init(root: JSONObject.load(url, file: url.relativePath))
    }

    /// `file` names the data in error messages.
    public init(json: Data, file: String = "tokenizer.json") throws {
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: json)
        } catch {
            throw ModelFileError(.malformed, file: file, message: "is not valid JSON")
        }
        guard let values = value as? [String: Any] else {
            throw ModelFileError(.malformed, file: file, message: "is not a JSON object")
        }
        try self.init(root: JSONObject(values, file: file))
    }

    init(root: JSONObject) throws {
        let file = root.file
        let modelObject = try root.object("model")
        let modelType = try modelObject.optionalString("type") ?? "BPE"
        guard modelType == "BPE" else {
            throw ModelFileError(
                .unsupported, file: file,
                message: "model type '\(modelType)' is not supported by the byte-level BPE tokenizer (only BPE)")
        }
        if try modelObject.bool("byte_fallback", default: false) {
            throw ModelFileError(
                .unsupported, file: file,
                message:
                    "'model.byte_fallback' is true: SentencePiece-style BPE (Llama 2, Mistral v0.1) is not supported, only byte-level BPE"
            )
        }
        for key in ["continuing_subword_prefix", "end_of_word_suffix"] where !(try modelObject.optionalString(key) ?? "").isEmpty
        {
            throw ModelFileError(.unsupported, file: file, message: "'model.\(key)' is set, which byte-level BPE does not use")
        }

        let vocab = try modelObject.object("vocab")
        var idsByToken: [String: Int] = [:]
        var bytesByID: [Int: [UInt8]] = [:]
        var idsByBytes: [[UInt8]: Int] = [:]
        idsByToken.reserveCapacity(vocab.values.count)
        for (token, value) in vocab.values {
            guard let id = JSONFile.integer(value), Self.validIDs.contains(id) else {
                throw vocab.malformed(token, "an integer id from 0 to \(Self.validIDs.upperBound - 1)")
            }
            idsByToken[token] = id
            let bytes = ByteLevelAlphabet.bytes(of: token)
            bytesByID[id] = bytes
            idsByBytes[bytes] = id
        }
        guard !idsByToken.isEmpty else { throw ModelFileError(.malformed, file: file, message: "'model.vocab' is empty") }

        let added = try AddedTokenEntries.read(root, validIDs: Self.validIDs)
        var specialIDs: Set<Int> = []
        for (token, special) in added {
            idsByToken[token.content] = token.id
            bytesByID[token.id] = Array(token.content.utf8)
            if special { specialIDs.insert(token.id) }
        }

        var unknownID: Int?
        if let unknown = try modelObject.optionalString("unk_token") {
            guard let id = idsByToken[unknown] else {
                throw ModelFileError(.malformed, file: file, message: "'model.unk_token' '\(unknown)' is not in 'model.vocab'")
            }
            unknownID = id
        }
        let byteIDs: [Int?] = (0...255).map { idsByBytes[[UInt8($0)]] }
        model = BPEMergeRanks(
            byteIDs: byteIDs, idsByBytes: idsByBytes,
            merges: try Self.merges(modelObject, idsByToken: idsByToken),
            ignoreMerges: try modelObject.bool("ignore_merges", default: false),
            unknownID: unknownID, fuseUnknown: try modelObject.bool("fuse_unk", default: false))

        preTokenizer = try Self.preTokenizer(root.optionalObject("pre_tokenizer"), file: file)
        normalizations = try Self.normalizations(root.optionalObject("normalizer"))
        try Self.checkDecoder(root.optionalObject("decoder"))
        (prefixIDs, suffixIDs) = try Self.postProcessor(root.optionalObject("post_processor"))
        addedTokens = AddedTokenMatcher(added.map(\.token))
        self.bytesByID = bytesByID
        self.specialIDs = specialIDs
        self.idsByToken = idsByToken
        bosTokenID = prefixIDs.count == 1 ? prefixIDs[0] : nil
        eosTokenID = nil
    }

    /// Ids fit in 31 bits: merges pack two into one 64-bit key, and no vocabulary comes near.
    static let validIDs = 0..<(1 << 31)

    /// Merges are written `"a b"` (older files) or `["a", "b"]` (tokenizers 0.20 on); the rank is the
    /// position in the list.
    private static func merges(_ model: JSONObject, idsByToken: [String: Int]) throws -> [UInt64: BPEMergeRanks.Merge] {
        let list = model.has("merges") ? try model.array("merges") : []
        var merges: [UInt64: BPEMergeRanks.Merge] = [:]
        merges.reserveCapacity(list.count)
        for (rank, item) in list.enumerated() {
            let pair: [String]
            if let text = item as? String {
                pair = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            } else if let parts = item as? [Any], let strings = parts as? [String] {
                pair = strings
            } else {
                throw ModelFileError(
                    .malformed, file: model.file,
                    message: "'model.merges[\(rank)]' must be \"a b\" or [\"a\", \"b\"], not \(JSONFile.describe(item))")
            }
            guard pair.count == 2 else {
                throw ModelFileError(
                    .malformed, file: model.file, message: "'model.merges[\(rank)]' must name exactly two tokens")
            }
            guard let left = idsByToken[pair[0]], let right = idsByToken[pair[1]], let result = idsByToken[pair[0] + pair[1]]
            else {
                throw ModelFileError(
                    .mismatch, file: model.file,
                    message: "'model.merges[\(rank)]' (\(pair[0]) \(pair[1])) uses or makes a token missing from 'model.vocab'")
            }
            let key = BPEMergeRanks.key(left, right)
            // The first occurrence of a duplicated merge wins, as in the reference.
            if merges[key] == nil { merges[key] = BPEMergeRanks.Merge(rank: rank, result: result) }
        }
        return merges
    }

    private static func preTokenizer(_ object: JSONObject?, file: String) throws -> ByteLevelPreTokenizer {
        guard let object else {
            throw ModelFileError(
                .unsupported, file: file,
                message: "'pre_tokenizer' is null: a byte-level BPE tokenizer needs a ByteLevel pre-tokenizer")
        }
        var steps: [JSONObject] = [object]
        if try object.optionalString("type") == "Sequence" {
            steps = try object.array("pretokenizers").enumerated().map { index, value in
                guard let values = value as? [String: Any] else { throw object.malformed("pretokenizers", "an array of objects") }
                return JSONObject(values, file: file, path: "\(object.path)pretokenizers[\(index)].")
            }
        }
        var splits: [PreTokenizerSplit] = []
        for (index, step) in steps.enumerated() {
            switch try step.optionalString("type") {
            case "Split":
                splits.append(try split(step))
            case "Digits":
                // Numeric characters (Unicode N) split off, each alone or in runs; SmolLM2 uses this.
                let individual = try step.bool("individual_digits", default: false)
                splits.append(
                    PreTokenizerSplit(
                        pattern: try CompiledPattern(individual ? #"\p{N}"# : #"\p{N}+"#), behavior: .isolated, invert: false))
            case "ByteLevel":
                guard index == steps.count - 1 else {
                    throw ModelFileError(
                        .unsupported, file: file, message: "'\(step.path)' ByteLevel must be the last pre-tokenizer step")
                }
                return try ByteLevelPreTokenizer(
                    splits: splits, addPrefixSpace: step.bool("add_prefix_space", default: true),
                    useRegex: step.bool("use_regex", default: true))
            case let other:
                throw ModelFileError(
                    .unsupported, file: file,
                    message:
                        "pre_tokenizer type '\(other ?? "none")' is not supported (ByteLevel, or a Sequence of Split and Digits steps and ByteLevel)"
                )
            }
        }
        throw ModelFileError(
            .unsupported, file: file,
            message: "the pre_tokenizer has no ByteLevel step, so this is not a byte-level BPE tokenizer")
    }

    private static func split(_ step: JSONObject) throws -> PreTokenizerSplit {
        let patternObject = try step.object("pattern")
        let source: String
        if let regex = try patternObject.optionalString("Regex") {
            source = regex
        } else if let literal = try patternObject.optionalString("String") {
            source = NSRegularExpression.escapedPattern(for: literal)
        } else {
            throw step.malformed("pattern", "{\"Regex\": ...} or {\"String\": ...}")
        }
        let behaviorName = try step.string("behavior")
        guard let behavior = PreTokenizerSplit.Behavior(rawValue: behaviorName) else {
            throw step.malformed("behavior", "Removed, Isolated, MergedWithPrevious, MergedWithNext or Contiguous")
        }
        let pattern: CompiledPattern
        do {
            pattern = try CompiledPattern(source)
        } catch {
            throw ModelFileError(
                .unsupported, file: step.file, message: "'\(step.path)pattern' \(source) cannot be compiled: \(error)")
        }
        return PreTokenizerSplit(pattern: pattern, behavior: behavior, invert: try step.bool("invert", default: false))
    }

    private static func normalizations(_ object: JSONObject?) throws -> [TextNormalization] {
        guard let object else { return [] }
        let type = try object.optionalString("type")
        if type == "Sequence" {
            return try object.array("normalizers").enumerated().flatMap { index, value in
                guard let values = value as? [String: Any] else { throw object.malformed("normalizers", "an array of objects") }
                return try normalizations(JSONObject(values, file: object.file, path: "\(object.path)normalizers[\(index)]."))
            }
        }
        guard let type, let normalization = TextNormalization(rawValue: type) else {
            throw ModelFileError(
                .unsupported, file: object.file,
                message:
                    "normalizer type '\(type ?? "none")' is not supported (NFC, NFD, NFKC, NFKD, a Sequence of them, or null)")
        }
        return [normalization]
    }

    private static func checkDecoder(_ object: JSONObject?) throws {
        guard let object else { return }
        let type = try object.optionalString("type")
        guard type == "ByteLevel" else {
            throw ModelFileError(
                .unsupported, file: object.file, message: "decoder type '\(type ?? "none")' is not supported (only ByteLevel)")
        }
    }

    /// The ids the post-processor puts before and after a single text.
    private static func postProcessor(_ object: JSONObject?) throws -> (prefix: [Int], suffix: [Int]) {
        guard let object else { return ([], []) }
        switch try object.optionalString("type") {
        case "ByteLevel":
            // Only adjusts offsets, which this tokenizer does not report.
            return ([], [])
        case "TemplateProcessing":
            return try TemplateProcessingIDs.single(object)
        case "Sequence":
            var prefix: [Int] = []
            var suffix: [Int] = []
            for (index, value) in try object.array("processors").enumerated() {
                guard let values = value as? [String: Any] else { throw object.malformed("processors", "an array of objects") }
                let step = try postProcessor(JSONObject(values, file: object.file, path: "\(object.path)processors[\(index)]."))
                // Each processor wraps what the ones before it made (Llama 3: ByteLevel, then its BOS template).
                prefix = step.prefix + prefix
                suffix += step.suffix
            }
            return (prefix, suffix)
        case let other:
            throw ModelFileError(
                .unsupported, file: object.file,
                message:
                    "post_processor type '\(other ?? "none")' is not supported (ByteLevel, TemplateProcessing or a Sequence of them)"
            )
        }
    }
}
