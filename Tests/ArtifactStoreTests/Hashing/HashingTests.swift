import ArtifactStore
import Foundation
import OrchestrateTesting
import Testing

/// Golden digests: a change to any of these is a change to every content hash or cache key in
/// existing stores, so it must be deliberate (a new tag), never an accident.
@Suite("Hashing")
struct HashingTests {
    @Test("sha256 of text is the standard lower-case hex digest")
    func sha256OfText() {
        #expect(Hashing.sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Hashing.sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("sha256 of bytes equals sha256 of the same text")
    func sha256OfBytes() {
        #expect(Hashing.sha256(Data("abc".utf8)) == Hashing.sha256("abc"))
        #expect(Hashing.sha256([UInt8]("abc".utf8)) == Hashing.sha256("abc"))
    }

    @Test("a file hashes to the sha256 of its bytes, also past one read buffer")
    func sha256OfFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let small = try folder.write("abc", to: "small.txt")
        #expect(try Hashing.sha256(fileAt: small) == Hashing.sha256("abc"))

        let text = String(repeating: "0123456789abcdef", count: (1 << 20) / 16 * 2 + 3)
        let large = try folder.write(text, to: "large.txt")
        #expect(try Hashing.sha256(fileAt: large) == Hashing.sha256(text))
    }

    @Test("a tagged digest is the sha256 of the compact JSON of [tag, fields...]")
    func taggedDigest() {
        let fields: [JSONValue] = ["write", 1, ["b": "x", "a": [1, 2.5]], [["documents", "abc"]], []]
        let digest = Hashing.digest(tag: "cache-key/v1", fields)
        #expect(
            JSONText.compact(.array(["cache-key/v1"] + fields))
                == #"["cache-key/v1","write",1,{"a":[1,2.5],"b":"x"},[["documents","abc"]],[]]"#)
        #expect(digest == "5e6c11de339ffcf826d9a260925634cd83507842e2ba897220a255b710ff448e")
    }

    @Test("the tag separates digests of otherwise equal structures")
    func tagSeparatesDigests() {
        #expect(Hashing.digest(tag: "a/v1", ["x"]) != Hashing.digest(tag: "b/v1", ["x"]))
    }
}
