import ArtifactStore
import Testing

@Suite("JSONText")
struct JSONTextTests {
    @Test("the compact form sorts keys by their UTF-8 bytes and has no whitespace")
    func compactSortsKeys() {
        let value: JSONValue = ["b": 3, "a": 2, "B": 1, "nested": ["z": [1, 2], "y": [:]]]
        #expect(JSONText.compact(value) == #"{"B":1,"a":2,"b":3,"nested":{"y":{},"z":[1,2]}}"#)
    }

    @Test("the compact form does not depend on the order a dictionary was built in")
    func compactIgnoresInsertionOrder() {
        var first: [String: JSONValue] = [:]
        var second: [String: JSONValue] = [:]
        for key in ["alpha", "beta", "gamma", "delta", "epsilon"] { first[key] = .string(key) }
        for key in ["epsilon", "delta", "gamma", "beta", "alpha"] { second[key] = .string(key) }
        #expect(JSONText.compact(.object(first)) == JSONText.compact(.object(second)))
    }

    @Test(
        "integers and floating-point numbers keep their own forms",
        arguments: [
            (JSONValue.int(1), "1"), (.double(1), "1.0"), (.int(-42), "-42"), (.double(2.5), "2.5"),
            (.double(-0.125), "-0.125"), (.double(1e20), "1e+20"),
        ])
    func numbersKeepTheirType(value: JSONValue, text: String) {
        #expect(JSONText.compact(value) == text)
    }

    @Test("non-finite numbers are written as null rather than as invalid JSON")
    func nonFiniteNumbersAreNull() {
        #expect(JSONText.compact([.double(.infinity), .double(-.infinity), .double(.nan)]) == "[null,null,null]")
    }

    @Test("scalars and empty containers have their literal forms")
    func scalars() {
        #expect(JSONText.compact([nil, true, false, "", [], [:]]) == #"[null,true,false,"",[],{}]"#)
    }

    @Test("strings escape quotes, backslashes and control characters and keep other text as is")
    func stringEscaping() {
        let text = "say \"hi\" \\ line\nnext\ttab\rcr \u{07}bell é/ü 🙂"
        #expect(JSONText.compact(.string(text)) == #""say \"hi\" \\ line\nnext\ttab\rcr \u0007bell é/ü 🙂""#)
    }

    @Test("keys are escaped like strings")
    func keyEscaping() {
        #expect(JSONText.compact(["a\"b": 1]) == #"{"a\"b":1}"#)
    }

    @Test("the pretty form indents by two spaces and sorts keys")
    func pretty() {
        let value: JSONValue = ["b": [1, "x"], "a": [:]]
        #expect(JSONText.pretty(value) == "{\n  \"a\": {},\n  \"b\": [\n    1,\n    \"x\"\n  ]\n}")
    }

    @Test("parsing the compact form gives back the same value")
    func parseRoundTrip() throws {
        let value: JSONValue = [
            "count": 3, "ratio": 0.25, "negative": -7, "name": "quote \" and \\ and \n", "flag": true, "nothing": nil,
            "list": [1, 2.5, "three", [false]], "map": ["inner": ["deep": 1]],
        ]
        #expect(try JSONText.parse(JSONText.compact(value)) == value)
        #expect(try JSONText.parse(JSONText.pretty(value)) == value)
    }

    @Test("parsing keeps integers as integers and fractions as doubles")
    func parseKeepsTypes() throws {
        #expect(try JSONText.parse("1") == .int(1))
        #expect(try JSONText.parse("2.5") == .double(2.5))
        #expect(try JSONText.parse(#"{"a":[1,"1",true]}"#) == ["a": [1, "1", true]])
    }

    @Test("a whole-number double survives a round trip through text")
    func wholeDoubleRoundTrip() throws {
        // JSONDecoder reads `1.0` as an Int, so the parsed value is .int(1) and the type is lost.
        let parsed = try JSONText.parse(JSONText.compact(.double(1)))
        do {
            #expect(parsed == .double(1))
        }
    }

    @Test("text that is not JSON is rejected")
    func parseRejectsInvalidText() {
        #expect(throws: (any Error).self) { try JSONText.parse("{\"a\": }") }
        #expect(throws: (any Error).self) { try JSONText.parse("") }
    }
}
