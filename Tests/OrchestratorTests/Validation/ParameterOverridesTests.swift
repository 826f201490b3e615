import ArtifactStore
import Orchestrator
import Testing

@Suite("ParameterOverrides")
struct ParameterOverridesTests {
    private let spec = try! SpecParser.parse(
        """
        name: demo
        parameters:
          size: 1000
          ratio: 0.5
          flag: true
          name: docs
          sizes: [1, 2]
          options: { a: 1 }
          nothing: ~
        steps:
          a: { uses: noop }
        """, file: "demo.yaml")

    private func apply(_ key: String, _ value: String) throws -> JSONValue? {
        try ParameterOverrides.apply([(key, value)], to: spec)[key]
    }

    @Test("without overrides the defaults are the parameters")
    func defaults() throws {
        #expect(try ParameterOverrides.apply([], to: spec) == spec.parameterDefaults)
    }

    @Test("an override is parsed as its default's type")
    func conversions() throws {
        #expect(try apply("size", "500") == .int(500))
        #expect(try apply("ratio", "2") == .double(2))
        #expect(try apply("ratio", "0.75") == .double(0.75))
        #expect(try apply("flag", "false") == .bool(false))
        #expect(try apply("flag", "yes") == .bool(true))
        #expect(try apply("flag", "0") == .bool(false))
        #expect(try apply("name", "42") == .string("42"))
        #expect(try apply("sizes", "[3, 4]") == [3, 4])
        #expect(try apply("options", #"{"b": "x"}"#) == ["b": "x"])
    }

    @Test("a parameter whose default is null takes the override's YAML type")
    func nullDefault() throws {
        #expect(try apply("nothing", "42") == .int(42))
        #expect(try apply("nothing", "text") == .string("text"))
    }

    @Test("other parameters keep their defaults")
    func othersKeepDefaults() throws {
        let values = try ParameterOverrides.apply([("size", "1")], to: spec)
        #expect(values["ratio"] == .double(0.5))
        #expect(values["name"] == "docs")
    }

    @Test(
        "a value that does not fit the default's type is refused with both shown",
        arguments: [
            ("size", "big", "parameter 'size' must be a whole number (its default is 1000), got 'big'"),
            ("size", "1.5", "parameter 'size' must be a whole number (its default is 1000), got '1.5'"),
            ("ratio", "half", "parameter 'ratio' must be a number (its default is 0.5), got 'half'"),
            ("flag", "maybe", "parameter 'flag' must be true or false (its default is true), got 'maybe'"),
            ("sizes", #"{"a": 1}"#, #"parameter 'sizes' must be a JSON list (its default is [1,2]), got '{"a": 1}'"#),
            ("options", "[1]", #"parameter 'options' must be a JSON map (its default is {"a":1}), got '[1]'"#),
        ])
    func typeMismatch(key: String, value: String, message: String) {
        let error = #expect(throws: ParameterOverrides.Failure.self) { try apply(key, value) }
        #expect(error?.description == message)
    }

    @Test("an unknown parameter is refused with a suggestion or the list of parameters")
    func unknownParameter() throws {
        let typo = #expect(throws: ParameterOverrides.Failure.self) { try apply("szie", "1") }
        #expect(typo?.description == "pipeline 'demo' has no parameter 'szie' (did you mean 'size'?)")

        let unknown = #expect(throws: ParameterOverrides.Failure.self) { try apply("zzzzz", "1") }
        #expect(
            unknown?.description
                == "pipeline 'demo' has no parameter 'zzzzz' (it has: size, ratio, flag, name, sizes, options, nothing)")

        let bare = try SpecParser.parse("name: bare\nsteps:\n  a: { uses: noop }\n", file: "bare.yaml")
        let none = #expect(throws: ParameterOverrides.Failure.self) { try ParameterOverrides.apply([("x", "1")], to: bare) }
        #expect(none?.description == "pipeline 'bare' has no parameter 'x' (it declares none)")
    }
}
