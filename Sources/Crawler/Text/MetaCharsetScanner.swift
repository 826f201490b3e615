/// Finds a charset declared by `<meta charset>` or `<meta http-equiv="Content-Type" content="…; charset=…">`
/// in the first bytes of an HTML document, before it is decoded (the browsers' "prescan"). It reads bytes
/// as ASCII, which every encoding a page can declare this way agrees with.
enum MetaCharsetScanner {
    static let window = 4096

    static func charset(in bytes: [UInt8]) -> String? {
        let end = min(bytes.count, window)
        var index = 0
        while index < end {
            guard bytes[index] == ascii("<") else {
                index += 1
                continue
            }
            if matches(bytes, at: index, "<!--", end: end) {
                index = skipComment(bytes, from: index + 4, end: end)
            } else if matches(bytes, at: index, "<meta", end: end), index + 5 < end,
                isSpace(bytes[index + 5]) || bytes[index + 5] == ascii("/")
            {
                var attributes: [String: String] = [:]
                index = readAttributes(bytes, from: index + 5, end: end, into: &attributes)
                if let charset = declaredCharset(attributes) { return charset }
            } else {
                index += 1
            }
        }
        return nil
    }

    private static func declaredCharset(_ attributes: [String: String]) -> String? {
        if let charset = attributes["charset"], !charset.isEmpty { return charset }
        guard attributes["http-equiv"]?.lowercased() == "content-type", let content = attributes["content"] else {
            return nil
        }
        return charsetParameter(content)
    }

    /// The value after `charset=` in a Content-Type-like string, unquoted.
    static func charsetParameter(_ content: String) -> String? {
        let bytes = Array(content.utf8)
        var index = 0
        while index + 7 <= bytes.count {
            guard matches(bytes, at: index, "charset", end: bytes.count) else {
                index += 1
                continue
            }
            var cursor = index + 7
            while cursor < bytes.count && isSpace(bytes[cursor]) { cursor += 1 }
            guard cursor < bytes.count, bytes[cursor] == ascii("=") else {
                index = cursor
                continue
            }
            cursor += 1
            while cursor < bytes.count && isSpace(bytes[cursor]) { cursor += 1 }
            var quote: UInt8?
            if cursor < bytes.count, bytes[cursor] == ascii("\"") || bytes[cursor] == ascii("'") {
                quote = bytes[cursor]
                cursor += 1
            }
            let start = cursor
            while cursor < bytes.count {
                let byte = bytes[cursor]
                if let quote, byte == quote { break }
                if quote == nil && (isSpace(byte) || byte == ascii(";")) { break }
                cursor += 1
            }
            let value = String(decoding: bytes[start..<cursor], as: UTF8.self)
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// Reads `name=value` pairs up to the closing `>`; returns the index after it.
    private static func readAttributes(
        _ bytes: [UInt8], from start: Int, end: Int,
        into attributes: inout [String: String]
    ) -> Int {
        var index = start
        while index < end {
            while index < end && (isSpace(bytes[index]) || bytes[index] == ascii("/")) { index += 1 }
            guard index < end, bytes[index] != ascii(">") else { return index + 1 }
            let nameStart = index
            while index < end, !isSpace(bytes[index]), bytes[index] != ascii("="), bytes[index] != ascii(">"),
                bytes[index] != ascii("/") || index == nameStart
            {
                index += 1
            }
            let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
            while index < end && isSpace(bytes[index]) { index += 1 }
            var value = ""
            if index < end && bytes[index] == ascii("=") {
                index += 1
                while index < end && isSpace(bytes[index]) { index += 1 }
                if index < end, bytes[index] == ascii("\"") || bytes[index] == ascii("'") {
                    let quote = bytes[index]
                    let valueStart = index + 1
                    index = valueStart
                    while index < end && bytes[index] != quote { index += 1 }
                    value = String(decoding: bytes[valueStart..<index], as: UTF8.self)
                    index += 1
                } else {
                    let valueStart = index
                    while index < end && !isSpace(bytes[index]) && bytes[index] != ascii(">") { index += 1 }
                    // `<meta charset=utf-8/>`: the slash closes the tag, it is not part of the label.
                    var valueEnd = index
                    if valueEnd > valueStart && bytes[valueEnd - 1] == ascii("/") { valueEnd -= 1 }
                    value = String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self)
                }
            }
            if !name.isEmpty && attributes[name] == nil { attributes[name] = value }
        }
        return index
    }

    private static func skipComment(_ bytes: [UInt8], from start: Int, end: Int) -> Int {
        var index = start
        while index < end {
            if matches(bytes, at: index, "-->", end: end) { return index + 3 }
            index += 1
        }
        return end
    }

    /// Case-insensitive match of an ASCII literal at `index`.
    private static func matches(_ bytes: [UInt8], at index: Int, _ literal: StaticString, end: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= end else { return false }
        return literal.withUTF8Buffer { expected in
            for offset in 0..<count where lowercased(bytes[index + offset]) != expected[offset] { return false }
            return true
        }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= ascii("A") && byte <= ascii("Z") ? byte + 32 : byte
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }

    private static func ascii(_ character: Unicode.Scalar) -> UInt8 { UInt8(character.value) }
}
