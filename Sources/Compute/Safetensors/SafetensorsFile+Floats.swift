/// Reading tensors as `Float`, the element type the encoder computes in.
extension SafetensorsFile {
    /// The elements of tensor `name` in row-major order, widened to `Float` from F32, F16, BF16 or F64.
    ///
    /// With `shape`, the tensor's shape must equal it exactly (`.shapeMismatch` otherwise), so a weight of
    /// the wrong size is reported by name instead of being misread. Other dtypes throw `.unsupportedDType`.
    public func floats(_ name: String, shape expected: [Int]? = nil) throws -> [Float] {
        let tensor = try tensor(name)
        if let expected, tensor.shape != expected {
            throw SafetensorsError(
                .shapeMismatch, file: path, message: "tensor '\(name)' has shape \(tensor.shape), expected \(expected)")
        }
        guard tensor.dtype.convertsToFloat else {
            throw SafetensorsError(
                .unsupportedDType, file: path,
                message: "tensor '\(name)' has dtype \(tensor.dtype.rawValue); only F32, F16, BF16 and F64 read as Float")
        }
        let count = tensor.elementCount
        return withUnsafeBytes(of: tensor) { raw in
            [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                switch tensor.dtype {
                case .f32:
                    // The data section need not be 4-byte aligned, so copy bytes rather than rebind memory.
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw)
                    #if _endian(big)
                        for i in 0..<count { buffer[i] = Float(bitPattern: UInt32(littleEndian: buffer[i].bitPattern)) }
                    #endif
                case .f16:
                    for i in 0..<count {
                        let bits = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self))
                        buffer[i] = HalfPrecision.float(fromHalf: bits)
                    }
                case .bf16:
                    for i in 0..<count {
                        let bits = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self))
                        buffer[i] = HalfPrecision.float(fromBFloat16: bits)
                    }
                case .f64:
                    for i in 0..<count {
                        let bits = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
                        buffer[i] = Float(Double(bitPattern: bits))
                    }
                default:
                    preconditionFailure("convertsToFloat admitted \(tensor.dtype)")
                }
                initialized = count
            }
        }
    }
}
