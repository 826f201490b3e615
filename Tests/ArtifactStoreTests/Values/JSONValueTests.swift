import ArtifactStore
import Testing

@Suite("JSONValue")
struct JSONValueTests {
    @Test("type names are the ones error messages print")
    func typeNames() {
        let values: [JSONValue] = [nil, true, 1, 1.5, "x", [], [:]]
        #expect(values.map(\.typeName) == ["null", "bool", "int", "number", "string", "list", "map"])
    }

    @Test("typed accessors convert only where no information is lost")
    func accessors() {
        #expect(JSONValue.int(3).doubleValue == 3)
        #expect(JSONValue.double(3).intValue == 3)
        #expect(JSONValue.double(3.5).intValue == nil)
        #expect(JSONValue.string("3").intValue == nil)
        #expect(JSONValue.int(1).boolValue == nil)
        #expect(JSONValue.object(["k": 1])["k"] == .int(1))
        #expect(JSONValue.array([1])["k"] == nil)
    }

    @Test("interpolation text keeps strings bare and writes everything else as compact JSON")
    func interpolationText() {
        #expect(JSONValue.string("a b").interpolationText == "a b")
        #expect(JSONValue.int(1000).interpolationText == "1000")
        #expect(JSONValue.double(0.5).interpolationText == "0.5")
        #expect(JSONValue.array(["a", 1]).interpolationText == #"["a",1]"#)
        #expect(JSONValue.bool(true).interpolationText == "true")
    }
}
