import ArtifactStore
import Foundation

/// Step logs as the engine writes them, `logs/RUN/STEP.log` in the store. The run id and step name come
/// from the store's records, never from a URL, so a request cannot name another file.
struct StepLogs {
    let store: Store

    func url(run: RunRecord, step: StepRunRecord) -> URL {
        store.logsDirectory.appendingPathComponent(run.id).appendingPathComponent("\(step.step).log")
    }

    /// The bytes of the log from `offset` on, at most `limit` of them (the last ones when the log is longer).
    func read(_ url: URL, from offset: UInt64 = 0, limit: Int = 256 << 10) -> (text: String, end: UInt64) {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return ("", offset) }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        guard size > offset else { return ("", size) }
        let start = max(offset, size > UInt64(limit) ? size - UInt64(limit) : 0)
        try? handle.seek(toOffset: start)
        let data = (try? handle.read(upToCount: Int(size - start))) ?? Data()
        return (String(decoding: data, as: UTF8.self), start + UInt64(data.count))
    }
}
