import ArtifactStore
import Orchestrator
import Testing

/// What a cache key is made of, and how two keys are told apart.
@Suite("CacheKeyManifest")
struct CacheKeyManifestTests {
    static let base = CacheKeyManifest(
        type: "chunk", version: 2, parameters: ["max_tokens": 200, "model": "models/mini", "run": "python3 x.py"],
        inputs: ["documents": Hashing.sha256("documents v1")],
        files: [["scripts/x.py", .string(Hashing.sha256("print(1)"))]],
        external: [["model", .string(Hashing.sha256("weights v1"))]])

    @Test("a manifest's key is the cache key of the same fields, so keeping it changes no digest")
    func keyIsTheCacheKey() {
        let manifest = CacheKeyManifest(
            type: "command", version: 1,
            parameters: ["run": "sh scripts/a.sh", "outputs": [["report", "file"]]],
            inputs: ["b": Hashing.sha256("y"), "a": Hashing.sha256("x")],
            files: [["scripts/a.sh", .string(Hashing.sha256("echo hi\n"))]])
        // The digest `CacheKeyTests.goldenCommand` pins.
        #expect(manifest.key.digest == "a63fe6b9bb0ce800a1adbaf137248c086a4b973f48a8b224957192a05f93c01e")
        #expect(
            Self.base.key
                == CacheKey(
                    type: "chunk", version: 2, parameters: Self.base.parameters, inputs: Self.base.inputs,
                    scripts: Self.base.files + Self.base.external))
    }

    @Test("the stored form reads back to the same manifest; anything else is refused")
    func storedForm() {
        #expect(CacheKeyManifest(json: Self.base.json) == Self.base)
        #expect(CacheKeyManifest(json: ["type": "chunk"]) == nil)
        var wrong = Self.base.json.objectValue!
        wrong["inputs"] = ["documents": 3]
        #expect(CacheKeyManifest(json: .object(wrong)) == nil)
    }

    @Test("the same manifest differs in nothing")
    func noDifferences() {
        #expect(Self.base.differences(from: Self.base).isEmpty)
    }

    @Test("each changed field is named with its old and new value")
    func differences() {
        var later = Self.base
        later.version = 3
        later.parameters["max_tokens"] = 128
        later.parameters["overlap"] = 20
        later.parameters["model"] = nil
        later.inputs["documents"] = Hashing.sha256("documents v2")
        later.files = [["scripts/x.py", .string(Hashing.sha256("print(2)"))], ["scripts/y.py", .string(Hashing.sha256(""))]]
        later.external = [["model", .string(Hashing.sha256("weights v2"))]]

        let found = later.differences(from: Self.base)

        let old = Hashing.sha256("documents v1").prefix(12), new = Hashing.sha256("documents v2").prefix(12)
        let oldModel = Hashing.sha256("weights v1").prefix(12), newModel = Hashing.sha256("weights v2").prefix(12)
        #expect(
            found.map(\.text) == [
                "step version 2 → 3",
                "parameter max_tokens: 200 → 128",
                "parameter model: \"models/mini\" → (not set)",
                "parameter overlap: (not set) → 20",
                "input documents: sha256:\(old)… → sha256:\(new)…",
                "file scripts/x.py changed",
                "file scripts/y.py is now named by the script",
                "external model: sha256:\(oldModel)… → sha256:\(newModel)…",
            ])
        #expect(found[1] == CacheKeyDifference(kind: .parameter, name: "max_tokens", before: 200, after: 128))
        #expect(
            found[1].json == [
                "kind": "parameter", "name": "max_tokens", "before": 200, "after": 128, "text": .string(found[1].text),
            ])
    }

    @Test("a changed step type, a removed file and a long value are each said in a few words")
    func shortForms() {
        var later = Self.base
        later.type = "split"
        later.files = []
        later.parameters["max_tokens"] = .array(Array(repeating: 1, count: 60))
        later.parameters["run"] = .string("python3 x.py --a-very-long-option-list " + String(repeating: "--flag ", count: 12))
        #expect(
            later.differences(from: Self.base).map(\.text) == [
                "step type chunk → split", "parameter max_tokens changed",
                "parameter run changed: python3 x.py → python3 x.py --a-very-long-option-list --flag --…",
                "file scripts/x.py is no longer named by the script",
            ])
    }

    @Test("two long texts are shown where they part, with some of what they share around it")
    func excerpts() {
        let script = "python3 scripts/upper.py \"$INPUT_text\" \"$OUTPUT_text\" "
        var before = Self.base, after = Self.base
        before.parameters["run"] = .string(script + "\"!\"\necho done")
        after.parameters["run"] = .string(script + "\"?\"\necho done")
        #expect(
            after.differences(from: before).map(\.text) == [
                #"parameter run changed: …"$OUTPUT_text" "!"\necho done → …"$OUTPUT_text" "?"\necho done"#
            ])
    }
}
