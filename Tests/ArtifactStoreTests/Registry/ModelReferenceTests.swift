import ArtifactStore
import Testing

/// `twin`, `twin/3`, `twin@3`, `twin@production`, `twin@latest`: how a model version is named.
@Suite("model references")
struct ModelReferenceTests {
    @Test(
        "each form parses to its model and selector",
        arguments: [
            ("twin", ModelReference(model: "twin", selector: .latest)),
            ("twin@latest", ModelReference(model: "twin", selector: .latest)),
            ("twin/3", ModelReference(model: "twin", selector: .version(3))),
            ("twin@3", ModelReference(model: "twin", selector: .version(3))),
            ("twin@production", ModelReference(model: "twin", selector: .alias("production"))),
            ("sft.model@candidate-2", ModelReference(model: "sft.model", selector: .alias("candidate-2"))),
        ])
    func parses(text: String, expected: ModelReference) throws {
        #expect(try ModelReference(parsing: text) == expected)
    }

    @Test(
        "paths and malformed names are not references",
        arguments: ["models/base.gguf", "./twin", "/abs/model", "twin/0", "twin@", "@production", "twin@two words", "", "3d"])
    func rejects(text: String) {
        #expect(!ModelReference.looksLikeReference(text))
    }

    @Test("the error says what is wrong and how a reference is written")
    func errors() {
        let error = #expect(throws: RegistryError.self) { try ModelReference(parsing: "twin/x") }
        #expect(error?.description == "'twin/x' is not a model reference: after '/' comes a version number, like twin/3")
        #expect(error?.hint == "name a registered model version as twin (the newest), twin/3 or twin@production")
    }

    @Test("model and alias names")
    func names() {
        #expect(ModelName.problem(model: "sft.model") == nil)
        #expect(ModelName.problem(model: "_private.model") == nil)
        #expect(ModelName.problem(model: "a/b") != nil)
        #expect(ModelName.problem(alias: "production") == nil)
        #expect(ModelName.problem(alias: "latest") == "'latest' means the newest version and cannot be an alias")
        #expect(ModelName.problem(alias: "v.2") == "'v.2' is not an alias (write a letter, then letters, digits, '_' and '-')")
    }

    @Test("resolution names what is missing: the model, the version or the alias")
    func resolution() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        try fixture.publishModel(weights: "1", registerAs: "twin")
        try fixture.publishModel(weights: "2", registerAs: "twin")
        #expect(try fixture.store.resolveModel("twin").version == 2)
        #expect(try fixture.store.resolveModel("twin/1").version == 1)
        let alias = #expect(throws: StoreError.self) { try fixture.store.resolveModel("twin@production") }
        #expect(
            alias?.description
                == "no alias matches 'twin@production' (twin has no aliases yet: `orchestrate models promote twin VERSION --alias production`)"
        )
        #expect(throws: StoreError.self) { try fixture.store.resolveModel("ghost") }
    }
}
