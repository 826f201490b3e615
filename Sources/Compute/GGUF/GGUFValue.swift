/// One metadata value of a GGUF file, in the type the file stores it as.
public enum GGUFValue: Sendable, Equatable {
    case uint8(UInt8)
    case int8(Int8)
    case uint16(UInt16)
    case int16(Int16)
    case uint32(UInt32)
    case int32(Int32)
    case uint64(UInt64)
    case int64(Int64)
    case float32(Float)
    case float64(Double)
    case bool(Bool)
    case string(String)
    /// The elements all have `elementType`, which the file states even for an empty array; arrays of arrays
    /// are allowed.
    case array(elementType: GGUFValueType, [GGUFValue])

    public var type: GGUFValueType {
        switch self {
        case .uint8: .uint8
        case .int8: .int8
        case .uint16: .uint16
        case .int16: .int16
        case .uint32: .uint32
        case .int32: .int32
        case .uint64: .uint64
        case .int64: .int64
        case .float32: .float32
        case .float64: .float64
        case .bool: .bool
        case .string: .string
        case .array: .array
        }
    }

    /// The value as an `Int` when it is an integer of any width that fits; nil otherwise. Writers differ in
    /// the integer types they pick for the same key (uint32 or int32, uint64 for counts).
    public var integer: Int? {
        switch self {
        case .uint8(let value): Int(value)
        case .int8(let value): Int(value)
        case .uint16(let value): Int(value)
        case .int16(let value): Int(value)
        case .uint32(let value): Int(value)
        case .int32(let value): Int(value)
        case .uint64(let value): Int(exactly: value)
        case .int64(let value): Int(exactly: value)
        default: nil
        }
    }

    /// The value as a `Double` when it is a float or an integer.
    public var number: Double? {
        switch self {
        case .float32(let value): Double(value)
        case .float64(let value): value
        default: integer.map(Double.init)
        }
    }

    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var array: [GGUFValue]? {
        if case .array(_, let elements) = self { return elements }
        return nil
    }

    /// How the value reads in a message: the value itself for scalars, type and length for arrays.
    var summary: String {
        switch self {
        case .string(let value): value.count > 60 ? "a string of \(value.count) characters" : "\"\(value)\""
        case .array(let elementType, let elements): "an array of \(elements.count) \(elementType)"
        case .bool(let value): "\(value)"
        default: integer.map { "\(type) \($0)" } ?? number.map { "\(type) \($0)" } ?? "\(type)"
        }
    }
}
