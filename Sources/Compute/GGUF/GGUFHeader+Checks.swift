extension GGUFHeader {
    static func checkVersion(_ version: UInt32, _ cursor: GGUFCursor) throws {
        switch version {
        case 2, 3:
            return
        case 1:
            throw cursor.error(
                .unsupportedVersion,
                "is GGUF version 1 (written before llama.cpp's August 2023 format change), which is not supported; "
                    + "convert the model again with a current llama.cpp")
        case _ where (2...3).contains(version.byteSwapped):
            throw cursor.error(
                .unsupportedVersion,
                "is a big-endian GGUF file (version \(version.byteSwapped)); only little-endian files are read")
        default:
            throw cursor.error(.unsupportedVersion, "is GGUF version \(version); only versions 2 and 3 are supported")
        }
    }

    /// `general.alignment`: an integer power of two, 32 when absent.
    static func alignment(_ metadata: [String: GGUFValue], _ cursor: GGUFCursor) throws -> Int {
        guard let value = metadata["general.alignment"] else { return defaultAlignment }
        guard let alignment = value.integer, alignment > 0, alignment & (alignment - 1) == 0, alignment <= 1 << 30 else {
            throw cursor.error(.badHeader, "'general.alignment' is \(value.summary), not a power of two")
        }
        return alignment
    }

    /// One tensor info, with its shape checked against its type's blocks and its offset against the alignment.
    /// Whether its bytes lie in the data section is checked once the section's start is known.
    static func tensorInfo(_ index: Int, _ cursor: inout GGUFCursor, alignment: Int) throws -> GGUFTensor {
        let name = try cursor.string("the name of tensor \(index)")
        let dimensionCount = try cursor.load(UInt32.self, "the dimension count of tensor '\(name)'")
        guard dimensionCount <= maximumDimensions else {
            throw cursor.error(
                .badTensor, "tensor '\(name)' has \(dimensionCount) dimensions; GGML allows at most \(maximumDimensions)")
        }
        var dimensions: [Int] = []
        for axis in 0..<Int(dimensionCount) {
            let raw = try cursor.load(Int64.self, "dimension \(axis) of tensor '\(name)'")
            guard raw >= 0, let dimension = Int(exactly: raw) else {
                throw cursor.error(.badTensor, "tensor '\(name)' has dimension \(axis) of \(raw)")
            }
            dimensions.append(dimension)
        }
        let typeID = try cursor.load(UInt32.self, "the type of tensor '\(name)'")
        guard let type = GGMLType(rawValue: typeID) else {
            throw cursor.error(
                .unknownTensorType,
                "tensor '\(name)' has GGML type id \(typeID), which is not a type GGML defines (or one newer than this reader)")
        }
        let rawOffset = try cursor.load(UInt64.self, "the offset of tensor '\(name)'")
        guard let offset = Int(exactly: rawOffset), offset % alignment == 0 else {
            throw cursor.error(
                .badTensor,
                "tensor '\(name)' starts at offset \(rawOffset), which is not a multiple of the alignment \(alignment)")
        }
        let byteCount = try byteCount(name, dimensions, type, cursor)
        let (end, overflow) = offset.addingReportingOverflow(byteCount)
        guard !overflow else { throw cursor.error(.badTensor, "tensor '\(name)' at offset \(offset) ends past any file") }
        return GGUFTensor(name: name, dimensions: dimensions, type: type, dataOffsets: offset..<end)
    }

    /// The bytes a tensor of `dimensions` takes in `type`: whole blocks along the innermost dimension, the
    /// product refusing overflow instead of trapping on it.
    private static func byteCount(_ name: String, _ dimensions: [Int], _ type: GGMLType, _ cursor: GGUFCursor) throws -> Int {
        let columns = dimensions.first ?? 1
        // rowBytes multiplies without checking; a corrupt dimension could overflow it.
        guard columns / type.blockElements <= Int.max / type.blockBytes else {
            throw cursor.error(.badTensor, "tensor '\(name)' has dimensions \(dimensions), too large to address")
        }
        guard let rowBytes = type.rowBytes(columns: columns) else {
            throw cursor.error(
                .badTensor,
                "tensor '\(name)' is \(type) with rows of \(columns) values, not a whole number of its \(type.blockElements)-value blocks"
            )
        }
        var count = rowBytes
        for dimension in dimensions.dropFirst() {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else {
                throw cursor.error(.badTensor, "tensor '\(name)' has dimensions \(dimensions), too large to address")
            }
            count = product
        }
        return count
    }

    /// No two tensors may share bytes: a file that claims so is corrupt, and reading it would alias weights.
    static func checkOverlaps(_ tensors: [GGUFTensor], _ cursor: GGUFCursor) throws {
        let ordered = tensors.filter { !$0.dataOffsets.isEmpty }.sorted { $0.dataOffsets.lowerBound < $1.dataOffsets.lowerBound }
        for (previous, tensor) in zip(ordered, ordered.dropFirst())
        where tensor.dataOffsets.lowerBound < previous.dataOffsets.upperBound {
            throw cursor.error(
                .badTensor,
                "tensor '\(tensor.name)' (bytes \(tensor.dataOffsets)) overlaps tensor '\(previous.name)' (bytes \(previous.dataOffsets))"
            )
        }
    }
}
