import Foundation

/// A training run's state after an update: the adapter's values, the optimizer's moments, how many updates
/// were taken (which fixes the position in the data, whose order depends only on the seed) and the log so
/// far. Written to a temporary folder and renamed, so a run killed while saving keeps the previous one.
struct TrainingCheckpoint: Codable, Equatable {
    /// What the run is (its settings, data and base, as the caller identifies them): a checkpoint of another
    /// run is never resumed.
    var fingerprint: String
    var step: Int
    var history: [TrainingLogEntry]
    var parameterCount: Int

    static let stateFile = "state.f32"
    static let manifestFile = "checkpoint.json"

    /// Saves the checkpoint with the values and moments into `folder`, replacing what is there.
    static func save(
        _ checkpoint: TrainingCheckpoint, values: UnsafePointer<Float>, optimizer: AdamW, to folder: URL
    ) throws {
        let manager = FileManager.default
        let staging = folder.deletingLastPathComponent().appendingPathComponent(".\(folder.lastPathComponent).partial")
        try? manager.removeItem(at: staging)
        try manager.createDirectory(at: staging, withIntermediateDirectories: true)
        var state = Data(capacity: checkpoint.parameterCount * 12)
        state.append(UnsafeBufferPointer(start: values, count: checkpoint.parameterCount))
        optimizer.firstMoments.withUnsafeBufferPointer { state.append($0) }
        optimizer.secondMoments.withUnsafeBufferPointer { state.append($0) }
        try state.write(to: staging.appendingPathComponent(stateFile), options: .atomic)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try encoder.encode(checkpoint).write(to: staging.appendingPathComponent(manifestFile), options: .atomic)
        let previous = folder.deletingLastPathComponent().appendingPathComponent(".\(folder.lastPathComponent).old")
        try? manager.removeItem(at: previous)
        if manager.fileExists(atPath: folder.path) { try manager.moveItem(at: folder, to: previous) }
        try manager.moveItem(at: staging, to: folder)
        try? manager.removeItem(at: previous)
    }

    /// The checkpoint in `folder` if there is one for `fingerprint`, with its values and optimizer state.
    static func load(from folder: URL, fingerprint: String, settings: AdamW.Settings) throws -> (
        TrainingCheckpoint, values: [Float], optimizer: AdamW
    )? {
        let manifest = folder.appendingPathComponent(manifestFile)
        guard FileManager.default.fileExists(atPath: manifest.path) else { return nil }
        let checkpoint: TrainingCheckpoint
        do {
            checkpoint = try JSONDecoder().decode(TrainingCheckpoint.self, from: Data(contentsOf: manifest))
        } catch {
            throw TrainingError(.checkpoint, "\(manifest.path) cannot be read (\(error)); remove the folder to start over")
        }
        guard checkpoint.fingerprint == fingerprint else { return nil }
        let state = try Data(contentsOf: folder.appendingPathComponent(stateFile))
        let count = checkpoint.parameterCount
        guard state.count == count * 12 else {
            throw TrainingError(
                .checkpoint, "\(folder.path)/\(stateFile) holds \(state.count) bytes, not \(count * 12); remove the folder")
        }
        let floats = state.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        let optimizer = AdamW(
            settings: settings, step: checkpoint.step, firstMoments: Array(floats[count..<(2 * count)]),
            secondMoments: Array(floats[(2 * count)...]))
        return (checkpoint, Array(floats[..<count]), optimizer)
    }
}
