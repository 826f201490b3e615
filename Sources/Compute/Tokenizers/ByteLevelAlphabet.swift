/// GPT-2's reversible map between bytes and printable characters: byte-level BPE vocabularies spell every
/// token with these characters, so that a space is `Ġ` and a newline `Ċ`, and no token holds a control
/// character or a partial UTF-8 sequence.
enum ByteLevelAlphabet {
    /// The character of each byte, indexed by the byte.
    static let characters: [Unicode.Scalar] = {
        // Printable bytes stand for themselves; the 68 others are given U+0100 onwards, in byte order.
        let printable: [ClosedRange<UInt32>] = [0x21...0x7E, 0xA1...0xAC, 0xAE...0xFF]
        var next: UInt32 = 0x100
        return (0...255).map { byte -> Unicode.Scalar in
            if printable.contains(where: { $0.contains(UInt32(byte)) }) { return Unicode.Scalar(UInt8(byte)) }
            defer { next += 1 }
            return Unicode.Scalar(next)!
        }
    }()

    /// The byte of each character of the table; nil for characters outside it.
    static func byte(of scalar: Unicode.Scalar) -> UInt8? {
        inverse[scalar.value]
    }

    private static let inverse: [UInt32: UInt8] = {
        var map: [UInt32: UInt8] = [:]
        for (byte, scalar) in characters.enumerated() { map[scalar.value] = UInt8(byte) }
        return map
    }()

    /// The bytes a vocabulary token stands for: each table character gives its byte, and any other character
    /// (in added tokens written plainly, such as `<|im_start|>` with a space) its own UTF-8.
    static func bytes(of token: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(token.utf8.count)
        for scalar in token.unicodeScalars {
            if let byte = byte(of: scalar) {
                bytes.append(byte)
            } else {
                bytes.append(contentsOf: String(scalar).utf8)
            }
        }
        return bytes
    }
}
