/// The vector index file format, version 1. All numbers are little-endian.
///
/// ```
/// offset  size  field
///      0     8  magic "ORCVIDX\0"
///      8     4  version (1)
///     12     4  kind: 0 exact, 1 hnsw
///     16     4  dimension, at least 1
///     20     4  section count (11)
///     24     8  vector count n
///     32     4  M            (hnsw; 0 for exact)
///     36     4  efConstruction
///     40     4  efSearch
///     44     4  top layer of the graph
///     48     8  entry point node (hnsw with n > 0), else 2^64 - 1
///     56     8  seed the layers were drawn with
///     64   176  section table: 11 × (offset u64, length u64), in the order of `VectorIndexSection`
/// ```
///
/// Sections start at multiples of 64 bytes, so floats and words can be read in place from a mapping:
///
/// - vectors: n × dimension float32, unit length, row by row.
/// - metadata codes: n × 4 uint32 (author, platform, kind, document), indices into the string tables.
/// - ids, authors, platforms, kinds, documents: string tables, each a u64 count c, then c + 1 u64 byte
///   offsets (the first 0, never decreasing), then the UTF-8 bytes they delimit. The ids table has n
///   entries, one per vector; the others hold each distinct value once.
/// - levels: n × uint8, each node's top layer (hnsw; empty for exact).
/// - upper offsets: n × uint32, the first layer-1 block of each node in the upper links.
/// - layer 0 links: n × (2M + 1) uint32, a neighbour count then the neighbours' positions.
/// - upper links: one block of M + 1 uint32 (count, neighbours) per node per layer above 0, each node's
///   blocks consecutive, layer 1 first.
///
/// A reader checks every count, offset, code and neighbour against the file before it is used, so a
/// damaged file is refused when opened instead of crashing a search.
enum VectorIndexFormat {
    static let magic: [UInt8] = Array("ORCVIDX\0".utf8)
    static let version: UInt32 = 1
    static let headerSize = 64
    static let sectionAlignment = 64
    /// The four metadata fields, in code order.
    static let metadataFields = 4
    static let noEntryPoint = UInt64.max

    static var sectionTableSize: Int { VectorIndexSection.allCases.count * 16 }

    /// Where the first section may start.
    static var firstSectionOffset: Int { aligned(headerSize + sectionTableSize) }

    static func aligned(_ offset: Int) -> Int {
        (offset + sectionAlignment - 1) / sectionAlignment * sectionAlignment
    }

    /// Places sections of the given lengths one after the other, each aligned; returns their ranges and
    /// the file's size.
    static func place(lengths: [Int]) -> (ranges: [Range<Int>], size: Int) {
        var offset = firstSectionOffset
        var ranges: [Range<Int>] = []
        for length in lengths {
            ranges.append(offset..<offset + length)
            offset = aligned(offset + length)
        }
        return (ranges, ranges.last.map { $0.upperBound } ?? offset)
    }
}

/// The sections of an index file, in the order of its section table.
enum VectorIndexSection: Int, CaseIterable {
    case vectors, metadataCodes, ids, authors, platforms, kinds, documents, levels, upperOffsets, layer0Links,
        upperLinks

    /// The section's name in error messages.
    var name: String {
        switch self {
        case .vectors: "vectors"
        case .metadataCodes: "metadata codes"
        case .ids: "ids"
        case .authors: "authors"
        case .platforms: "platforms"
        case .kinds: "kinds"
        case .documents: "documents"
        case .levels: "levels"
        case .upperOffsets: "upper offsets"
        case .layer0Links: "layer 0 links"
        case .upperLinks: "upper links"
        }
    }

    /// The string tables of the metadata fields, in code order.
    static let metadataTables: [VectorIndexSection] = [.authors, .platforms, .kinds, .documents]
}
