/// Parses and checks everything in a GGUF file before its data section: magic, version, metadata, tensor
/// infos, and each tensor's bytes against the data section that follows.
enum GGUFHeader {
    struct Parsed {
        var version: Int
        var metadataKeys: [String]
        var metadata: [String: GGUFValue]
        var tensors: [GGUFTensor]
        var alignment: Int
        var dataStart: Int
    }

    /// `GGUF` read as a little-endian uint32.
    static let magic: UInt32 = 0x4655_4747
    static let defaultAlignment = 32
    /// GGML tensors have at most four dimensions (`GGML_MAX_DIMS`).
    static let maximumDimensions = 4
    /// The fewest bytes a key-value pair takes (an empty key, a type, a one-byte value) and a tensor info
    /// takes (an empty name, the dimension count, the type, the offset), for checking counts against the file.
    static let minimumPairSize = 8 + 4 + 1
    static let minimumTensorInfoSize = 8 + 4 + 4 + 8

    static func parse(_ bytes: UnsafeRawBufferPointer, file: String) throws -> Parsed {
        var cursor = GGUFCursor(bytes: bytes, file: file)
        guard bytes.count >= 4 else {
            throw cursor.error(.truncated, "the file is \(bytes.count) bytes long, too short for the GGUF magic")
        }
        let magic = try cursor.load(UInt32.self, "the magic")
        guard magic == Self.magic else {
            let shown = (0..<4).map { bytes[$0] }.map { (32..<127).contains($0) ? String(UnicodeScalar($0)) : "." }.joined()
            throw cursor.error(.badMagic, "starts with \"\(shown)\", not the magic \"GGUF\" (is this a GGUF file?)")
        }
        let version = try cursor.load(UInt32.self, "the version")
        try checkVersion(version, cursor)
        let tensorCount = try cursor.count("the tensor count", minimumSize: minimumTensorInfoSize)
        let pairCount = try cursor.count("the metadata count", minimumSize: minimumPairSize)

        var keys: [String] = []
        var metadata: [String: GGUFValue] = [:]
        // Capped: a count is only known to fit the file, and a large file could still claim millions.
        keys.reserveCapacity(min(pairCount, 1024))
        for index in 0..<pairCount {
            let key = try cursor.string("the key of metadata entry \(index)")
            let type = try cursor.valueType("metadata '\(key)'")
            let value = try cursor.value(type, "metadata '\(key)'")
            guard metadata.updateValue(value, forKey: key) == nil else {
                throw cursor.error(.badHeader, "metadata key '\(key)' appears more than once")
            }
            keys.append(key)
        }
        let alignment = try self.alignment(metadata, cursor)

        var tensors: [GGUFTensor] = []
        var names: Set<String> = []
        tensors.reserveCapacity(min(tensorCount, 65536))
        for index in 0..<tensorCount {
            let tensor = try tensorInfo(index, &cursor, alignment: alignment)
            guard names.insert(tensor.name).inserted else {
                throw cursor.error(.badHeader, "tensor '\(tensor.name)' appears more than once")
            }
            tensors.append(tensor)
        }
        cursor.align(to: alignment)
        let dataStart = cursor.position
        let dataSize = dataStart < bytes.count ? bytes.count - dataStart : 0
        if tensorCount > 0, dataStart > bytes.count {
            throw cursor.error(
                .truncated, "the file ends at byte \(bytes.count), before its data section (which starts at byte \(dataStart))")
        }
        for tensor in tensors where tensor.dataOffsets.upperBound > dataSize {
            throw cursor.error(
                .truncated,
                "tensor '\(tensor.name)' takes bytes \(tensor.dataOffsets) of the data section, which has only "
                    + "\(dataSize) bytes (the file is truncated or its header is wrong)")
        }
        try checkOverlaps(tensors, cursor)
        return Parsed(
            version: Int(version), metadataKeys: keys, metadata: metadata, tensors: tensors, alignment: alignment,
            dataStart: dataStart)
    }
}
