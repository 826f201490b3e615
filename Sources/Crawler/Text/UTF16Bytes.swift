/// Decoding and sniffing of UTF-16 byte streams.
enum UTF16Bytes {
    static func decode(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            let first = UInt16(bytes[index]), second = UInt16(bytes[index + 1])
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        var text = String(decoding: units, as: UTF16.self)
        if index < bytes.endIndex { text.unicodeScalars.append("\u{FFFD}") }
        return text
    }

    /// Whether unlabeled bytes look like UTF-16 text: mostly Latin text in UTF-16 has a zero in one byte
    /// of most code units and almost never in the other. Returns the byte order, or nil.
    static func sniffByteOrder(_ bytes: [UInt8]) -> Bool? {
        let units = bytes.count / 2
        guard units >= 2 else { return nil }
        var zerosAtEven = 0, zerosAtOdd = 0
        for index in 0..<(units * 2) where bytes[index] == 0 {
            if index % 2 == 0 { zerosAtEven += 1 } else { zerosAtOdd += 1 }
        }
        let many = units * 3 / 10, few = units / 20
        if zerosAtOdd >= many && zerosAtOdd > 0 && zerosAtEven <= few { return false }
        if zerosAtEven >= many && zerosAtEven > 0 && zerosAtOdd <= few { return true }
        return nil
    }
}
