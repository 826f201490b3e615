import Foundation

/// Writes a `.safetensors` file as the reference library does: the 8-byte little-endian header length,
/// the JSON header (`__metadata__` first, then every tensor with its dtype, shape and data offsets), padded
/// with spaces so that the data section starts at a multiple of 8, then the tensors back to back, the
/// widest dtypes first so that every tensor starts at a multiple of its element size.
///
/// Tensors are given as floats and stored as F32, F16, BF16 or F64 (rounded to nearest, ties to even).
/// Their values are asked for one tensor at a time while the file is written, so a merged model is never
/// held in memory twice. The file is written under a temporary name and renamed when complete.
public struct SafetensorsWriter {
    /// The dtypes a tensor of floats can be stored as.
    public static let floatTypes: Set<SafetensorsDType> = [.f32, .f16, .bf16, .f64]

    struct Pending {
        var name: String
        var dtype: SafetensorsDType
        var shape: [Int]
        var values: () throws -> [Float]
    }

    /// The header's `__metadata__`; PyTorch's loaders expect `format: pt`.
    public var metadata: [String: String]
    private var pending: [Pending] = []
    private var addedNames: Set<String> = []

    public init(metadata: [String: String] = ["format": "pt"]) {
        self.metadata = metadata
    }

    /// Adds tensor `name` of `shape`, whose row-major values `values` returns when the file is written.
    public mutating func add(
        _ name: String, shape: [Int], dtype: SafetensorsDType = .f32, values: @escaping () throws -> [Float]
    ) {
        precondition(Self.floatTypes.contains(dtype), "\(dtype.rawValue) does not hold floats")
        precondition(name != "__metadata__" && addedNames.insert(name).inserted, "tensor '\(name)' added twice")
        pending.append(Pending(name: name, dtype: dtype, shape: shape, values: values))
    }

    /// Adds tensor `name` holding `values`.
    public mutating func add(_ name: String, shape: [Int], dtype: SafetensorsDType = .f32, values: [Float]) {
        add(name, shape: shape, dtype: dtype) { values }
    }

    /// The tensor names in the order their data will be written.
    public var names: [String] { ordered.map(\.name) }

    /// Writes the file at `url` (replacing one that is there). A tensor whose values do not fill its
    /// shape is refused by name, and nothing is left at `url`.
    public func write(to url: URL) throws {
        let tensors = ordered
        let header = Self.header(tensors, metadata: metadata)
        let file = try StagedFile(url)
        try file.write(Self.littleEndian(UInt64(header.count)))
        try file.write(header)
        for tensor in tensors {
            let values = try tensor.values()
            let count = tensor.shape.reduce(1, *)
            guard values.count == count else {
                throw FileWriteError(
                    file: url.relativePath,
                    message: "tensor '\(tensor.name)' of shape \(tensor.shape) was given \(values.count) values, not \(count)")
            }
            try Self.encode(values, as: tensor.dtype, into: file)
        }
        try file.commit()
    }

    /// Widest element first, then by name: every offset is a multiple of the element size that follows it.
    private var ordered: [Pending] {
        pending.sorted { ($0.dtype.size, $1.name) > ($1.dtype.size, $0.name) }
    }

    static func header(_ tensors: [Pending], metadata: [String: String]) -> [UInt8] {
        var entries: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key < $1.key }.map { "\(JSONString.quoted($0.key)):\(JSONString.quoted($0.value))" }
            entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var offset = 0
        for tensor in tensors {
            let end = offset + tensor.shape.reduce(1, *) * tensor.dtype.size
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            entries.append(
                "\(JSONString.quoted(tensor.name)):{\"dtype\":\"\(tensor.dtype.rawValue)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}"
            )
            offset = end
        }
        var bytes = Array("{\(entries.joined(separator: ","))}".utf8)
        // The reference library pads with spaces so that the data section is 8-byte aligned in the file.
        while (8 + bytes.count) % 8 != 0 { bytes.append(0x20) }
        return bytes
    }

    /// Converts in slices, so a large tensor needs only a small buffer of bytes on top of its floats.
    static func encode(_ values: [Float], as dtype: SafetensorsDType, into file: StagedFile) throws {
        let slice = 1 << 16
        var bytes = [UInt8](repeating: 0, count: slice * dtype.size)
        var start = 0
        while start < values.count {
            let end = min(start + slice, values.count)
            bytes.withUnsafeMutableBytes { raw in
                for (index, value) in values[start..<end].enumerated() {
                    switch dtype {
                    case .f32: raw.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: index * 4, as: UInt32.self)
                    case .f16:
                        raw.storeBytes(
                            of: HalfPrecision.half(fromFloat: value).littleEndian, toByteOffset: index * 2, as: UInt16.self)
                    case .bf16:
                        raw.storeBytes(
                            of: HalfPrecision.bfloat16(fromFloat: value).littleEndian, toByteOffset: index * 2, as: UInt16.self)
                    case .f64: raw.storeBytes(of: Double(value).bitPattern.littleEndian, toByteOffset: index * 8, as: UInt64.self)
                    default: preconditionFailure("\(dtype.rawValue) does not hold floats")
                    }
                }
            }
            try bytes.withUnsafeBytes { try file.write(UnsafeRawBufferPointer(rebasing: $0[0..<((end - start) * dtype.size)])) }
            start = end
        }
    }

    static func littleEndian(_ value: UInt64) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }
}
