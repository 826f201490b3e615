import Foundation
import Testing

@testable import ArtifactStore

/// The SHA-256 under every content hash and cache key, checked against the standard's test vectors
/// (FIPS 180-2, appendix B) however the bytes are cut into `update` calls.
@Suite("SHA-256")
struct SHA256HasherTests {
    static func hex(_ pieces: [[UInt8]]) -> String {
        var hasher = SHA256Hasher()
        for piece in pieces { piece.withUnsafeBytes { hasher.update($0) } }
        return Hashing.hex(hasher.finalize())
    }

    @Test("the standard's two-block message")
    func twoBlocks() {
        let message = [UInt8]("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(Self.hex([message]) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("a million 'a's, given in uneven pieces that cross block boundaries")
    func millionA() {
        let pieces = stride(from: 0, to: 1_000_000, by: 999).map { [UInt8](repeating: 0x61, count: min(999, 1_000_000 - $0)) }
        #expect(Self.hex(pieces) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("bytes in several regions hash as the bytes end to end")
    func regions() {
        var data = DispatchData.empty
        for part in ["ab", "", "c"] {
            Array(part.utf8).withUnsafeBytes { data.append($0) }
        }
        #expect(Hashing.sha256(data) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("hashers on many threads at once agree")
    func concurrent() async {
        let digests = await withTaskGroup(of: String.self) { group in
            for _ in 0..<16 { group.addTask { Hashing.sha256(String(repeating: "orchestrate", count: 1000)) } }
            return await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(digests.count == 1)
    }
}
