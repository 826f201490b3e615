import Foundation

/// Turns a fetched body into text. Evidence is weighed as browsers weigh it: a byte order mark, then the
/// HTTP header's charset, then for HTML a `<meta>` declaration near the top, then the bytes themselves
/// (UTF-8 when they are valid UTF-8, windows-1252 otherwise). Labels that the bytes plainly contradict are
/// overruled, because mislabeled pages are common. Decoding never fails: undecodable bytes become U+FFFD.
public enum TextDecoding {
    public static func decode(_ body: Data, declaredCharset: String?, isHTML: Bool) -> DecodedText {
        let bytes = [UInt8](body)
        if let decoded = decodeByteOrderMark(bytes) { return decoded }
        if let label = declaredCharset, let charset = Charset(label: label) {
            return decode(bytes, as: charset, source: .header)
        }
        if isHTML, let label = MetaCharsetScanner.charset(in: bytes), let charset = Charset(label: label) {
            return decode(bytes, as: charset.asMetaDeclaration, source: .meta)
        }
        return detect(bytes, overrulingLabel: false)
    }

    private static func decodeByteOrderMark(_ bytes: [UInt8]) -> DecodedText? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return DecodedText(
                text: String(decoding: bytes.dropFirst(3), as: UTF8.self), charset: "utf-8",
                source: .byteOrderMark)
        }
        if bytes.starts(with: [0xFF, 0xFE]) {
            return DecodedText(
                text: UTF16Bytes.decode(bytes.dropFirst(2), bigEndian: false), charset: "utf-16le",
                source: .byteOrderMark)
        }
        if bytes.starts(with: [0xFE, 0xFF]) {
            return DecodedText(
                text: UTF16Bytes.decode(bytes.dropFirst(2), bigEndian: true), charset: "utf-16be",
                source: .byteOrderMark)
        }
        return nil
    }

    private static func decode(_ bytes: [UInt8], as charset: Charset, source: CharsetSource) -> DecodedText {
        switch charset {
        case .utf8:
            guard let text = String(validating: bytes, as: UTF8.self) else {
                return detect(bytes, overrulingLabel: true)
            }
            return DecodedText(text: text, charset: charset.name, source: source)
        case .utf16, .utf16LittleEndian, .utf16BigEndian:
            // ASCII-range text in UTF-16 is full of zero bytes; none at all means the label is wrong.
            if !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) {
                return DecodedText(text: text, charset: "utf-8", source: .detected)
            }
            let bigEndian = charset == .utf16BigEndian || (charset == .utf16 && UTF16Bytes.sniffByteOrder(bytes) == true)
            return DecodedText(
                text: UTF16Bytes.decode(bytes[...], bigEndian: bigEndian),
                charset: bigEndian ? "utf-16be" : "utf-16le", source: source)
        case .windows1252, .foundation:
            if charset.isLatinFamily, bytes.contains(where: { $0 >= 0x80 }),
                let text = String(validating: bytes, as: UTF8.self)
            {
                return DecodedText(text: text, charset: "utf-8", source: .detected)
            }
            if case .foundation(let encoding, let name) = charset {
                guard let text = String(data: Data(bytes), encoding: encoding) else {
                    return detect(bytes, overrulingLabel: true)
                }
                return DecodedText(text: text, charset: name, source: source)
            }
            return DecodedText(text: Windows1252.decode(bytes), charset: charset.name, source: source)
        }
    }

    /// Chooses from the bytes alone. `overrulingLabel` is true when a declared charset was rejected, which
    /// makes even the windows-1252 outcome a detection rather than a blind fallback.
    private static func detect(_ bytes: [UInt8], overrulingLabel: Bool) -> DecodedText {
        if let bigEndian = UTF16Bytes.sniffByteOrder(bytes) {
            return DecodedText(
                text: UTF16Bytes.decode(bytes[...], bigEndian: bigEndian),
                charset: bigEndian ? "utf-16be" : "utf-16le", source: .detected)
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            return DecodedText(text: text, charset: "utf-8", source: .detected)
        }
        if isMostlyUTF8(bytes) {
            return DecodedText(text: String(decoding: bytes, as: UTF8.self), charset: "utf-8", source: .detected)
        }
        return DecodedText(
            text: Windows1252.decode(bytes), charset: "windows-1252",
            source: overrulingLabel ? .detected : .fallback)
    }

    /// A UTF-8 page with a few stray legacy bytes (a pasted snippet, a truncated character) reads better as
    /// UTF-8 with replacement characters than as windows-1252 mojibake everywhere else. Legacy text almost
    /// never forms valid multi-byte sequences, so many of them against few errors is a strong signal.
    private static func isMostlyUTF8(_ bytes: [UInt8]) -> Bool {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var multiByte = 0, errors = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): if scalar.value >= 0x80 { multiByte += 1 }
            case .error: errors += 1
            case .emptyInput: break loop
            }
        }
        return multiByte >= 4 * errors && multiByte > 0
    }
}
