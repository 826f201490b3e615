/// The sections of an index file, checked against each other and against the file so that no later read
/// can leave them: every metadata code names a string, every neighbour a vector, every count fits its
/// list. Checking costs one pass over the codes and links when the file is opened.
struct VectorIndexContents {
    let header: VectorIndexHeader
    let vectors: UnsafePointer<Float>
    let codes: UnsafePointer<UInt32>
    let ids: StringTable
    let fieldValues: [[String]]
    let graph: HNSWLayout?

    init(_ bytes: UnsafeRawBufferPointer, file: String) throws {
        let header = try VectorIndexHeader.read(bytes, file: file)
        self.header = header
        func fail(_ message: String) -> VectorIndexError { VectorIndexError(.malformed, file: file, message: message) }
        func section(_ section: VectorIndexSection) -> UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(rebasing: bytes[header.sections[section.rawValue]])
        }
        func expect(_ section: VectorIndexSection, length: Int) throws {
            let actual = header.sections[section.rawValue].count
            guard actual == length else {
                throw fail("the \(section.name) section is \(actual) bytes long, but \(header.count) vectors need \(length)")
            }
        }
        // Sections are 64-byte aligned within the file and the file starts on a page, so words and floats
        // are aligned where they lie.
        func words<T>(_ wanted: VectorIndexSection, as type: T.Type) -> UnsafePointer<T> {
            UnsafePointer(section(wanted).baseAddress!.assumingMemoryBound(to: T.self))
        }
        let n = header.count
        let fields = VectorIndexFormat.metadataFields
        try expect(.vectors, length: n * header.dimension * 4)
        try expect(.metadataCodes, length: n * fields * 4)
        vectors = words(.vectors, as: Float.self)
        codes = words(.metadataCodes, as: UInt32.self)
        ids = try StringTable(section(.ids), name: "ids", file: file)
        guard ids.count == n else { throw fail("the ids table holds \(ids.count) ids for \(n) vectors") }
        fieldValues = try VectorIndexSection.metadataTables.map {
            try StringTable(section($0), name: $0.name, file: file).strings()
        }
        for position in 0..<n {
            for field in 0..<fields where Int(codes[position * fields + field]) >= fieldValues[field].count {
                throw fail(
                    "vector \(position) has \(VectorIndexSection.metadataTables[field].name) code \(codes[position * fields + field]), past the table's \(fieldValues[field].count) entries"
                )
            }
        }
        guard header.kind == .hnsw else {
            let graphSections: [VectorIndexSection] = [.levels, .upperOffsets, .layer0Links, .upperLinks]
            for graphSection in graphSections where !header.sections[graphSection.rawValue].isEmpty {
                throw fail("an exact index has a non-empty \(graphSection.name) section")
            }
            graph = nil
            return
        }
        graph = try Self.checkedGraph(header: header, vectors: vectors, section: section, file: file)
    }

    private static func checkedGraph(
        header: VectorIndexHeader, vectors: UnsafePointer<Float>, section: (VectorIndexSection) -> UnsafeRawBufferPointer,
        file: String
    ) throws -> HNSWLayout {
        func fail(_ message: String) -> VectorIndexError { VectorIndexError(.malformed, file: file, message: message) }
        let n = header.count
        let m = header.parameters.m
        let blockWords = m + 1
        let upperBytes = section(.upperLinks).count
        let expected: [(VectorIndexSection, Int)] = [(.levels, n), (.upperOffsets, n * 4), (.layer0Links, n * (2 * m + 1) * 4)]
        for (graphSection, length) in expected where section(graphSection).count != length {
            throw fail(
                "the \(graphSection.name) section is \(section(graphSection).count) bytes long, but \(n) vectors need \(length)")
        }
        guard upperBytes.isMultiple(of: blockWords * 4) else {
            throw fail("the upper links section is \(upperBytes) bytes long, not a whole number of \(blockWords * 4)-byte blocks")
        }
        func pointer<T>(_ graphSection: VectorIndexSection, _ type: T.Type) -> UnsafeMutablePointer<T> {
            // Never written through: a loaded graph is only searched.
            UnsafeMutablePointer(
                mutating: (section(graphSection).baseAddress ?? UnsafeRawPointer(vectors)).assumingMemoryBound(to: T.self))
        }
        let layout = HNSWLayout(
            vectors: vectors, dimension: header.dimension, count: n, m: m, levels: pointer(.levels, UInt8.self),
            upperOffsets: pointer(.upperOffsets, UInt32.self), layer0: pointer(.layer0Links, UInt32.self),
            upperLinks: pointer(.upperLinks, UInt32.self))
        if n == 0 {
            guard header.entryPoint == VectorIndexFormat.noEntryPoint else { throw fail("an empty graph has an entry point") }
            return layout
        }
        guard header.entryPoint < UInt64(n), layout.level(of: Int(header.entryPoint)) == header.maxLevel else {
            throw fail("the entry point \(header.entryPoint) is not a node on the graph's top layer \(header.maxLevel)")
        }
        let blocks = upperBytes / (blockWords * 4)
        for node in 0..<n {
            let level = layout.level(of: node)
            guard level <= header.maxLevel else {
                throw fail("node \(node) is on layer \(level), above the graph's top layer \(header.maxLevel)")
            }
            guard level == 0 || Int(layout.upperOffsets[node]) + level <= blocks else {
                throw fail(
                    "node \(node)'s links on layers 1...\(level) start at block \(layout.upperOffsets[node]), past the \(blocks) blocks"
                )
            }
            for layer in 0...level {
                let list = layout.links(node, level: layer)
                guard Int(list[0]) <= layout.capacity(level: layer) else {
                    throw fail(
                        "node \(node) has \(list[0]) neighbours on layer \(layer), more than its \(layout.capacity(level: layer))"
                    )
                }
                for index in 0..<Int(list[0]) {
                    let neighbor = Int(list[1 + index])
                    guard neighbor < n else {
                        throw fail("node \(node) has neighbour \(neighbor) on layer \(layer), past the last vector")
                    }
                    guard layout.level(of: neighbor) >= layer else {
                        throw fail("node \(node) has neighbour \(neighbor) on layer \(layer), which is not on that layer")
                    }
                }
            }
        }
        return layout
    }
}
