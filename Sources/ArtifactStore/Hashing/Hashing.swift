import Foundation

/// Every content hash and cache key in the project is computed here.
///
/// Structured hashes are taken over a canonical JSON array whose first element is a type tag
/// (`["cache-key/v1", ...]`), so two different kinds of thing can never share a digest and a
/// change to any recipe is visible as a change to its tag. Golden tests pin the exact digests.
public enum Hashing {
    /// Lower-case hex sha256 of some bytes.
    public static func sha256(_ data: some DataProtocol) -> String {
        var hasher = SHA256Hasher()
        hasher.update(data)
        return hex(hasher.finalize())
    }

    public static func sha256(_ text: String) -> String {
        sha256(Data(text.utf8))
    }

    /// Hash of a tagged structure: the canonical JSON of `[tag, fields...]`.
    public static func digest(tag: String, _ fields: [JSONValue]) -> String {
        sha256(JSONText.compact(.array([.string(tag)] + fields)))
    }

    /// Streams a file through sha256 in 1 MiB reads so large artifacts never sit in memory whole.
    public static func sha256(fileAt url: URL) throws -> String {
        if let memo = FileDigestMemo.current {
            return try memo.sha256(of: url) { try readAndHash(url) }
        }
        return try readAndHash(url)
    }

    private static func readAndHash(_ url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256Hasher()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(chunk)
        }
        return hex(hasher.finalize())
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes = [UInt8]()
        bytes.reserveCapacity(64)
        for byte in digest {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
