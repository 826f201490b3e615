import Foundation

/// Parses and checks the JSON header of a safetensors file against the size of its data section.
///
/// The checks are the ones the reference `safetensors` library makes, so a file it refuses is refused here
/// too, with a message that says which tensor is at fault instead of a crash or a silent misread later.
enum SafetensorsHeader {
    /// The reference library's limit; a larger "header" means the file is not a safetensors file.
    static let maximumLength = 100_000_000

    struct Parsed {
        var tensors: [SafetensorsTensor]
        var metadata: [String: String]
    }

    static func parse(_ json: Data, dataSize: Int, file: String) throws -> Parsed {
        func fail(_ kind: SafetensorsError.Kind, _ message: String) -> SafetensorsError {
            SafetensorsError(kind, file: file, message: message)
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: json)
        } catch {
            throw fail(.badHeader, "the header is not valid JSON (\(json.count) bytes after the 8-byte length)")
        }
        guard let entries = object as? [String: Any] else {
            throw fail(.badHeader, "the header is not a JSON object of tensor entries")
        }
        var metadata: [String: String] = [:]
        var tensors: [SafetensorsTensor] = []
        for (name, value) in entries {
            if name == "__metadata__" {
                guard let values = value as? [String: Any], let strings = values as? [String: String] else {
                    throw fail(.badHeader, "'__metadata__' must be an object of string values")
                }
                metadata = strings
                continue
            }
            tensors.append(try tensor(name, value, dataSize: dataSize, fail: fail))
        }
        try checkLayout(tensors, dataSize: dataSize, fail: fail)
        return Parsed(tensors: tensors.sorted { $0.dataOffsets.lowerBound < $1.dataOffsets.lowerBound }, metadata: metadata)
    }

    private static func tensor(
        _ name: String, _ value: Any, dataSize: Int, fail: (SafetensorsError.Kind, String) -> SafetensorsError
    ) throws -> SafetensorsTensor {
        guard let entry = value as? [String: Any] else {
            throw fail(.badHeader, "tensor '\(name)' is not an object with dtype, shape and data_offsets")
        }
        guard let dtypeName = entry["dtype"] as? String else {
            throw fail(.badHeader, "tensor '\(name)' has no dtype string")
        }
        guard let dtype = SafetensorsDType(rawValue: dtypeName) else {
            let known = SafetensorsDType.allCases.map(\.rawValue).joined(separator: ", ")
            throw fail(.unknownDType, "tensor '\(name)' has unknown dtype '\(dtypeName)' (known: \(known))")
        }
        guard let shape = integers(entry["shape"]) else {
            throw fail(.badHeader, "tensor '\(name)' has no shape array of non-negative integers")
        }
        guard let offsets = integers(entry["data_offsets"]), offsets.count == 2 else {
            throw fail(.badOffsets, "tensor '\(name)' has no data_offsets pair of non-negative integers")
        }
        guard offsets[0] <= offsets[1] else {
            throw fail(.badOffsets, "tensor '\(name)' has data_offsets [\(offsets[0]), \(offsets[1])] that end before they begin")
        }
        guard offsets[1] <= dataSize else {
            throw fail(
                .badOffsets,
                "tensor '\(name)' ends at byte \(offsets[1]) of the data section, which has only \(dataSize) bytes "
                    + "(the file is truncated or its header is wrong)")
        }
        let byteCount = try expectedByteCount(shape: shape, dtype: dtype) {
            fail(.byteCountMismatch, "tensor '\(name)' has shape \(shape) too large to address")
        }
        guard byteCount == offsets[1] - offsets[0] else {
            throw fail(
                .byteCountMismatch,
                "tensor '\(name)' has shape \(shape) of \(dtype.rawValue) (\(byteCount) bytes), "
                    + "but its data_offsets [\(offsets[0]), \(offsets[1])] cover \(offsets[1] - offsets[0]) bytes")
        }
        return SafetensorsTensor(name: name, dtype: dtype, shape: shape, dataOffsets: offsets[0]..<offsets[1])
    }

    /// The product of the shape times the element size, refusing overflow instead of trapping on it.
    private static func expectedByteCount(shape: [Int], dtype: SafetensorsDType, overflow: () -> SafetensorsError) throws -> Int {
        var count = dtype.size
        for dimension in shape {
            let (product, overflowed) = count.multipliedReportingOverflow(by: dimension)
            if overflowed { throw overflow() }
            count = product
        }
        return count
    }

    /// Tensors must tile the data section exactly: no overlaps, no holes, nothing left over at the end.
    private static func checkLayout(
        _ tensors: [SafetensorsTensor], dataSize: Int, fail: (SafetensorsError.Kind, String) -> SafetensorsError
    ) throws {
        let ordered = tensors.sorted {
            ($0.dataOffsets.lowerBound, $0.dataOffsets.upperBound, $0.name) < (
                $1.dataOffsets.lowerBound, $1.dataOffsets.upperBound, $1.name
            )
        }
        var covered = 0
        var previous: SafetensorsTensor?
        for tensor in ordered {
            let start = tensor.dataOffsets.lowerBound
            if start < covered, let previous {
                throw fail(
                    .badOffsets,
                    "tensor '\(tensor.name)' (bytes \(start)..<\(tensor.dataOffsets.upperBound)) overlaps tensor "
                        + "'\(previous.name)' (bytes \(previous.dataOffsets.lowerBound)..<\(previous.dataOffsets.upperBound))")
            }
            if start > covered {
                throw fail(.badOffsets, "bytes \(covered)..<\(start) of the data section belong to no tensor")
            }
            covered = tensor.dataOffsets.upperBound
            previous = tensor
        }
        if covered != dataSize {
            throw fail(
                .badOffsets,
                "the data section has \(dataSize) bytes, but the tensors cover only the first \(covered)")
        }
    }

    /// An array of non-negative integers, or nil. Booleans and numbers written with a fraction or exponent
    /// (`2.0`, `1e3`) are refused, as the reference library's strict JSON parser refuses them.
    private static func integers(_ value: Any?) -> [Int]? {
        guard let array = value as? [Any] else { return nil }
        var result: [Int] = []
        for element in array {
            guard let integer = JSONFile.integer(element), integer >= 0 else { return nil }
            result.append(integer)
        }
        return result
    }
}
