/// Laying the builder's contents out in the index file format (see `VectorIndexFormat`), building the
/// HNSW graph in place in the link sections.
extension VectorIndexBuilder {
    func serialize(kind: VectorIndexKind, parameters: HNSWParameters, threads: Int) throws -> OwnedBytes {
        let hnsw = kind == .hnsw
        if hnsw { try parameters.validate(file: Self.label) }
        let n = count
        let levels = hnsw ? HNSWConstruction.drawLevels(count: n, m: parameters.m, seed: parameters.seed) : []
        var upperOffsets: [UInt32] = []
        var blocks = 0
        for level in levels {
            upperOffsets.append(UInt32(truncatingIfNeeded: blocks))
            blocks += Int(level)
        }
        guard n < Int(UInt32.max), blocks < Int(UInt32.max) else {
            throw VectorIndexError(.invalidParameter, file: Self.label, message: "\(n) vectors are more than an index holds")
        }
        let tables = [ids] + fields.map(\.strings)
        let word = MemoryLayout<UInt32>.size
        var lengths = Array(repeating: 0, count: VectorIndexSection.allCases.count)
        lengths[VectorIndexSection.vectors.rawValue] = vectors.count * MemoryLayout<Float>.size
        lengths[VectorIndexSection.metadataCodes.rawValue] = codes.count * word
        for (table, section) in zip(tables, [VectorIndexSection.ids] + VectorIndexSection.metadataTables) {
            lengths[section.rawValue] = StringTable.encodedSize(table)
        }
        if hnsw {
            lengths[VectorIndexSection.levels.rawValue] = n
            lengths[VectorIndexSection.upperOffsets.rawValue] = n * word
            lengths[VectorIndexSection.layer0Links.rawValue] = n * (parameters.m0 + 1) * word
            lengths[VectorIndexSection.upperLinks.rawValue] = blocks * (parameters.m + 1) * word
        }
        let (ranges, size) = VectorIndexFormat.place(lengths: lengths)
        let bytes = OwnedBytes(count: size)
        func start(_ section: VectorIndexSection) -> UnsafeMutableRawPointer { bytes.start + ranges[section.rawValue].lowerBound }

        // The supported platforms are all little-endian, so floats and words are copied as they are.
        func copy<Element>(_ array: [Element], to section: VectorIndexSection) {
            array.withUnsafeBytes { source in
                if let base = source.baseAddress { start(section).copyMemory(from: base, byteCount: source.count) }
            }
        }
        copy(vectors, to: .vectors)
        copy(codes, to: .metadataCodes)
        for (table, section) in zip(tables, [VectorIndexSection.ids] + VectorIndexSection.metadataTables) {
            StringTable.encode(table, into: start(section))
        }
        var header = VectorIndexHeader(
            kind: kind, dimension: dimension, count: n, parameters: parameters, maxLevel: 0,
            entryPoint: VectorIndexFormat.noEntryPoint, sections: ranges)
        if hnsw {
            copy(levels, to: .levels)
            copy(upperOffsets, to: .upperOffsets)
            let layout = HNSWLayout(
                vectors: UnsafePointer(start(.vectors).assumingMemoryBound(to: Float.self)), dimension: dimension,
                count: n, m: parameters.m, levels: UnsafePointer(start(.levels).assumingMemoryBound(to: UInt8.self)),
                upperOffsets: UnsafePointer(start(.upperOffsets).assumingMemoryBound(to: UInt32.self)),
                layer0: start(.layer0Links).assumingMemoryBound(to: UInt32.self),
                upperLinks: start(.upperLinks).assumingMemoryBound(to: UInt32.self))
            let construction = HNSWConstruction(layout: layout, efConstruction: parameters.efConstruction, threads: threads)
            construction.build(threads: threads)
            if construction.entryPoint >= 0 {
                header.entryPoint = UInt64(construction.entryPoint)
                header.maxLevel = construction.maxLevel
            }
        }
        header.write(to: bytes.start)
        return bytes
    }
}
