/// The bytes a GGUF file stores for a metadata value, little-endian, without its type tag (which the key
/// and the array header carry).
extension GGUFValue {
    func encode(into bytes: inout [UInt8]) {
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        switch self {
        case .uint8(let value): append(value)
        case .int8(let value): append(value)
        case .uint16(let value): append(value)
        case .int16(let value): append(value)
        case .uint32(let value): append(value)
        case .int32(let value): append(value)
        case .uint64(let value): append(value)
        case .int64(let value): append(value)
        case .float32(let value): append(value.bitPattern)
        case .float64(let value): append(value.bitPattern)
        case .bool(let value): append(UInt8(value ? 1 : 0))
        case .string(let value): Self.encode(string: value, into: &bytes)
        case .array(let elementType, let elements):
            append(elementType.rawValue)
            append(UInt64(elements.count))
            for element in elements { element.encode(into: &bytes) }
        }
    }

    /// A GGUF string: its UTF-8 length as uint64, then the bytes, no terminator.
    static func encode(string: String, into bytes: inout [UInt8]) {
        withUnsafeBytes(of: UInt64(string.utf8.count).littleEndian) { bytes += $0 }
        bytes += string.utf8
    }
}
