import Foundation

/// Collects vectors with their ids and metadata, then writes them as an index file (or builds an index
/// in memory). Vectors are normalized as they are added, so that cosine similarity is an inner product.
///
/// ```swift
/// var builder = try VectorIndexBuilder(dimension: 384)
/// try builder.add(vector: embedding, id: "doc-7#3", metadata: VectorMetadata(author: "ada", documentID: "doc-7"))
/// try builder.write(to: url, kind: .hnsw)
/// let index = try VectorIndex(contentsOf: url)
/// ```
public struct VectorIndexBuilder: Sendable {
    /// What errors about added vectors name in place of a file.
    static let label = "vector index builder"

    public let dimension: Int
    /// Unit vectors, row by row.
    private(set) var vectors: [Float] = []
    private(set) var ids: [String] = []
    /// Four codes per vector: author, platform, kind, document.
    private(set) var codes: [UInt32] = []
    private(set) var fields = [StringInterner](repeating: StringInterner(), count: VectorIndexFormat.metadataFields)

    /// Throws `invalidParameter` for a dimension below 1.
    public init(dimension: Int) throws {
        guard dimension >= 1 else {
            throw VectorIndexError(
                .invalidParameter, file: Self.label, message: "the dimension must be at least 1, not \(dimension)")
        }
        self.dimension = dimension
    }

    /// How many vectors have been added.
    public var count: Int { ids.count }

    /// Adds a vector, scaled to unit length. Throws `dimensionMismatch` for a vector of another length
    /// and `invalidVector` for one that has no direction (all zeros) or holds a NaN or an infinity.
    public mutating func add(vector: [Float], id: String, metadata: VectorMetadata = VectorMetadata()) throws {
        let unit = try Self.normalized(vector, dimension: dimension, what: "vector '\(id)'", file: Self.label)
        vectors.append(contentsOf: unit)
        ids.append(id)
        for (field, value) in [metadata.author, metadata.platform, metadata.kind, metadata.documentID].enumerated() {
            codes.append(fields[field].code(for: value))
        }
    }

    /// `vector` scaled to unit length, or an error naming `what` (a vector or a query) and `file`.
    static func normalized(_ vector: [Float], dimension: Int, what: String, file: String) throws -> [Float] {
        guard vector.count == dimension else {
            throw VectorIndexError(
                .dimensionMismatch, file: file, message: "\(what) has \(vector.count) dimensions, but the index has \(dimension)")
        }
        var squares: Double = 0
        for value in vector { squares += Double(value) * Double(value) }
        guard squares > 0, squares.isFinite else {
            throw VectorIndexError(
                .invalidVector, file: file, message: "\(what) cannot be normalized: it is all zeros or holds a NaN or an infinity"
            )
        }
        let scale = Float(1 / squares.squareRoot())
        return vector.map { $0 * scale }
    }

    /// Builds the index and writes it to `url`, replacing any file there. `threads` only speeds up
    /// building an HNSW graph; with one thread the graph is the same on every run.
    public func write(
        to url: URL, kind: VectorIndexKind, parameters: HNSWParameters = HNSWParameters(), threads: Int = 1
    ) throws {
        let bytes = try serialize(kind: kind, parameters: parameters, threads: threads)
        let data = Data(bytesNoCopy: bytes.start, count: bytes.count, deallocator: .none)
        do {
            // A sibling file renamed over the target: atomic like `.atomic`, without the temporary folder
            // Foundation on Linux creates for it and leaves behind.
            let partial = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
            try withExtendedLifetime(bytes) { try data.write(to: partial) }
            if rename(partial.path, url.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: partial)
                throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: reason])
            }
        } catch {
            throw VectorIndexError(
                .unreadable, file: url.relativePath, message: "cannot be written: \(error.localizedDescription)")
        }
    }

    /// Builds the index in memory, exactly as `write` followed by `VectorIndex(contentsOf:)` would.
    public func build(kind: VectorIndexKind, parameters: HNSWParameters = HNSWParameters(), threads: Int = 1) throws
        -> VectorIndex
    {
        try VectorIndex(storage: serialize(kind: kind, parameters: parameters, threads: threads), path: "in-memory index")
    }
}
