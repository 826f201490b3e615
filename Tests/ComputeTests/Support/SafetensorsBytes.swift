import Foundation

/// Writes the safetensors format by hand, so tests control every byte, including the wrong ones.
enum SafetensorsBytes {
    struct Tensor {
        var name: String
        var dtype: String
        var shape: [Int]
        var data: [UInt8]
    }

    /// A well-formed file: the header lists the tensors in order with contiguous offsets.
    static func file(_ tensors: [Tensor], metadata: [String: String]? = nil) -> Data {
        var entries: [String] = []
        if let metadata {
            let pairs = metadata.sorted { $0.key < $1.key }.map { "\(quoted($0.key)): \(quoted($0.value))" }
            entries.append("\"__metadata__\": {\(pairs.joined(separator: ", "))}")
        }
        var offset = 0
        var data: [UInt8] = []
        for tensor in tensors {
            let shape = tensor.shape.map(String.init).joined(separator: ", ")
            entries.append(
                "\(quoted(tensor.name)): {\"dtype\": \(quoted(tensor.dtype)), \"shape\": [\(shape)], \"data_offsets\": [\(offset), \(offset + tensor.data.count)]}"
            )
            offset += tensor.data.count
            data += tensor.data
        }
        return file(header: "{" + entries.joined(separator: ", ") + "}", data: data)
    }

    /// Any header text and data section, with the correct 8-byte length in front (or `declaredLength`).
    static func file(header: String, data: [UInt8], declaredLength: UInt64? = nil) -> Data {
        let json = Array(header.utf8)
        var length = (declaredLength ?? UInt64(json.count)).littleEndian
        var bytes = Data(bytes: &length, count: 8)
        bytes.append(contentsOf: json)
        bytes.append(contentsOf: data)
        return bytes
    }

    static func f32(_ values: [Float]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
    }

    static func u16(_ values: [UInt16]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } }
    }

    static func i64(_ values: [Int64]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } }
    }

    private static func quoted(_ text: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed])
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }
}
