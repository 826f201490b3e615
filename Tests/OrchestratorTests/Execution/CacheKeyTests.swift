import ArtifactStore
import Orchestrator
import Testing

/// Golden cache keys: if one of these changes, every cached result in every store is invalidated,
/// so a change here must come with a new tag (`cache-key/v2`) and a note saying why.
@Suite("CacheKey")
struct CacheKeyTests {
    private let base = CacheKey(
        type: "write", version: 1, parameters: ["b": "x", "a": [1, 2.5]], inputs: ["documents": "abc"], scripts: [])

    @Test("the key of a built-in step is pinned")
    func goldenBuiltIn() {
        // sha256 of ["cache-key/v1","write",1,{"a":[1,2.5],"b":"x"},[["documents","abc"]],[]]
        #expect(base.digest == "5e6c11de339ffcf826d9a260925634cd83507842e2ba897220a255b710ff448e")
    }

    @Test("the key of a command step with inputs and a script file is pinned")
    func goldenCommand() {
        let key = CacheKey(
            type: "command", version: 1,
            parameters: ["run": "sh scripts/a.sh", "outputs": [["report", "file"]]],
            inputs: ["b": Hashing.sha256("y"), "a": Hashing.sha256("x")],
            scripts: [["scripts/a.sh", .string(Hashing.sha256("echo hi\n"))]])
        #expect(key.digest == "a63fe6b9bb0ce800a1adbaf137248c086a4b973f48a8b224957192a05f93c01e")
        #expect(
            key.digest
                == Hashing.digest(
                    tag: "cache-key/v1",
                    [
                        "command", 1, ["outputs": [["report", "file"]], "run": "sh scripts/a.sh"],
                        [["a", .string(Hashing.sha256("x"))], ["b", .string(Hashing.sha256("y"))]],
                        [["scripts/a.sh", .string(Hashing.sha256("echo hi\n"))]],
                    ]))
    }

    @Test("the key does not depend on the order dictionaries were built in")
    func orderIndependent() {
        var parameters: [String: JSONValue] = [:]
        var inputs: [String: String] = [:]
        for name in ["zeta", "alpha", "mid", "beta"] {
            parameters[name] = .string(name)
            inputs[name] = Hashing.sha256(name)
        }
        var reversedParameters: [String: JSONValue] = [:]
        var reversedInputs: [String: String] = [:]
        for name in ["beta", "mid", "alpha", "zeta"] {
            reversedParameters[name] = .string(name)
            reversedInputs[name] = Hashing.sha256(name)
        }
        #expect(
            CacheKey(type: "t", version: 1, parameters: parameters, inputs: inputs, scripts: [])
                == CacheKey(type: "t", version: 1, parameters: reversedParameters, inputs: reversedInputs, scripts: []))
    }

    @Test("changing the step type, its version, a parameter, an input or a script changes the key")
    func sensitivity() {
        let variants = [
            CacheKey(
                type: "upper", version: 1, parameters: ["b": "x", "a": [1, 2.5]], inputs: ["documents": "abc"], scripts: []),
            CacheKey(
                type: "write", version: 2, parameters: ["b": "x", "a": [1, 2.5]], inputs: ["documents": "abc"], scripts: []),
            CacheKey(
                type: "write", version: 1, parameters: ["b": "y", "a": [1, 2.5]], inputs: ["documents": "abc"], scripts: []),
            CacheKey(
                type: "write", version: 1, parameters: ["b": "x", "a": [1, 2.5], "c": nil], inputs: ["documents": "abc"],
                scripts: []),
            CacheKey(
                type: "write", version: 1, parameters: ["b": "x", "a": [1, 2.5]], inputs: ["documents": "abd"], scripts: []),
            CacheKey(type: "write", version: 1, parameters: ["b": "x", "a": [1, 2.5]], inputs: ["texts": "abc"], scripts: []),
            CacheKey(type: "write", version: 1, parameters: ["b": "x", "a": [1, 2.5]], inputs: [:], scripts: []),
            CacheKey(
                type: "write", version: 1, parameters: ["b": "x", "a": [1, 2.5]], inputs: ["documents": "abc"],
                scripts: [["run.sh", "0000"]]),
        ]
        for variant in variants { #expect(variant != base) }
        #expect(Set(variants.map(\.digest)).count == variants.count)
    }

    @Test("an int parameter and the same number as a double give different keys")
    func intAndDoubleDiffer() {
        let int = CacheKey(type: "t", version: 1, parameters: ["n": .int(1)], inputs: [:], scripts: [])
        let double = CacheKey(type: "t", version: 1, parameters: ["n": .double(1)], inputs: [:], scripts: [])
        #expect(int != double)
    }

    @Test("a changed script file digest changes the key")
    func scriptContentMatters() {
        let one = CacheKey(type: "command", version: 1, parameters: [:], inputs: [:], scripts: [["a.py", "1111"]])
        let two = CacheKey(type: "command", version: 1, parameters: [:], inputs: [:], scripts: [["a.py", "2222"]])
        #expect(one != two)
    }
}
