import Foundation

/// A `.safetensors` file, memory-mapped and checked when opened.
///
/// The format is an 8-byte little-endian header length, a JSON header (tensor name → dtype, shape and
/// byte offsets into the data section, plus an optional `__metadata__` object of strings), then the data
/// section. Opening validates the whole header against the file's size, so every later read is in bounds;
/// reading a tensor copies only that tensor's bytes out of the mapping.
public struct SafetensorsFile: Sendable {
    /// The path as given (relative if the URL was), used in every error message.
    public let path: String
    /// The tensors in data-section order.
    public let tensors: [SafetensorsTensor]
    /// The header's `__metadata__` object (empty when absent).
    public let metadata: [String: String]

    private let mapping: MappedFile
    private let dataStart: Int
    private let index: [String: Int]

    /// Maps and validates the file at `url`. Throws `SafetensorsError` naming the file for anything that
    /// does not match the format: too short, a header length past the end, bad JSON, an unknown dtype,
    /// offsets outside the data section, overlapping or leaving holes, or a byte count that differs from
    /// the shape times the dtype's size.
    public init(contentsOf url: URL) throws {
        let path = url.relativePath
        self.path = path
        mapping = try MappedFile(url, displayPath: path)
        let bytes = mapping.bytes
        guard bytes.count >= 8 else {
            throw SafetensorsError(
                .truncated, file: path,
                message:
                    "the file is \(bytes.count) bytes long, too short for the 8-byte header length a safetensors file starts with"
            )
        }
        let declared = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
        guard declared <= UInt64(SafetensorsHeader.maximumLength) else {
            throw SafetensorsError(
                .badHeader, file: path,
                message:
                    "the header length is \(declared) bytes, over the \(SafetensorsHeader.maximumLength)-byte limit (is this a safetensors file?)"
            )
        }
        let headerLength = Int(declared)
        guard 8 + headerLength <= bytes.count else {
            throw SafetensorsError(
                .truncated, file: path,
                message:
                    "the header length says \(headerLength) bytes, but only \(bytes.count - 8) bytes follow it (the file is truncated)"
            )
        }
        dataStart = 8 + headerLength
        let header = Data(bytes[8..<dataStart])
        let parsed = try SafetensorsHeader.parse(header, dataSize: bytes.count - dataStart, file: path)
        tensors = parsed.tensors
        metadata = parsed.metadata
        index = Dictionary(uniqueKeysWithValues: parsed.tensors.enumerated().map { ($0.element.name, $0.offset) })
    }

    /// The tensor names in data-section order.
    public var names: [String] { tensors.map(\.name) }

    /// The entry of the tensor called `name`, or nil.
    public func tensorIfPresent(_ name: String) -> SafetensorsTensor? {
        index[name].map { tensors[$0] }
    }

    /// The entry of the tensor called `name`; throws `.missingTensor` naming it when there is none.
    public func tensor(_ name: String) throws -> SafetensorsTensor {
        guard let tensor = tensorIfPresent(name) else {
            throw SafetensorsError(.missingTensor, file: path, message: "no tensor named '\(name)'")
        }
        return tensor
    }

    /// Calls `body` with the raw little-endian bytes of a tensor, straight from the mapping (no copy).
    /// The buffer is valid only inside `body`.
    public func withUnsafeBytes<Result>(of tensor: SafetensorsTensor, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows
        -> Result
    {
        let range = (dataStart + tensor.dataOffsets.lowerBound)..<(dataStart + tensor.dataOffsets.upperBound)
        return try body(UnsafeRawBufferPointer(rebasing: mapping.bytes[range]))
    }

    /// Drops the mapped pages from resident memory once the tensors have been copied out (see `MappedFile`).
    public func releaseResidentPages() { mapping.releaseResidentPages() }
}
