import Foundation

/// A folder filled beside its destination under a temporary name and renamed onto it once complete, so an
/// interrupted export leaves no half-written model folder. One never committed is removed when the value
/// goes away.
final class StagedFolder {
    let destination: URL
    /// Where to write the folder's files until `commit`.
    let url: URL
    private var committed = false

    /// `destination` must not exist; its parent folder must.
    init(_ destination: URL) throws {
        self.destination = destination
        guard !FileManager.default.fileExists(atPath: destination.path) else {
            throw FileWriteError(file: destination.relativePath, message: "already exists")
        }
        url = destination.deletingLastPathComponent().appendingPathComponent(
            ".\(destination.lastPathComponent).\(UUID().uuidString.prefix(8)).partial")
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        } catch {
            throw FileWriteError(file: destination.relativePath, message: "cannot be created: \(error.localizedDescription)")
        }
    }

    deinit {
        if !committed { try? FileManager.default.removeItem(at: url) }
    }

    func commit() throws {
        do {
            try FileManager.default.moveItem(at: url, to: destination)
        } catch {
            throw FileWriteError(file: destination.relativePath, message: "cannot be put in place: \(error.localizedDescription)")
        }
        committed = true
    }
}
