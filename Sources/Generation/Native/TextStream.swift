/// Turns generated tokens' bytes into text as it may be shown: only whole UTF-8 characters, and never the
/// start of a stop sequence until it is clear the sequence does not follow. Once a stop sequence appears,
/// the text ends before it.
struct TextStream {
    private let stops: [String]
    private var pending: [UInt8] = []
    /// Text decoded but held back because it could be the start of a stop sequence.
    private var held = ""
    private(set) var text = ""
    private(set) var stopped = false

    init(stops: [String]) {
        self.stops = stops.filter { !$0.isEmpty }
    }

    /// Adds a token's bytes and returns the text that became safe to show (possibly empty).
    mutating func append(_ bytes: [UInt8]) -> String {
        guard !stopped else { return "" }
        pending += bytes
        let complete = Self.completeUTF8Prefix(pending)
        guard complete > 0 else { return "" }
        held += String(decoding: pending[..<complete], as: UTF8.self)
        pending.removeFirst(complete)
        return release()
    }

    /// Ends the stream and returns what was still held back (a trailing partial character becomes U+FFFD).
    mutating func finish() -> String {
        guard !stopped else { return "" }
        if !pending.isEmpty {
            held += String(decoding: pending, as: UTF8.self)
            pending = []
        }
        let rest = release()
        let tail = held
        held = ""
        text += tail
        return rest + tail
    }

    private mutating func release() -> String {
        if let cut = stops.compactMap({ held.range(of: $0)?.lowerBound }).min() {
            let shown = String(held[..<cut])
            text += shown
            held = ""
            stopped = true
            return shown
        }
        // Hold back the longest tail that is a prefix of some stop sequence.
        var keep = 0
        for stop in stops {
            for length in stride(from: min(stop.count - 1, held.count), to: keep, by: -1)
            where held.hasSuffix(stop.prefix(length)) {
                keep = length
                break
            }
        }
        let shown = String(held.dropLast(keep))
        held = String(held.suffix(keep))
        text += shown
        return shown
    }

    /// How many leading bytes form whole UTF-8 characters: a sequence cut short at the end waits for more.
    static func completeUTF8Prefix(_ bytes: [UInt8]) -> Int {
        var end = bytes.count
        // Walk back over at most three continuation bytes to the last lead byte.
        var index = bytes.count - 1
        var continuation = 0
        while index >= 0, continuation < 3, bytes[index] & 0xC0 == 0x80 {
            continuation += 1
            index -= 1
        }
        if index >= 0 {
            let lead = bytes[index]
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
            if length > 1, continuation + 1 < length { end = index }
        }
        return end
    }
}
