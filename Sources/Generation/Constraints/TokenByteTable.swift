import Compute

/// Every token's bytes, indexed by id and grouped by first byte: what constrained decoding checks
/// candidates against. Built once per model (tens of milliseconds for a 50,000-token vocabulary) and
/// shared by every answer.
public final class TokenByteTable: Sendable {
    /// `bytes[id]`: empty for special tokens, which carry no text.
    let bytes: [[UInt8]]
    /// The ids of the tokens whose text starts with each byte.
    let byFirstByte: [[Int]]
    let stopTokenIDs: Set<Int>

    public init(_ model: LanguageModel) {
        let size = model.decoder.configuration.vocabularySize
        var bytes: [[UInt8]] = []
        bytes.reserveCapacity(size)
        var byFirstByte = [[Int]](repeating: [], count: 256)
        for id in 0..<size {
            let text = model.tokenizer.bytes(of: id, skipSpecialTokens: true)
            bytes.append(text)
            if let first = text.first { byFirstByte[Int(first)].append(id) }
        }
        self.bytes = bytes
        self.byFirstByte = byFirstByte
        stopTokenIDs = model.stopTokenIDs
    }
}
