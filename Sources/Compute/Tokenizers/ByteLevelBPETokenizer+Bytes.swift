extension ByteLevelBPETokenizer {
    /// The UTF-8 bytes a token decodes to (empty for an id the tokenizer does not know). Streaming
    /// decoders collect these and print only whole characters, since a token may end inside one.
    public func bytes(of id: Int, skipSpecialTokens: Bool = false) -> [UInt8] {
        if skipSpecialTokens, specialIDs.contains(id) { return [] }
        return bytesByID[id] ?? []
    }

    /// Whether `id` is a special token (BOS, EOS, chat markers) rather than text.
    public func isSpecial(_ id: Int) -> Bool { specialIDs.contains(id) }
}
