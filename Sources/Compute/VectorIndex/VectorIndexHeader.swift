/// The fixed fields at the start of an index file (see `VectorIndexFormat`).
struct VectorIndexHeader: Equatable {
    var kind: VectorIndexKind
    var dimension: Int
    var count: Int
    var parameters: HNSWParameters
    var maxLevel: Int
    var entryPoint: UInt64
    /// Byte ranges of the sections, in `VectorIndexSection` order.
    var sections: [Range<Int>]

    func write(to start: UnsafeMutableRawPointer) {
        for (index, byte) in VectorIndexFormat.magic.enumerated() {
            start.storeBytes(of: byte, toByteOffset: index, as: UInt8.self)
        }
        func put32(_ value: Int, _ offset: Int) {
            start.storeBytes(of: UInt32(value).littleEndian, toByteOffset: offset, as: UInt32.self)
        }
        func put64(_ value: UInt64, _ offset: Int) {
            start.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt64.self)
        }
        put32(Int(VectorIndexFormat.version), 8)
        put32(Int(kind.code), 12)
        put32(dimension, 16)
        put32(sections.count, 20)
        put64(UInt64(count), 24)
        let hnsw = kind == .hnsw
        put32(hnsw ? parameters.m : 0, 32)
        put32(hnsw ? parameters.efConstruction : 0, 36)
        put32(hnsw ? parameters.efSearch : 0, 40)
        put32(maxLevel, 44)
        put64(entryPoint, 48)
        put64(hnsw ? parameters.seed : 0, 56)
        for (index, range) in sections.enumerated() {
            put64(UInt64(range.lowerBound), VectorIndexFormat.headerSize + 16 * index)
            put64(UInt64(range.count), VectorIndexFormat.headerSize + 16 * index + 8)
        }
    }

    /// Reads and checks the header of `bytes`: magic, version, kind, and a section table that stays
    /// inside the file. Section contents are checked by `VectorIndexContents`.
    static func read(_ bytes: UnsafeRawBufferPointer, file: String) throws -> VectorIndexHeader {
        func fail(_ kind: VectorIndexError.Kind, _ message: String) -> VectorIndexError {
            VectorIndexError(kind, file: file, message: message)
        }
        guard bytes.count > 0 else { throw fail(.truncated, "the file is empty") }
        let magic = VectorIndexFormat.magic
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw fail(.notAnIndex, "does not start with the vector index magic bytes 'ORCVIDX' (\(bytes.count)-byte file)")
        }
        guard bytes.count >= VectorIndexFormat.headerSize else {
            throw fail(
                .truncated, "the file is \(bytes.count) bytes long, shorter than the \(VectorIndexFormat.headerSize)-byte header")
        }
        func get32(_ offset: Int) -> UInt32 { UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
        func get64(_ offset: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
        let version = get32(8)
        guard version == VectorIndexFormat.version else {
            throw fail(
                .unsupportedVersion, "format version \(version), but this build reads version \(VectorIndexFormat.version) only")
        }
        guard let kind = VectorIndexKind(code: get32(12)) else { throw fail(.malformed, "unknown index kind \(get32(12))") }
        let dimension = Int(get32(16))
        guard dimension >= 1 else { throw fail(.malformed, "the dimension is 0") }
        let sectionCount = Int(get32(20))
        guard sectionCount == VectorIndexSection.allCases.count else {
            throw fail(.malformed, "the header lists \(sectionCount) sections, not \(VectorIndexSection.allCases.count)")
        }
        let count = get64(24)
        // Every vector takes at least 4 × dimension bytes, so a larger count cannot be real.
        guard count <= UInt64(bytes.count / (4 * dimension)) else {
            throw fail(
                .truncated,
                "the header says \(count) vectors of dimension \(dimension), more than the \(bytes.count)-byte file holds")
        }
        let parameters = HNSWParameters(
            m: Int(get32(32)), efConstruction: Int(get32(36)), efSearch: Int(get32(40)), seed: get64(56))
        if kind == .hnsw { try parameters.validate(file: file) }
        let tableEnd = VectorIndexFormat.headerSize + VectorIndexFormat.sectionTableSize
        guard bytes.count >= tableEnd else {
            throw fail(
                .truncated, "the file is \(bytes.count) bytes long, shorter than its \(tableEnd)-byte header and section table")
        }
        var sections: [Range<Int>] = []
        for section in VectorIndexSection.allCases {
            let offset = get64(VectorIndexFormat.headerSize + 16 * section.rawValue)
            let length = get64(VectorIndexFormat.headerSize + 16 * section.rawValue + 8)
            guard offset.isMultiple(of: UInt64(VectorIndexFormat.sectionAlignment)), offset >= UInt64(tableEnd) else {
                throw fail(
                    .malformed, "the \(section.name) section starts at byte \(offset), not a multiple of 64 after the header")
            }
            let (end, overflow) = offset.addingReportingOverflow(length)
            guard !overflow, end <= UInt64(bytes.count) else {
                throw fail(
                    .truncated,
                    "the \(section.name) section ends at byte \(offset &+ length), past the end of the \(bytes.count)-byte file")
            }
            sections.append(Int(offset)..<Int(end))
        }
        return VectorIndexHeader(
            kind: kind, dimension: dimension, count: Int(count), parameters: parameters, maxLevel: Int(get32(44)),
            entryPoint: get64(48), sections: sections)
    }
}
