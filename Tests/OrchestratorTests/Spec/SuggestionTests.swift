import Testing

@testable import Orchestrator

@Suite("Suggestion")
struct SuggestionTests {
    @Test(
        "edit distance counts insertions, deletions and substitutions",
        arguments: [
            ("kitten", "sitting", 3), ("", "abc", 3), ("abc", "", 3), ("same", "same", 0), ("clen", "clean", 1),
            ("cleann", "clean", 1), ("chunk", "chink", 1),
        ])
    func editDistance(a: String, b: String, distance: Int) {
        #expect(Suggestion.editDistance(a, b) == distance)
        #expect(Suggestion.editDistance(b, a) == distance)
    }

    @Test("an adjacent transposition counts as one edit", arguments: [("claen", "clean"), ("ab", "ba"), ("stpes", "steps")])
    func transposition(a: String, b: String) {
        #expect(Suggestion.editDistance(a, b) == 1)
    }

    @Test("a transposition does not make unrelated strings close")
    func transpositionIsNotFree() {
        // "yxy" → "xyx" needs two edits (every position differs and the lengths are equal).
        do {
            #expect(Suggestion.editDistance("yxy", "xyx") == 2)
            #expect(Suggestion.closest(to: "yxy", in: ["xyx"]) == nil)
        }
    }

    @Test("the closest candidate within reach is suggested, ignoring case")
    func closest() {
        #expect(Suggestion.closest(to: "claen", in: ["chunk", "clean", "crawl"]) == "clean")
        #expect(Suggestion.closest(to: "CLEAN", in: ["clean"]) == "clean")
        #expect(Suggestion.closest(to: "chunks", in: ["chunk", "chunky"]) == "chunk")
    }

    @Test("nothing is suggested when every candidate is too far")
    func tooFar() {
        #expect(Suggestion.closest(to: "embed", in: ["clean", "chunk"]) == nil)
        #expect(Suggestion.closest(to: "ab", in: ["xyz"]) == nil)
        #expect(Suggestion.closest(to: "anything", in: [String]()) == nil)
    }

    @Test("the allowed distance grows with the word's length")
    func reachGrowsWithLength() {
        #expect(Suggestion.closest(to: "abc", in: ["xbc"]) == "xbc")
        #expect(Suggestion.closest(to: "abc", in: ["xyc"]) == nil)
        #expect(Suggestion.closest(to: "abcdef", in: ["xycdef"]) == "xycdef")
        #expect(Suggestion.closest(to: "abcdef", in: ["xyzdef"]) == nil)
    }

    @Test("words shorter than three letters get no suggestion")
    func shortWords() {
        #expect(Suggestion.closest(to: "ab", in: ["xb", "abc"]) == nil)
        #expect(Suggestion.closest(to: "x", in: ["y"]) == nil)
    }

    @Test("a hint reads \"did you mean '…'?\"")
    func hint() {
        #expect(Suggestion.hint(for: "stpes", in: ["name", "steps"]) == "did you mean 'steps'?")
        #expect(Suggestion.hint(for: "zzzzzz", in: ["name", "steps"]) == nil)
    }
}
