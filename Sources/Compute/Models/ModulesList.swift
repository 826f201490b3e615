import Foundation

/// `modules.json` of a sentence-transformers folder: which modules run, in which subfolders.
struct ModulesList {
    /// Subfolder of the Transformer module (`""` for the folder itself).
    var transformerPath: String
    var poolingPath: String
    var normalizes: Bool

    init(_ url: URL, file: String) throws {
        guard let entries = try JSONFile.value(at: url, file: file) as? [Any] else {
            throw ModelFileError(.malformed, file: file, message: "is not a JSON array of modules")
        }
        var transformer: String?
        var pooling: String?
        normalizes = false
        for (index, value) in entries.enumerated() {
            guard let values = value as? [String: Any] else {
                throw ModelFileError(.malformed, file: file, message: "entry \(index) is not an object")
            }
            let module = JSONObject(values, file: file, path: "[\(index)].")
            let type = try module.string("type")
            let path = try module.optionalString("path") ?? ""
            switch type.split(separator: ".").last.map(String.init) ?? type {
            case "Transformer":
                guard transformer == nil, index == 0 else {
                    throw ModelFileError(
                        .unsupported, file: file, message: "the Transformer module must come first, and only once")
                }
                transformer = path
            case "Pooling":
                guard transformer != nil, pooling == nil else {
                    throw ModelFileError(
                        .unsupported, file: file, message: "the Pooling module must follow the Transformer, and only once")
                }
                pooling = path
            case "Normalize":
                guard pooling != nil else {
                    throw ModelFileError(.unsupported, file: file, message: "the Normalize module must follow the Pooling module")
                }
                normalizes = true
            default:
                throw ModelFileError(
                    .unsupported, file: file,
                    message: "module '\(type)' is not supported (only Transformer, Pooling and Normalize)")
            }
        }
        guard let transformer else { throw ModelFileError(.malformed, file: file, message: "has no Transformer module") }
        guard let pooling else { throw ModelFileError(.malformed, file: file, message: "has no Pooling module") }
        transformerPath = transformer
        poolingPath = pooling
    }
}
