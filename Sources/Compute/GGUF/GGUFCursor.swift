/// Reads the little-endian header of a GGUF file front to back. Every read checks the bytes are there
/// first, so a truncated or lying header ends in a `GGUFError` naming what was being read, never a trap.
struct GGUFCursor {
    let bytes: UnsafeRawBufferPointer
    let file: String
    private(set) var position = 0

    /// Arrays of arrays deeper than this are refused: the format sets no limit, but each level recurses, and
    /// no model writes more than two.
    static let maximumNesting = 16

    init(bytes: UnsafeRawBufferPointer, file: String) {
        self.bytes = bytes
        self.file = file
    }

    var remaining: Int { bytes.count - position }

    func error(_ kind: GGUFError.Kind, _ message: String) -> GGUFError {
        GGUFError(kind, file: file, message: message)
    }

    mutating func load<T: FixedWidthInteger>(_: T.Type, _ what: @autoclosure () -> String) throws -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else {
            throw error(.truncated, "the file ends at byte \(bytes.count), in the middle of \(what()) (at byte \(position))")
        }
        let value = T(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: T.self))
        position += size
        return value
    }

    /// A count or length stored as uint64 that must fit in what is left of the file at `minimumSize` bytes
    /// per item; checked before anything is allocated for it.
    mutating func count(_ what: @autoclosure () -> String, minimumSize: Int) throws -> Int {
        let start = position
        let raw = try load(UInt64.self, what())
        guard raw <= UInt64(remaining / max(minimumSize, 1)) else {
            throw error(
                .truncated,
                "\(what()) is \(raw) (at byte \(start)), more than the \(remaining) bytes left in the file can hold "
                    + "(the file is truncated or corrupt)")
        }
        return Int(raw)
    }

    mutating func string(_ what: @autoclosure () -> String) throws -> String {
        let length = try count("the length of \(what())", minimumSize: 1)
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[position..<(position + length)]), as: UTF8.self)
        position += length
        return text
    }

    mutating func valueType(_ what: @autoclosure () -> String) throws -> GGUFValueType {
        let start = position
        let raw = try load(UInt32.self, "the type of \(what())")
        guard let type = GGUFValueType(rawValue: raw) else {
            throw error(.badHeader, "\(what()) has unknown value type \(raw) (at byte \(start); known: 0 to 12)")
        }
        return type
    }

    mutating func value(_ type: GGUFValueType, _ what: @autoclosure () -> String, depth: Int = 0) throws -> GGUFValue {
        switch type {
        case .uint8: return .uint8(try load(UInt8.self, what()))
        case .int8: return .int8(try load(Int8.self, what()))
        case .uint16: return .uint16(try load(UInt16.self, what()))
        case .int16: return .int16(try load(Int16.self, what()))
        case .uint32: return .uint32(try load(UInt32.self, what()))
        case .int32: return .int32(try load(Int32.self, what()))
        case .uint64: return .uint64(try load(UInt64.self, what()))
        case .int64: return .int64(try load(Int64.self, what()))
        case .float32: return .float32(Float(bitPattern: try load(UInt32.self, what())))
        case .float64: return .float64(Double(bitPattern: try load(UInt64.self, what())))
        case .bool:
            let start = position
            let byte = try load(UInt8.self, what())
            guard byte <= 1 else {
                throw error(.badHeader, "\(what()) is a bool stored as \(byte) (at byte \(start)), not 0 or 1")
            }
            return .bool(byte == 1)
        case .string:
            return .string(try string(what()))
        case .array:
            guard depth < Self.maximumNesting else {
                throw error(.badHeader, "\(what()) nests arrays more than \(Self.maximumNesting) deep")
            }
            let elementType = try valueType("the elements of \(what())")
            let count = try count("the length of \(what())", minimumSize: elementType.minimumSize)
            var elements: [GGUFValue] = []
            // Capped: the count fits the bytes left, but each element takes more memory than bytes on disk.
            elements.reserveCapacity(min(count, 65536))
            for index in 0..<count {
                elements.append(try value(elementType, "\(what())[\(index)]", depth: depth + 1))
            }
            return .array(elementType: elementType, elements)
        }
    }

    /// Moves to the next multiple of `alignment` (which may be past the end: the caller checks).
    mutating func align(to alignment: Int) {
        let (padded, overflow) = position.addingReportingOverflow(alignment - 1)
        position = overflow ? Int.max : padded / alignment * alignment
    }
}
