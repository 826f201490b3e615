/// Reading the tokenizer llama.cpp's converter stores in a GGUF file's `tokenizer.ggml.*` metadata: the
/// vocabulary in GPT-2's byte alphabet, the merges as `"a b"` strings, each token's type, and the name of
/// the pre-tokenizer. Errors are `ModelFileError`s naming the file and the key.
extension ByteLevelBPETokenizer {
    /// llama.cpp's token types (`llama_token_type`): control tokens (`<|im_start|>`) and user-defined ones
    /// are matched whole in the text, as added tokens are; control tokens are also special.
    enum GGUFTokenType: Int {
        case normal = 1, unknown = 2, control = 3, userDefined = 4, unused = 5, byte = 6
    }

    public init(gguf file: GGUFFile) throws {
        let model = try file.string("tokenizer.ggml.model")
        guard model == "gpt2" else {
            let what =
                model == "llama"
                ? "SentencePiece (Llama 2, Mistral v0.1, Gemma) tokenizers are not supported yet" : "not supported"
            throw ModelFileError(
                .unsupported, file: file.path,
                message: "metadata 'tokenizer.ggml.model' is \"\(model)\": \(what); only byte-level BPE (\"gpt2\") is")
        }
        let preName = try file.optionalString("tokenizer.ggml.pre") ?? "default"
        guard let steps = try GGUFPreTokenizer.steps(preName) else {
            throw ModelFileError(
                .unsupported, file: file.path,
                message:
                    "metadata 'tokenizer.ggml.pre' is \"\(preName)\", a pre-tokenizer this build does not know (supported: \(GGUFPreTokenizer.supportedNames.joined(separator: ", ")))"
            )
        }
        let tokens = try file.strings("tokenizer.ggml.tokens")
        guard !tokens.isEmpty, tokens.count < Self.validIDs.upperBound else {
            throw file.malformed("tokenizer.ggml.tokens", "a non-empty array of strings")
        }
        let types = file.has("tokenizer.ggml.token_type") ? try file.integers("tokenizer.ggml.token_type") : []
        guard types.isEmpty || types.count == tokens.count else {
            throw ModelFileError(
                .mismatch, file: file.path,
                message: "'tokenizer.ggml.token_type' has \(types.count) entries for \(tokens.count) tokens")
        }
        var idsByToken: [String: Int] = [:]
        var bytesByID: [Int: [UInt8]] = [:]
        var idsByBytes: [[UInt8]: Int] = [:]
        var added: [AddedToken] = []
        var specialIDs: Set<Int> = []
        idsByToken.reserveCapacity(tokens.count)
        for (id, token) in tokens.enumerated() {
            let type = types.isEmpty ? nil : GGUFTokenType(rawValue: types[id])
            if idsByToken[token] == nil { idsByToken[token] = id }
            if type == .control || type == .userDefined {
                added.append(AddedToken(content: token, id: id))
                bytesByID[id] = Array(token.utf8)
                if type == .control { specialIDs.insert(id) }
            } else {
                let bytes = ByteLevelAlphabet.bytes(of: token)
                bytesByID[id] = bytes
                if idsByBytes[bytes] == nil { idsByBytes[bytes] = id }
            }
        }
        func id(_ key: String) throws -> Int? {
            guard let id = try file.optionalInt(key) else { return nil }
            guard id < tokens.count else {
                throw ModelFileError(
                    .malformed, file: file.path, message: "'\(key)' \(id) is not a token id (there are \(tokens.count))")
            }
            return id
        }
        let bos = try id("tokenizer.ggml.bos_token_id")
        let eos = try id("tokenizer.ggml.eos_token_id")
        self.model = BPEMergeRanks(
            byteIDs: (0...255).map { idsByBytes[[UInt8($0)]] }, idsByBytes: idsByBytes,
            merges: try Self.merges(file, idsByToken: idsByToken), ignoreMerges: steps.ignoreMerges,
            unknownID: try id("tokenizer.ggml.unknown_token_id"), fuseUnknown: false)
        preTokenizer = steps.preTokenizer
        normalizations = steps.normalizations
        addedTokens = AddedTokenMatcher(added)
        prefixIDs = try file.bool("tokenizer.ggml.add_bos_token", default: false) ? bos.map { [$0] } ?? [] : []
        suffixIDs = try file.bool("tokenizer.ggml.add_eos_token", default: false) ? eos.map { [$0] } ?? [] : []
        self.bytesByID = bytesByID
        self.specialIDs = specialIDs
        self.idsByToken = idsByToken
        bosTokenID = bos
        eosTokenID = eos
    }

    /// `tokenizer.ggml.merges`: `"a b"` strings, rank by position, the first of a duplicated pair winning.
    private static func merges(_ file: GGUFFile, idsByToken: [String: Int]) throws -> [UInt64: BPEMergeRanks.Merge] {
        let list = file.has("tokenizer.ggml.merges") ? try file.strings("tokenizer.ggml.merges") : []
        var merges: [UInt64: BPEMergeRanks.Merge] = [:]
        merges.reserveCapacity(list.count)
        for (rank, merge) in list.enumerated() {
            let pair = merge.split(separator: " ", omittingEmptySubsequences: false)
            guard pair.count == 2, let left = idsByToken[String(pair[0])], let right = idsByToken[String(pair[1])],
                let result = idsByToken[String(pair[0] + pair[1])]
            else {
                throw ModelFileError(
                    .mismatch, file: file.path,
                    message: "'tokenizer.ggml.merges[\(rank)]' (\(merge)) is not two tokens whose concatenation is a token")
            }
            let key = BPEMergeRanks.key(left, right)
            if merges[key] == nil { merges[key] = BPEMergeRanks.Merge(rank: rank, result: result) }
        }
        return merges
    }
}
