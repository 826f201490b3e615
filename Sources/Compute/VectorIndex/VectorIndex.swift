import Foundation

/// A searchable set of unit vectors with ids and metadata, read from an index file (see
/// `VectorIndexFormat`) that stays memory-mapped: opening checks the whole file but copies only the
/// small metadata tables, and searches read vectors and links where they lie.
///
/// Safe to search from several threads at once.
public final class VectorIndex: @unchecked Sendable {
    // Every stored property is immutable; the pointers point into `storage`, which this object keeps
    // alive, and are only read. The scratch pool has its own lock.

    /// The path as given (relative if the URL was), used in every error message.
    public let path: String
    public let kind: VectorIndexKind
    public let dimension: Int
    /// How many vectors the index holds.
    public let count: Int
    /// The graph's parameters (for an exact index, the defaults; they do not apply).
    public let parameters: HNSWParameters

    let storage: any ByteStorage
    let vectors: UnsafePointer<Float>
    /// Four codes per vector: author, platform, kind, document.
    let codes: UnsafePointer<UInt32>
    let ids: StringTable
    /// Each metadata field's distinct values, indexed by code.
    let fieldValues: [[String]]
    /// Each metadata field's codes by value, for resolving filters.
    let fieldCodes: [[String: UInt32]]
    /// The graph, for an HNSW index.
    let graph: HNSWLayout?
    let entryPoint: Int
    let maxLevel: Int
    let scratchPool: HNSWScratchPool

    /// Maps and checks the index file at `url`. Throws `VectorIndexError` naming the file when it cannot
    /// be read, is not an index, has another format version, or is truncated or inconsistent anywhere.
    public convenience init(contentsOf url: URL) throws {
        let path = url.relativePath
        let mapping = try MappedFile(url) { VectorIndexError(.unreadable, file: path, message: $0) }
        try self.init(storage: mapping, path: path)
    }

    init(storage: any ByteStorage, path: String) throws {
        self.storage = storage
        self.path = path
        let contents = try VectorIndexContents(storage.bytes, file: path)
        kind = contents.header.kind
        dimension = contents.header.dimension
        count = contents.header.count
        parameters = contents.header.kind == .hnsw ? contents.header.parameters : HNSWParameters()
        vectors = contents.vectors
        codes = contents.codes
        ids = contents.ids
        fieldValues = contents.fieldValues
        fieldCodes = contents.fieldValues.map { values in
            Dictionary(values.enumerated().map { ($0.element, UInt32($0.offset)) }, uniquingKeysWith: { first, _ in first })
        }
        graph = contents.graph
        entryPoint = Int(truncatingIfNeeded: contents.header.entryPoint)
        maxLevel = contents.header.maxLevel
        scratchPool = HNSWScratchPool(count: count, width: contents.graph?.m0 ?? 0)
    }

    /// The id of the vector at `position` (in 0..<count).
    public func id(at position: Int) -> String {
        precondition((0..<count).contains(position), "position \(position) is outside 0..<\(count)")
        return ids.string(at: position)
    }

    /// The metadata of the vector at `position` (in 0..<count).
    public func metadata(at position: Int) -> VectorMetadata {
        precondition((0..<count).contains(position), "position \(position) is outside 0..<\(count)")
        func value(_ field: Int) -> String { fieldValues[field][Int(codes[position * VectorIndexFormat.metadataFields + field])] }
        return VectorMetadata(author: value(0), platform: value(1), kind: value(2), documentID: value(3))
    }

    /// The stored (unit-length) vector at `position` (in 0..<count).
    public func vector(at position: Int) -> [Float] {
        precondition((0..<count).contains(position), "position \(position) is outside 0..<\(count)")
        return Array(UnsafeBufferPointer(start: vectors + position * dimension, count: dimension))
    }

    func hit(position: Int, score: Float) -> VectorSearchHit {
        VectorSearchHit(position: position, id: id(at: position), score: score, metadata: metadata(at: position))
    }
}
