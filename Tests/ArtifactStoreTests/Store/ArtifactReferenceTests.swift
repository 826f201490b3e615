import ArtifactStore
import Testing

@Suite("ArtifactReference")
struct ArtifactReferenceTests {
    @Test(
        "references parse into their forms",
        arguments: [
            ("chunks", ArtifactReference.Form.named(pipeline: nil, name: "chunks", version: .latest)),
            ("chunk.chunks@3", .named(pipeline: nil, name: "chunk.chunks", version: .number(3))),
            ("etl/chunks@latest", .named(pipeline: "etl", name: "chunks", version: .latest)),
            ("etl/chunk.chunks@12", .named(pipeline: "etl", name: "chunk.chunks", version: .number(12))),
            ("  chunks@2 ", .named(pipeline: nil, name: "chunks", version: .number(2))),
            ("sha256:AB12ef", .digest(prefix: "ab12ef")),
        ])
    func parses(text: String, form: ArtifactReference.Form) throws {
        let reference = try ArtifactReference(parsing: text)
        #expect(reference.form == form)
        #expect(reference.description == text)
    }

    @Test(
        "malformed references are rejected with the reason",
        arguments: [
            ("", "it is empty"),
            ("   ", "it is empty"),
            ("sha256:", "expected hex digits after 'sha256:'"),
            ("sha256:xyz", "expected hex digits after 'sha256:'"),
            ("chunks@0", "a version is a positive number or 'latest'"),
            ("chunks@-1", "a version is a positive number or 'latest'"),
            ("chunks@", "a version is a positive number or 'latest'"),
            ("chunks@newest", "a version is a positive number or 'latest'"),
            ("@3", "expected name, name@VERSION or pipeline/name@VERSION"),
            ("/chunks", "expected name, name@VERSION or pipeline/name@VERSION"),
            ("etl/", "expected name, name@VERSION or pipeline/name@VERSION"),
        ])
    func rejects(text: String, reason: String) {
        let error = #expect(throws: StoreError.self) { try ArtifactReference(parsing: text) }
        #expect(error?.description == "'\(text)' is not a valid reference: \(reason)")
    }
}
