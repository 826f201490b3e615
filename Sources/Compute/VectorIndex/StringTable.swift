/// A string table section of an index file: a u64 count c, c + 1 u64 byte offsets, then the UTF-8
/// bytes they delimit. Read in place; a string is decoded only when asked for.
struct StringTable: @unchecked Sendable {
    // Points into storage that the index keeps alive, and is only read.
    private let offsets: UnsafeRawPointer
    private let text: UnsafeRawPointer
    let count: Int

    /// Checks the table in `section` (offsets that start at 0, never decrease and end inside the
    /// section), throwing `malformed` or `truncated` naming `file` and the section.
    init(_ section: UnsafeRawBufferPointer, name: String, file: String) throws {
        func fail(_ kind: VectorIndexError.Kind, _ message: String) -> VectorIndexError {
            VectorIndexError(kind, file: file, message: "the \(name) table \(message)")
        }
        guard section.count >= 16, let base = section.baseAddress else {
            throw fail(.truncated, "is \(section.count) bytes long, too short for its count and first offset")
        }
        let declared = UInt64(littleEndian: section.loadUnaligned(as: UInt64.self))
        guard declared <= UInt64(section.count / 8) - 2 else {
            throw fail(.truncated, "says it holds \(declared) strings, more offsets than its \(section.count) bytes hold")
        }
        count = Int(declared)
        let textStart = 8 + 8 * (count + 1)
        let textLength = section.count - textStart
        offsets = base + 8
        text = base + textStart
        var previous: UInt64 = 0
        for index in 0...count {
            let offset = UInt64(littleEndian: offsets.loadUnaligned(fromByteOffset: 8 * index, as: UInt64.self))
            guard (index > 0 || offset == 0), offset >= previous, offset <= UInt64(textLength) else {
                throw fail(
                    .malformed, "has offset \(offset) at entry \(index), out of order or past its \(textLength) bytes of text")
            }
            previous = offset
        }
    }

    private func offset(_ index: Int) -> Int {
        Int(UInt64(littleEndian: offsets.loadUnaligned(fromByteOffset: 8 * index, as: UInt64.self)))
    }

    /// The string at `index` (in 0..<count). Invalid UTF-8 is repaired rather than refused: a damaged id
    /// should not make the whole index unreadable.
    func string(at index: Int) -> String {
        let start = offset(index)
        let bytes = UnsafeRawBufferPointer(start: text + start, count: offset(index + 1) - start)
        return String(decoding: bytes, as: UTF8.self)
    }

    func strings() -> [String] { (0..<count).map(string(at:)) }

    /// The bytes that `strings` encode to.
    static func encodedSize(_ strings: [String]) -> Int {
        8 + 8 * (strings.count + 1) + strings.reduce(0) { $0 + $1.utf8.count }
    }

    /// Writes `strings` as a table at `start`, which has `encodedSize(strings)` bytes.
    static func encode(_ strings: [String], into start: UnsafeMutableRawPointer) {
        start.storeBytes(of: UInt64(strings.count).littleEndian, as: UInt64.self)
        let text = start + 8 + 8 * (strings.count + 1)
        var offset = 0
        start.storeBytes(of: UInt64(0).littleEndian, toByteOffset: 8, as: UInt64.self)
        for (index, string) in strings.enumerated() {
            for byte in string.utf8 {
                text.storeBytes(of: byte, toByteOffset: offset, as: UInt8.self)
                offset += 1
            }
            start.storeBytes(of: UInt64(offset).littleEndian, toByteOffset: 8 + 8 * (index + 1), as: UInt64.self)
        }
    }
}

/// The distinct values of one metadata field, in order of first appearance, with their codes.
struct StringInterner {
    private(set) var strings: [String] = []
    private var codes: [String: UInt32] = [:]

    mutating func code(for string: String) -> UInt32 {
        if let code = codes[string] { return code }
        let code = UInt32(strings.count)
        strings.append(string)
        codes[string] = code
        return code
    }
}
