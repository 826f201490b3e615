import Foundation

/// Splits a `text/event-stream` body, fed in whatever pieces the network delivers, into the `data`
/// of each event (several `data:` lines of one event are joined by newlines, as the format says).
struct ServerSentEvents {
    private var buffer = Data()
    private var dataLines: [String] = []

    /// The events completed by `piece`.
    mutating func feed(_ piece: Data) -> [String] {
        buffer.append(piece)
        var events: [String] = []
        while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            var line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
            buffer.removeSubrange(buffer.startIndex...newline)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.isEmpty {
                if !dataLines.isEmpty { events.append(dataLines.joined(separator: "\n")) }
                dataLines = []
            } else if line.hasPrefix("data:") {
                let value = line.dropFirst(5)
                dataLines.append(String(value.hasPrefix(" ") ? value.dropFirst() : value))
            }
            // Comments (":"), `event:`, `id:` and `retry:` lines carry nothing a chat answer needs.
        }
        return events
    }
}
