import ArtifactStore
import Foundation

/// Reads a file that another process is appending JSON lines to, a complete line at a time: what it returns
/// once is never returned again, and a line still being written waits for its newline.
final class JSONLinesTail: @unchecked Sendable {
    let url: URL
    private let lock = NSLock()
    private var offset: UInt64 = 0
    private var partial = Data()

    init(url: URL) {
        self.url = url
    }

    /// The objects of the lines completed since the last call; a line that is not a JSON object is skipped.
    func newObjects() -> [[String: JSONValue]] {
        lock.lock()
        defer { lock.unlock() }
        guard let handle = try? FileHandle(forReadingFrom: url) else { return [] }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: offset)) != nil, let data = try? handle.readToEnd(), !data.isEmpty else {
            return []
        }
        offset += UInt64(data.count)
        partial.append(data)
        guard let lastNewline = partial.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
        let complete = partial[..<lastNewline]
        partial = Data(partial[(lastNewline + 1)...])
        return complete.split(separator: UInt8(ascii: "\n")).compactMap {
            try? JSONText.parse(String(decoding: $0, as: UTF8.self)).objectValue
        }
    }
}
