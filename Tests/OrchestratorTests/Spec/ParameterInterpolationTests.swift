import ArtifactStore
import Orchestrator
import Testing

@Suite("ParameterInterpolation")
struct ParameterInterpolationTests {
    private let parameters: [String: JSONValue] = ["size": 1000, "ratio": 0.5, "name": "docs", "tags": ["a", "b"], "on": true]

    @Test("a value that is exactly one reference takes the parameter's value and type")
    func wholeValueKeepsType() throws {
        #expect(try ParameterInterpolation.resolve(.string("${params.size}"), with: parameters) == .int(1000))
        #expect(try ParameterInterpolation.resolve(.string("${ params.ratio }"), with: parameters) == .double(0.5))
        #expect(try ParameterInterpolation.resolve(.string("${params.tags}"), with: parameters) == ["a", "b"])
        #expect(try ParameterInterpolation.resolve(.string("${params.on}"), with: parameters) == .bool(true))
    }

    @Test("a reference inside longer text is replaced by the value's text")
    func insideTextBecomesText() throws {
        #expect(try ParameterInterpolation.resolve(.string("size=${params.size}"), with: parameters) == "size=1000")
        #expect(
            try ParameterInterpolation.resolve(.string("${params.name}/${params.tags}"), with: parameters) == #"docs/["a","b"]"#)
        #expect(try ParameterInterpolation.resolve(" ${params.size}", with: parameters) == " 1000")
    }

    @Test("lists and maps are interpolated element by element; other values pass through")
    func nested() throws {
        let value: JSONValue = ["list": ["${params.size}", "n=${params.name}", 3], "flag": false, "none": nil]
        #expect(
            try ParameterInterpolation.resolve(value, with: parameters) == [
                "list": [1000, "n=docs", 3], "flag": false, "none": nil,
            ])
    }

    @Test("shell variables are left alone")
    func shellVariables() throws {
        let script = #"cat "$INPUT_x" ${HOME} ${OUTPUT_y} > out"#
        #expect(try ParameterInterpolation.resolve(script, with: parameters) == script)
        #expect(ParameterInterpolation.references(in: script).isEmpty)
    }

    @Test("an unknown parameter is an error that names it")
    func unknownParameter() {
        let error = #expect(throws: ParameterInterpolation.UnknownParameter.self) {
            try ParameterInterpolation.resolve(.string("x ${params.missing}"), with: parameters)
        }
        #expect(error?.name == "missing")
        #expect(throws: ParameterInterpolation.UnknownParameter.self) {
            try ParameterInterpolation.resolve(.string("${params.missing}"), with: parameters)
        }
    }

    @Test("references are listed in order of appearance, map keys sorted")
    func references() {
        #expect(ParameterInterpolation.references(in: "${params.b} and ${params.a} and ${params.b}") == ["b", "a", "b"])
        #expect(
            ParameterInterpolation.references(in: ["z": "${params.last}", "a": ["${params.first}"], "n": 1]) == ["first", "last"])
    }
}
