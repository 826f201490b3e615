import Foundation

/// A `.gguf` file (llama.cpp's and Ollama's format, versions 2 and 3), memory-mapped and checked when opened.
///
/// The file is the magic `GGUF`, a version, the tensor and metadata counts, the metadata as typed key-value
/// pairs, one info per tensor (name, dimensions, GGML type, offset), then, at the next multiple of
/// `general.alignment`, the data section. Opening reads and checks the whole header against the file's size
/// and each type's block geometry, so every later read is in bounds; reading a tensor copies only its bytes.
/// Tensors of any type GGML defines are accepted here; whether a type can be computed is the loader's call.
public struct GGUFFile: Sendable {
    /// The path as given (relative if the URL was), used in every error message.
    public let path: String
    /// 2 or 3: the same layout (version 3 added big-endian files, which are refused).
    public let version: Int
    /// The metadata keys in file order.
    public let metadataKeys: [String]
    public let metadata: [String: GGUFValue]
    /// The tensors in file order.
    public let tensors: [GGUFTensor]
    /// `general.alignment`, or 32 when absent: the data section and every tensor's offset are multiples of it.
    public let alignment: Int

    private let storage: any ByteStorage
    private let dataStart: Int
    private let index: [String: Int]

    /// Maps and validates the file at `url`; throws `GGUFError` naming the file for anything that does not
    /// match the format.
    public init(contentsOf url: URL) throws {
        let path = url.relativePath
        let mapping = try MappedFile(url) { GGUFError(.unreadable, file: path, message: $0) }
        try self.init(storage: mapping, path: path)
    }

    /// Parses GGUF bytes held in memory; `path` names them in errors.
    public init(bytes: [UInt8], path: String = "<memory>") throws {
        let owned = OwnedBytes(count: bytes.count)
        bytes.withUnsafeBytes { owned.start.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        try self.init(storage: owned, path: path)
    }

    private init(storage: any ByteStorage, path: String) throws {
        self.path = path
        self.storage = storage
        let header = try GGUFHeader.parse(storage.bytes, file: path)
        version = header.version
        metadataKeys = header.metadataKeys
        metadata = header.metadata
        tensors = header.tensors
        alignment = header.alignment
        dataStart = header.dataStart
        index = Dictionary(uniqueKeysWithValues: header.tensors.enumerated().map { ($0.element.name, $0.offset) })
    }

    /// The tensor names in file order.
    public var names: [String] { tensors.map(\.name) }

    public func tensorIfPresent(_ name: String) -> GGUFTensor? {
        index[name].map { tensors[$0] }
    }

    /// The info of the tensor called `name`; throws `.missingTensor` naming it when there is none.
    public func tensor(_ name: String) throws -> GGUFTensor {
        guard let tensor = tensorIfPresent(name) else {
            throw GGUFError(.missingTensor, file: path, message: "no tensor named '\(name)'")
        }
        return tensor
    }

    /// Calls `body` with the raw bytes of a tensor, straight from the mapping (no copy). The buffer is
    /// valid only inside `body`.
    public func withUnsafeBytes<Result>(of tensor: GGUFTensor, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows
        -> Result
    {
        let range = (dataStart + tensor.dataOffsets.lowerBound)..<(dataStart + tensor.dataOffsets.upperBound)
        return try body(UnsafeRawBufferPointer(rebasing: storage.bytes[range]))
    }

    /// Drops the mapped pages from resident memory once the tensors have been copied out (see `MappedFile`).
    public func releaseResidentPages() { (storage as? MappedFile)?.releaseResidentPages() }
}
