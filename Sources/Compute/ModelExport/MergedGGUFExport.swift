import Foundation

/// A GGUF model with an adapter merged in, for llama.cpp, Ollama or LM Studio to run without the adapter.
///
/// From a GGUF base, the metadata (hyperparameters, tokenizer, chat template) is copied as it is, every
/// tensor the adapter does not change is copied byte for byte, and each adapted weight is dequantized,
/// given `W + scale · B·A` in the file's row order (`B` permuted for a Llama's query and key rows) and
/// written in the chosen type. From a model folder, the metadata is written from `config.json`, the
/// tokenizer and the chat template (see `GGUFTokenizerMetadata`), and every tensor is converted.
public enum MergedGGUFExport {
    /// The type of the merged weights.
    public enum Precision: Equatable, Sendable {
        /// Every adapted matrix in this type (F32, F16, BF16, Q8_0, Q4_0 or Q4_1).
        case type(GGMLType)
        /// Each adapted matrix in its type in the GGUF base where it can be written (F32, F16, BF16, Q8_0,
        /// Q4_0, Q4_1); the k-quants fall back to F16, which the export reports.
        case base
    }

    /// The types `Precision.type` takes.
    public static let types: [GGMLType] = [.f32, .f16, .bf16, .q8_0, .q4_0, .q4_1]

    /// Writes the merged model to `url` and returns what it could not keep as the base had it (k-quant
    /// tensors written as F16, a tokenizer detail a GGUF file cannot say), for the caller to report.
    public static func write(
        _ adapter: LoRAAdapter, adapterFile: String, base: BaseModel, precision: Precision, to url: URL
    ) throws -> [String] {
        try adapter.check(against: base.configuration, adapterFile: adapterFile, base: base.url.relativePath)
        if case .type(let type) = precision { precondition(types.contains(type), "no quantizer for \(type)") }
        if let file = base.gguf {
            return try fromGGUF(adapter, file: file, configuration: base.configuration, precision: precision, to: url)
        }
        guard case .type(let type) = precision else {
            throw ModelFileError(
                .unsupported, file: base.url.relativePath,
                message: "is a model folder, whose weights have no GGML quantization to keep; choose a type (f16, q8_0, ...)")
        }
        return try fromFolder(adapter, base: base, type: type, to: url)
    }

    private static func fromGGUF(
        _ adapter: LoRAAdapter, file: GGUFFile, configuration: LlamaConfiguration, precision: Precision, to url: URL
    ) throws -> [String] {
        try LlamaGGUFLayout.check(file, against: configuration)
        let architecture = try file.string("general.architecture")
        let scale = adapter.configuration.scale
        var writer = GGUFWriter()
        for key in file.metadataKeys { writer.set(key, file.metadata[key]!) }
        if case .type(let type) = precision { writer.set("general.file_type", uint32: type.llamaFileType!) }
        var fellBack: [String: Int] = [:]
        for tensor in file.tensors {
            guard let (layer, target) = LoRATarget.parse(ggufWeight: tensor.name), layer < adapter.layers.count,
                let pair = adapter.layers[layer][target]
            else {
                writer.addTensor(tensor.name, dimensions: tensor.dimensions, type: tensor.type) {
                    file.withUnsafeBytes(of: tensor) { Array($0) }
                }
                continue
            }
            let type: GGMLType
            switch precision {
            case .type(let chosen): type = chosen
            case .base:
                type = GGMLQuantizer.types.contains(tensor.type) ? tensor.type : .f16
                if type != tensor.type { fellBack[tensor.type.description, default: 0] += 1 }
            }
            let stored =
                target.isPermuted(inGGUF: architecture) ? pair.permutingOutputRows(heads: target.heads(in: configuration)) : pair
            writer.addFloats(tensor.name, dimensions: tensor.dimensions, as: type) {
                stored.merged(into: try floats(of: tensor, in: file), scale: scale)
            }
        }
        try writer.write(to: url)
        return fellBack.sorted { $0.key < $1.key }.map { type, count in
            "\(count) adapted tensor\(count == 1 ? "" : "s") in \(type) written as F16: k-quants are not written here"
        }
    }

    /// A tensor's values in the file's row order, as ggml dequantizes them.
    static func floats(of tensor: GGUFTensor, in file: GGUFFile) throws -> [Float] {
        let rows = tensor.dimensions.dropFirst().reduce(1, *)
        let columns = tensor.dimensions.first ?? 1
        let matrix = try file.withUnsafeBytes(of: tensor) { bytes in
            do {
                return try WeightMatrix(type: tensor.type, rows: rows, columns: columns, copying: bytes)
            } catch let error as WeightMatrixError {
                throw ModelFileError(.unsupported, file: file.path, message: "tensor '\(tensor.name)': \(error.message)")
            }
        }
        let dense = matrix.isDense ? matrix : matrix.dequantized()
        return Array(UnsafeBufferPointer(start: dense.floats, count: rows * columns))
    }
}
