import Foundation

/// The weights of a model folder: `model.safetensors`, or the shards that `model.safetensors.index.json`
/// maps tensor names to (the layout `save_pretrained` writes for larger models). Each file is mapped and
/// checked when opened; a tensor is looked up in the file the index names for it.
public struct ShardedSafetensors: Sendable {
    public let files: [SafetensorsFile]
    /// The file errors about missing tensors name: the single file, or the index.
    public let path: String
    private let owners: [String: Int]

    public init(folder: URL) throws {
        let single = folder.appendingPathComponent("model.safetensors")
        let index = folder.appendingPathComponent("model.safetensors.index.json")
        if FileManager.default.fileExists(atPath: single.path) {
            let file = try SafetensorsFile(contentsOf: single)
            files = [file]
            path = file.path
            owners = Dictionary(uniqueKeysWithValues: file.names.map { ($0, 0) })
            return
        }
        path = index.relativePath
        guard FileManager.default.fileExists(atPath: index.path) else {
            let hasBin = FileManager.default.fileExists(atPath: folder.appendingPathComponent("pytorch_model.bin").path)
            throw ModelFileError(
                .missing, file: single.relativePath,
                message: hasBin
                    ? "is missing (pytorch_model.bin is there, but only safetensors weights are read)"
                    : "is missing, and so is model.safetensors.index.json")
        }
        let map = try JSONObject.load(index, file: path).object("weight_map")
        var shardNames: [String] = []
        var owners: [String: Int] = [:]
        for (tensor, value) in map.values.sorted(by: { $0.key < $1.key }) {
            guard let shard = value as? String, !shard.isEmpty, !shard.contains("/"), shard != ".." else {
                throw map.malformed(tensor, "the file name of a shard in this folder")
            }
            if let known = shardNames.firstIndex(of: shard) {
                owners[tensor] = known
            } else {
                owners[tensor] = shardNames.count
                shardNames.append(shard)
            }
        }
        files = try shardNames.map { try SafetensorsFile(contentsOf: folder.appendingPathComponent($0)) }
        self.owners = owners
    }

    /// The entry of tensor `name` and the file it is in, or nil when no file has it.
    public func tensorIfPresent(_ name: String) -> (tensor: SafetensorsTensor, file: SafetensorsFile)? {
        guard let owner = owners[name], let tensor = files[owner].tensorIfPresent(name) else { return nil }
        return (tensor, files[owner])
    }

    /// Tensor `name` widened to Float (see `SafetensorsFile.floats`).
    public func floats(_ name: String) throws -> [Float] {
        guard let (_, file) = tensorIfPresent(name) else {
            throw ModelFileError(.missing, file: path, message: "has no tensor '\(name)'")
        }
        return try file.floats(name)
    }

    public func releaseResidentPages() {
        for file in files { file.releaseResidentPages() }
    }
}
